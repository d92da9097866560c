"""Callbacks that outlive their widget.

A worker callback arrives later on the GUI thread; by then the widget that asked may have been
closed and deleted (a dialog, a test's window). `if_alive(widget, fn)` drops the call then
instead of touching a deleted C++ object.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject


def is_alive(obj: QObject | None) -> bool:
    return obj is not None and shiboken6.isValid(obj)


def if_alive(obj: QObject, fn: Callable[..., Any]) -> Callable[..., Any]:
    def call(*args: Any) -> Any:
        if is_alive(obj):
            return fn(*args)
        return None

    return call
