"""The package's layout tells the flow: imports between its parts point only the way the flow goes.

    profile (YAML)  ->  render (files in memory)  ->  folder (write, compare, change)
    live table      ->  adopt                     ->  profile

Each part may import the parts it stands on, never one that stands on it: render
and adopt stand on profile, folder on all three (``regenerate --live-table``
reads the table with adopt's AWS reader), the CLI on everything, and the
modules every part uses (errors, shown, reading, hcl, cache) on nothing of ddbgen's.
Imports inside functions count too: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "generator"

# The modules at the top of the package: each is used at every step of the flow.
SHARED = {"generator", "generator.errors", "generator.shown", "generator.reading", "generator.hcl", "generator.cache"}
ENTRY = {"generator.cli", "generator.__main__"}
SUBPACKAGES = ("profile", "render", "adopt", "folder")
# What each part may import besides itself.
MAY_IMPORT = {
    "shared": set(),
    "profile": {"shared"},
    "render": {"shared", "profile"},
    "adopt": {"shared", "profile"},
    "folder": {"shared", "profile", "render", "adopt"},
    "entry": {"shared", "profile", "render", "adopt", "folder"},
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _part(module: str) -> str:
    if module in SHARED:
        return "shared"
    if module in ENTRY:
        return "entry"
    for name in SUBPACKAGES:
        if module == f"generator.{name}" or module.startswith(f"generator.{name}."):
            return name
    raise AssertionError(f"{module} is in no part of the layout: put it in a subpackage, or name it in SHARED")


def _imports(path: Path, module: str) -> set[str]:
    """Every ddbgen module ``path`` imports, anywhere in it, as absolute names."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            found.add(base)
            # ``from generator.profile import catalogue`` imports the module catalogue.
            found |= {
                f"{base}.{alias.name}"
                for alias in node.names
                if (PACKAGE.parent / f"{base}.{alias.name}".replace(".", "/")).with_suffix(".py").exists()
            }
    return {name for name in found if name == "generator" or name.startswith("generator.")}


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def test_every_module_is_in_a_part():
    assert {_part(module) for module in MODULES} == set(MAY_IMPORT)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_point_the_way_the_flow_goes(module: str):
    part = _part(module)
    wrong = sorted(
        f"{module} ({part}) imports {imported} ({_part(imported)})"
        for imported in _imports(MODULES[module], module)
        if _part(imported) != part and _part(imported) not in MAY_IMPORT[part]
    )
    assert wrong == []


def test_nothing_imports_the_command_line():
    importers = sorted(
        module
        for module, path in MODULES.items()
        if module != "generator.__main__" and "generator.cli" in _imports(path, module)
    )
    assert importers == []


def test_the_layout_test_sees_imports():
    """The test can fail: it finds the imports the package is known to have, lazy ones included."""
    assert "generator.profile.catalogue" in _imports(MODULES["generator.profile.loader"], "generator.profile.loader")
    assert "generator.folder.changes" in _imports(MODULES["generator.folder.check"], "generator.folder.check")
    assert "generator.adopt.aws" in _imports(MODULES["generator.folder.live_indexes"], "generator.folder.live_indexes")
    assert _part("generator.render.render") == "render" and "render" not in MAY_IMPORT["profile"]


def _top_level_imports(path: Path) -> set[str]:
    """The ddbgen modules ``path`` imports when it is imported: its imports outside functions."""
    found = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("generator"):
            found |= {node.module or ""} | {f"{node.module}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return {name for name in found if name in MODULES and MODULES[name].name != "__init__.py"}


def test_no_import_circle_between_modules():
    graph = {module: _top_level_imports(path) - {module} for module, path in MODULES.items()}
    circles = []

    def visit(module: str, trail: list[str]) -> None:
        for imported in sorted(graph[module]):
            if imported in trail:
                circles.append(trail[trail.index(imported) :] + [imported])
            elif imported not in seen:
                seen.add(imported)
                visit(imported, [*trail, imported])

    seen: set[str] = set()
    for module in sorted(graph):
        if module not in seen:
            seen.add(module)
            visit(module, [module])
    assert circles == []
