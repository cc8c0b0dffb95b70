"""The table's CloudWatch dashboard as data: its widgets, their metrics and their places on the grid.

``templates/dashboard.tf.j2`` writes ``aws_cloudwatch_dashboard.table`` from
these, and the module README draws the same layout (``layout``). The table and
each global index get one band of widgets (capacity and throttles, per unit);
the table alone gets request latency by operation, its errors, and replication
latency per replica. The throttle widgets show the metrics the module's throttle
alarms watch (``monitoring.ALARMS``), so a new cause there is a new line here.

CloudWatch lays a dashboard on a grid 24 units wide ("Dashboard Body Structure
and Syntax", CloudWatch API Reference: ``x`` 0 to 23, ``width`` 1 to 24).
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.profile import monitoring

GRID_WIDTH = 24
HALF = GRID_WIDTH // 2
HEIGHT = 6
# The period of every graph, in seconds: DynamoDB publishes its metrics each minute.
PERIOD = 60

# The operations SuccessfulRequestLatency is published for (DynamoDB Developer Guide, "DynamoDB
# metrics and dimensions": SuccessfulRequestLatency, dimensions TableName and Operation), PartiQL's
# included.
OPERATIONS = (
    "GetItem",
    "BatchGetItem",
    "Query",
    "Scan",
    "PutItem",
    "UpdateItem",
    "DeleteItem",
    "BatchWriteItem",
    "TransactGetItems",
    "TransactWriteItems",
    "ExecuteStatement",
    "BatchExecuteStatement",
    "ExecuteTransaction",
)


@dataclass(frozen=True)
class Widget:
    """One graph: ``kind`` says what it shows (the template builds its metrics), ``unit`` read or write."""

    key: str
    kind: str
    title: str
    x: int
    y: int  # within its band
    width: int
    height: int = HEIGHT
    unit: str | None = None


# Each target's band: capacity above throttles, reads left, writes right.
PER_TARGET = tuple(
    widget
    for column, unit in enumerate(monitoring.UNITS)
    for widget in (
        Widget(
            f"{unit}_capacity",
            "capacity",
            f"{unit} capacity, consumed and provisioned",
            column * HALF,
            0,
            HALF,
            unit=unit,
        ),
        Widget(
            f"{unit}_throttles",
            "throttles",
            f"{unit} requests throttled, by cause",
            column * HALF,
            HEIGHT,
            HALF,
            unit=unit,
        ),
    )
)
TARGET_BAND = 2 * HEIGHT

# The table's own band, below every target's.
TABLE_WIDE = (
    Widget("latency", "latency", "SuccessfulRequestLatency by operation (ms)", 0, 0, HALF),
    Widget("system_errors", "system_errors", "system errors (HTTP 500), every operation", HALF, 0, HALF // 2),
    Widget(
        "user_errors",
        "user_errors",
        "user errors (HTTP 400), the whole account and region",
        HALF + HALF // 2,
        0,
        HALF // 2,
    ),
)
TABLE_BAND = HEIGHT
# With replicas: one graph, the width of the grid, below the table's band.
REPLICATION = Widget("replication_latency", "replication", "replication latency to each replica (ms)", 0, 0, GRID_WIDTH)


@dataclass(frozen=True)
class ThrottleLine:
    """One line of a throttle graph: a metric the throttle alarms watch, and what it counts."""

    metric: str  # with monitoring.UNIT_PLACEHOLDER for Read or Write
    label: str


def throttle_lines() -> tuple[ThrottleLine, ...]:
    """Every throttle metric of the throttle alarms: all throttles first, then each cause."""
    lines = []
    for alarm in monitoring.of_scope(monitoring.TARGETS):
        name = alarm.metric.name
        if "Throttle" not in name:
            continue
        if alarm.units:
            lines.append(ThrottleLine(name, alarm.key.removesuffix("_throttle").replace("_", " ")))
        elif alarm.key.startswith("read_"):
            # read_throttle and write_throttle watch Read/WriteThrottleEvents: one line for both units.
            lines.append(ThrottleLine(name.replace("Read", monitoring.UNIT_PLACEHOLDER, 1), "all throttles"))
    return tuple(lines)


def target_order(index_keys: list[str]) -> list[str]:
    """The targets top to bottom: the table, then each global index by key (as Terraform's sort orders them)."""
    return ["table", *sorted(index_keys)]


def layout(index_keys: list[str], replicas: bool) -> list[tuple[int, str]]:
    """The dashboard's rows as the README draws them: (y, what the row holds, left to right)."""
    rows = []
    for band, target in enumerate(target_order(index_keys)):
        owner = "the table" if target == "table" else f"index {target}"
        for top in sorted({widget.y for widget in PER_TARGET}):
            widgets = [widget for widget in PER_TARGET if widget.y == top]
            rows.append((band * TARGET_BAND + top, " \u00b7 ".join(f"{owner}: {w.title} ({w.width})" for w in widgets)))
    table_top = len(target_order(index_keys)) * TARGET_BAND
    rows.append((table_top, " \u00b7 ".join(f"{w.title} ({w.width})" for w in TABLE_WIDE)))
    if replicas:
        rows.append((table_top + TABLE_BAND, f"{REPLICATION.title} ({REPLICATION.width}), with replica_regions only"))
    return rows
