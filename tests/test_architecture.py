"""Dependencies point one way: ui/cli -> store -> domain; domain uses nothing of ours; no Qt
below the ui."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "lettermanager"


def imported_modules(path: Path) -> set[str]:
    """Absolute names of what a module imports (relative imports resolved)."""
    package = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def _modules(layer: str) -> list[Path]:
    return sorted((PACKAGE / layer).rglob("*.py"))


@pytest.mark.parametrize("path", _modules("domain"), ids=lambda p: p.name)
def test_the_domain_uses_nothing_of_ours(path):
    ours = {name for name in imported_modules(path)
            if name.startswith("lettermanager") and not name.startswith("lettermanager.domain")}
    assert not ours, f"{path.name} imports {sorted(ours)}"


@pytest.mark.parametrize("path", _modules("store"), ids=lambda p: p.name)
def test_the_store_uses_only_the_domain_and_no_qt(path):
    names = imported_modules(path)
    wrong = {name for name in names
             if name.startswith("PySide6")
             or (name.startswith("lettermanager.") and not name.startswith(
                 ("lettermanager.domain", "lettermanager.store", "lettermanager.paths",
                  "lettermanager.resources")))}
    assert not wrong, f"{path.name} imports {sorted(wrong)}"


def test_relative_imports_are_resolved_to_module_names():
    records = PACKAGE / "domain" / "records.py"
    assert "lettermanager.domain.messages" in imported_modules(records)
