"""The folder side: module folders on disk, written, compared and changed.

``generate`` and ``regenerate`` plan the change against what a folder's manifest
records (``changes``, ``rerender``) and write (``vendor``); ``check`` compares
without writing. Imports the profile and render sides, and ``adopt``'s AWS
reader for ``regenerate --live-table``.
"""
