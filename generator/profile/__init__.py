"""The profile side: what a profile may say, and the profile resolved and checked.

Reads YAML (``yaml_reading``), follows ``extends`` and ``--set`` (``loader``), and
checks every value against the one catalogue of the module's inputs
(``catalogue``, ``types``, ``rules``), the table's design (``design``), the
provider lines (``provider_lines``), ``moved_from`` (``moved``) and policy
documents (``policy``). Imports nothing from ``render``, ``folder`` or ``adopt``.
"""
