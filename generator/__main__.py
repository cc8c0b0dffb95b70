"""``python -m generator``: the same command as the ``ddbgen`` script."""

from generator.cli import main

if __name__ == "__main__":
    main()
