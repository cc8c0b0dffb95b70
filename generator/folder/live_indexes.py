"""The global indexes of a live table, for ``regenerate --live-table``: DescribeTable, read-only.

On AWS provider 5 with autoscaling, a change to the set of global indexes is
made outside Terraform (ddbgen prints the AWS CLI commands) and then
regenerated. The regenerate reads the table to know that the change is done:
each new index there, with the design's keys and projection, and ACTIVE; each
removed index gone. boto3 comes with the ``adopt`` extra, as for ``adopt``.
"""

from __future__ import annotations

from typing import Any

from generator.errors import DdbgenError
from generator.folder.changes import IndexOnTable


class LiveTableError(DdbgenError):
    """The live table named by --live-table cannot be read."""


def read_global_indexes(table_name: str, clients: Any = None) -> dict[str, tuple[IndexOnTable, str]]:
    """Each global index of table ``table_name``, by name: its keys and projection, and its status."""
    from generator.adopt.aws import Clients
    from generator.errors import AdoptError

    try:
        clients = clients or Clients()
        table = clients("dynamodb").describe_table(TableName=table_name)["Table"]
    except AdoptError as error:
        raise LiveTableError(f"--live-table {table_name}: {error}") from None
    except Exception as error:  # botocore's errors, imported only with boto3
        detail = getattr(error, "response", {}).get("Error", {}).get("Message") or str(error)
        raise LiveTableError(f"--live-table {table_name}: DescribeTable failed: {detail[:200]}") from None
    found = {}
    for index in table.get("GlobalSecondaryIndexes") or []:
        projection = index.get("Projection") or {}
        found[index["IndexName"]] = (
            IndexOnTable(
                index["IndexName"],
                tuple((key["AttributeName"], key["KeyType"]) for key in index.get("KeySchema") or []),
                (projection.get("ProjectionType", "?"), tuple(sorted(projection.get("NonKeyAttributes") or []))),
            ),
            index.get("IndexStatus", "ACTIVE"),
        )
    return found
