"""The app's own icons (resources/icons/*.svg)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QIcon

from ..paths import resource_dir


def icon_path(name: str) -> Path:
    return resource_dir() / "icons" / f"{name}.svg"


def icon(name: str) -> QIcon:
    """An icon by file name without extension; an empty icon if the file is missing."""
    path = icon_path(name)
    return QIcon(str(path)) if path.is_file() else QIcon()


def app_icon() -> QIcon:
    return icon("lettermanager")
