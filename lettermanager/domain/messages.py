"""The rules' messages, in the interface language once one is chosen.

The domain imports nothing else of the app, so the i18n package plugs its catalog in here when a
language is chosen (`set_translations`). Until then (the command line) messages are English.
Strings are marked with `_()` / `ngettext()` so that the catalogs pick them up.
"""

from __future__ import annotations

from typing import Protocol


class Catalog(Protocol):
    def gettext(self, message: str) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int) -> str: ...


class _English:
    def gettext(self, message: str) -> str:
        return message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return singular if n == 1 else plural


_catalog: Catalog = _English()


def set_translations(catalog: Catalog | None) -> None:
    """Translate messages with `catalog` from now on (None: English again)."""
    global _catalog
    _catalog = catalog or _English()


def _(message: str) -> str:
    return _catalog.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _catalog.ngettext(singular, plural, n)
