"""The inventory as a terminal table, JSON, a Markdown table or one self-contained HTML page.

Every format shows the same columns (``COLUMNS``), each cell written by one
function from the folder's record. Whatever a manifest holds is data: it reaches
a terminal inert, Markdown escaped and HTML escaped, and the HTML page loads
nothing (its Content-Security-Policy allows its own style and the one script
whose digest it names, and no connection).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from collections.abc import Callable
from typing import Any

from generator import __version__
from generator.folder.inventory import Record
from generator.render.markdown import markdown_text
from generator.shown import inert

FORMATS = ("table", "json", "markdown", "html")
# What AWS keeps without a recovery period: "the default of 35 days" (DynamoDB developer guide,
# "Point-in-time recovery for DynamoDB").
DEFAULT_PITR_DAYS = 35


def _units(read: Any, write: Any) -> str:
    return f"{read} R / {write} W"


def _capacity(record: Record) -> str:
    capacity = record.capacity
    if not capacity:
        return ""
    if record.billing_mode == "PROVISIONED":
        text = _units(capacity["read"], capacity["write"])
        scaling = capacity.get("autoscaling")
        if scaling:
            text += (
                f", autoscaled to {_units(scaling['read_max'], scaling['write_max'])}"
                f" at {scaling['read_target']}% / {scaling['write_target']}%"
            )
        for name, own in capacity.get("indexes", {}).items():
            text += f"; {name}: " + _units(own.get("read_capacity", "="), own.get("write_capacity", "="))
            if scaling and ("autoscaling_read_max_capacity" in own or "autoscaling_write_max_capacity" in own):
                maximum = _units(
                    own.get("autoscaling_read_max_capacity", "="), own.get("autoscaling_write_max_capacity", "=")
                )
                text += f" to {maximum}"
        return text
    read, write = capacity["max_read_request_units"], capacity["max_write_request_units"]
    if read is None and write is None:
        return "no limit"
    return "at most " + _units("-" if read is None else read, "-" if write is None else write)


def _pitr(record: Record) -> str:
    pitr = record.point_in_time_recovery
    if not pitr:
        return ""
    if not pitr["enabled"]:
        return "off"
    return f"on, {pitr['days']} days" if pitr["days"] is not None else f"on, {DEFAULT_PITR_DAYS} days (AWS default)"


def _alarms(record: Record) -> str:
    alarms = record.alarms
    if not alarms:
        return ""
    if not alarms["count"]:
        return "off"
    topic = alarms["topic"]
    return f"{alarms['count']}, {'to ' + topic if topic else 'no topic'}"


def _backup(record: Record) -> str:
    backup = record.backup
    if record.status == "error" and backup is None:
        return ""
    if not backup:
        return "off"
    text = f"{backup.get('schedule')}, kept {backup.get('retention_days') or 'forever'}"
    if backup.get("retention_days"):
        text += " days"
    if backup.get("copy_to_vault_arn"):
        text += ", copied"
    return text


def _on_off(value: bool, record: Record) -> str:
    return "" if record.status == "error" else ("on" if value else "off")


# Each column: its heading, and its cell from a record.
COLUMNS: tuple[tuple[str, Callable[[Record], str]], ...] = (
    ("Folder", lambda record: record.folder),
    ("Profile", lambda record: record.profile),
    ("Design", lambda record: record.design),
    ("Table name", lambda record: record.table_name),
    ("Billing", lambda record: record.billing_mode),
    ("Capacity", _capacity),
    ("Global indexes", lambda record: ", ".join(record.global_indexes) or ("-" if record.design else "")),
    ("Local indexes", lambda record: ", ".join(record.local_indexes) or ("-" if record.design else "")),
    ("PITR", _pitr),
    ("Alarms", _alarms),
    ("Dashboard", lambda record: _on_off(record.dashboard, record)),
    ("Backup", _backup),
    ("Provider", lambda record: str(record.aws_provider) if record.aws_provider else ""),
    ("ddbgen", lambda record: record.generator_version),
    ("Status", lambda record: record.status if record.error is None else f"error: {record.error}"),
)


def cells(record: Record) -> list[str]:
    return [cell(record) for _heading, cell in COLUMNS]


def as_table(records: list[Record]) -> str:
    """Aligned columns for a terminal; every cell inert, one line."""
    rows = [[heading for heading, _cell in COLUMNS]] + [[inert(text) for text in cells(record)] for record in records]
    widths = [max(len(row[column]) for row in rows) for column in range(len(COLUMNS))]
    lines = ["  ".join(text.ljust(width) for text, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    return "\n".join(lines) + "\n"


def as_json(records: list[Record]) -> str:
    return json.dumps([record.as_dict() for record in records], indent=2, ensure_ascii=False) + "\n"


def as_markdown(records: list[Record]) -> str:
    """A GitHub-flavoured Markdown table: every cell escaped, so nothing a manifest holds becomes syntax."""
    lines = [
        "| " + " | ".join(heading for heading, _cell in COLUMNS) + " |",
        "|" + "---|" * len(COLUMNS),
    ]
    lines += ["| " + " | ".join(markdown_text(text) for text in cells(record)) + " |" for record in records]
    return "\n".join(lines) + "\n"


# Sorts the table by the clicked heading (again: the other way), numbers as numbers;
# a #sort=<column>[:desc] fragment in the address sorts it on load, so a link can share a view.
_SCRIPT = """
(function () {
  var table = document.getElementById("inventory");
  var body = table.tBodies[0];
  var headings = table.tHead.rows[0].cells;
  function key(row, column) {
    var text = row.cells[column].textContent;
    var number = Number(text);
    return text !== "" && !isNaN(number) ? number : text.toLowerCase();
  }
  function sort(column, descending) {
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a, column), y = key(b, column);
      var order = typeof x === typeof y ? (x < y ? -1 : x > y ? 1 : 0) : (typeof x === "number" ? -1 : 1);
      return descending ? -order : order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    for (var i = 0; i < headings.length; i++) {
      headings[i].setAttribute("aria-sort", i === column ? (descending ? "descending" : "ascending") : "none");
    }
  }
  for (var i = 0; i < headings.length; i++) {
    headings[i].addEventListener("click", (function (column) {
      return function () { sort(column, headings[column].getAttribute("aria-sort") === "ascending"); };
    })(i));
  }
  var wanted = /^#sort=([a-z-]+)(:desc)?$/.exec(window.location.hash);
  if (wanted) {
    for (var j = 0; j < headings.length; j++) {
      if (headings[j].dataset.column === wanted[1]) { sort(j, Boolean(wanted[2])); }
    }
  }
})();
"""

_STYLE = """
body { font: 14px/1.4 "DejaVu Sans", sans-serif; margin: 16px; color: #1b1f24; background: #ffffff; }
h1 { font-size: 18px; margin: 0 0 4px; }
p { margin: 0 0 12px; color: #57606a; }
table { border-collapse: collapse; }
th, td { border: 1px solid #d0d7de; padding: 6px 8px; text-align: left; vertical-align: top; }
th { background: #24292f; color: #ffffff; cursor: pointer; white-space: nowrap; }
th[aria-sort="ascending"]::after { content: " \\25B2"; }
th[aria-sort="descending"]::after { content: " \\25BC"; }
tbody tr:nth-child(odd) { background: #ddf4ff; }
tbody tr:nth-child(even) { background: #fff8c5; }
td.drift { color: #9a6700; font-weight: bold; }
td.error { color: #cf222e; font-weight: bold; }
"""


def _column_id(heading: str) -> str:
    return heading.lower().replace(" ", "-")


def _csp_hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def as_html(records: list[Record], title: str) -> str:
    """One page, nothing to fetch: the table, its style and its sorting script inline."""
    escape = html.escape
    heads = "".join(
        f'<th scope="col" data-column="{_column_id(heading)}" aria-sort="none">{escape(heading)}</th>'
        for heading, _cell in COLUMNS
    )
    rows = []
    for record in records:
        texts = cells(record)
        status_class = record.status if record.status in ("drift", "error") else "clean"
        row = "".join(f"<td>{escape(inert(text))}</td>" for text in texts[:-1])
        row += f'<td class="{status_class}">{escape(inert(texts[-1]))}</td>'
        rows.append(f"<tr>{row}</tr>")
    counts = {status: sum(record.status == status for record in records) for status in ("clean", "drift", "error")}
    summary = f"{len(records)} modules: {counts['clean']} clean, {counts['drift']} drift, {counts['error']} errors"
    # ddbgen's own text, with no double quote: it goes into the attribute as it is.
    policy = (
        f"default-src 'none'; style-src '{_csp_hash(_STYLE)}'; script-src '{_csp_hash(_SCRIPT)}'; "
        "img-src 'none'; connect-src 'none'; form-action 'none'; base-uri 'none'"
    )
    body_rows = "\n".join(rows)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="ddbgen {escape(__version__)}">
<title>{escape(inert(title))}</title>
<style>{_STYLE}</style>
</head>
<body>
<h1>{escape(inert(title))}</h1>
<p>{escape(summary)}. Click a heading to sort.</p>
<table id="inventory">
<thead><tr>{heads}</tr></thead>
<tbody>
{body_rows}
</tbody>
</table>
<script>{_SCRIPT}</script>
</body>
</html>
"""


def formatted(records: list[Record], output_format: str, title: str) -> str:
    """The inventory in ``output_format`` (one of ``FORMATS``)."""
    if output_format == "json":
        return as_json(records)
    if output_format == "markdown":
        return as_markdown(records)
    if output_format == "html":
        return as_html(records, title)
    return as_table(records)
