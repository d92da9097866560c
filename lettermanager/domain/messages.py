"""The rules' messages, in the interface language once one is chosen.

The domain imports nothing else of the app, so the i18n package plugs its translation in here
when a language is chosen (`set_translator`). Until then (the command line) messages are English.
Strings are marked with `_()` so that the catalogs pick them up.
"""

from __future__ import annotations

from collections.abc import Callable


def _identity(message: str) -> str:
    return message


_translate: Callable[[str], str] = _identity


def set_translator(translate: Callable[[str], str] | None) -> None:
    """Translate messages with `translate` from now on (None: English again)."""
    global _translate
    _translate = translate or _identity


def _(message: str) -> str:
    return _translate(message)
