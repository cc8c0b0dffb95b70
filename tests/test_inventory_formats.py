"""The inventory page in a real browser: headless Chromium draws one table row per module, and sorts.

Chromium is Debian's ``chromium`` package (``apt-get install chromium``); the
test skips without it on a developer's machine and fails where
``DDBGEN_REQUIRE_CHROMIUM=1`` (``.ci/run`` installs it and sets that).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from generator.folder import vendor
from generator.folder.inventory import inventory
from generator.folder.inventory_formats import as_html
from generator.profile.loader import load_profile
from generator.render.render import render

from .tooling import chromium_binary

TIMEOUT_SECONDS = 120
# The page's colours (generator/folder/inventory_formats.py _STYLE): the heading row, odd and even rows.
HEADING = (0x24, 0x29, 0x2F)
ODD_ROW = (0xDD, 0xF4, 0xFF)
EVEN_ROW = (0xFF, 0xF8, 0xC5)
PAGE = (0xFF, 0xFF, 0xFF)
MODULES = {
    "billing/invoices": ("production", "notifications_table_name=invoices"),
    "billing/ledger": ("orders",),
    "identity/sessions": ("development",),
    "identity/users": ("staging",),
    "search/documents": ("default",),
    "search/orders-v5": ("orders", "aws_provider=5"),
    "zz/drifted": ("development",),
}


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("inventory")
    for folder, (profile, *overrides) in MODULES.items():
        vendor.write(root / folder, render(load_profile(profile, overrides), root / folder))
    (root / "zz" / "drifted" / "main.tf").write_text("# edited\n", encoding="utf-8")
    path = root / "inventory.html"
    path.write_text(as_html(inventory(root), "inventory"), encoding="utf-8")
    return path


def _chromium(*arguments: str) -> subprocess.CompletedProcess:
    # Root in a container has no user namespace for the sandbox; the page is ours and loads nothing.
    command = [chromium_binary(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", *arguments]
    finished = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
    assert finished.returncode == 0, finished.stderr[-2000:]
    return finished


def row_bands(png: Path) -> list[tuple[int, int, int]]:
    """The rows the screenshot shows, top to bottom, as the colour of each band down the table's first column."""
    from PIL import Image

    image = Image.open(png).convert("RGB")
    width, height = image.size
    pixels = image.load()
    corner = next(((x, y) for y in range(height) for x in range(width) if pixels[x, y] == HEADING), None)
    assert corner is not None, "no table heading in the screenshot"
    x = corner[0] + 2  # inside the cells' padding: no text there
    bands: list[tuple[int, int, int]] = []
    for y in range(corner[1], height):
        colour = pixels[x, y]
        if colour in (ODD_ROW, EVEN_ROW, HEADING, PAGE) and (not bands or bands[-1] != colour):
            bands.append(colour)
    return bands


def test_the_screenshot_shows_one_row_per_module(page, tmp_path):
    png = tmp_path / "inventory.png"
    _chromium("--window-size=1600,2400", f"--screenshot={png}", page.as_uri())
    bands = row_bands(png)
    # The heading, then rows alternating their two colours, then the page below the table.
    assert bands[0] == HEADING and bands[-1] == PAGE, bands
    rows = bands[1:-1]
    assert len(rows) == len(MODULES), bands
    assert rows == [ODD_ROW if number % 2 == 0 else EVEN_ROW for number in range(len(rows))]


def _first_cells(dom: str) -> list[str]:
    return re.findall(r"<tr><td>([^<]*)</td>", dom)


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("", sorted(MODULES)),
        ("#sort=folder:desc", sorted(MODULES, reverse=True)),
        # By text, descending: drift before clean; ties keep the folders' order.
        ("#sort=status:desc", ["zz/drifted", *sorted(set(MODULES) - {"zz/drifted"})]),
        ("#sort=provider", ["search/orders-v5", *sorted(set(MODULES) - {"search/orders-v5"})]),
    ],
)
def test_the_page_sorts_in_the_browser(page, fragment, expected):
    dom = _chromium("--dump-dom", page.as_uri() + fragment).stdout
    assert _first_cells(dom) == expected
