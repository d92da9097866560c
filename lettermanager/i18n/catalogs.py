"""Maintaining the message catalogs with babel: `python -m lettermanager.i18n.catalogs CMD`.

    extract   scan lettermanager/ for _(), N_() and ngettext() and rewrite the .pot
    update    merge the .pot into every ru/uk/fr .po (translations and headers are kept)
    compile   write a .mo next to every .po (the build does this too; .mo are not committed)
    check     exit 1 when the .pot is out of date with the source

The same as `pybabel extract --no-location -k _ -k N_ -k ngettext:1,2 -o ...pot lettermanager`
then `pybabel update` / `pybabel compile`, without having to remember the options.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from . import DOMAIN, LOCALE_DIR

PACKAGE_DIR = Path(__file__).resolve().parent.parent
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
KEYWORDS = {**DEFAULT_KEYWORDS, "_": None, "N_": None, "ngettext": (1, 2)}
METHOD_MAP = [("**.py", "python")]


def extract(package_dir: Path = PACKAGE_DIR) -> Catalog:
    """A template catalog of every marked string in the package's Python files."""
    from .. import __version__

    catalog = Catalog(project="LetterManager", version=__version__, charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(package_dir), METHOD_MAP, keywords=KEYWORDS
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments,
                    context=context)
    return catalog


def msgids(catalog: Catalog) -> set[tuple[str | None, str | tuple[str, ...]]]:
    """The (context, id) of each message (a plural message's id is its (singular, plural))."""
    return {(message.context, message.id if isinstance(message.id, str) else tuple(message.id))
            for message in catalog if message.id}


def write_template(catalog: Catalog, path: Path = TEMPLATE) -> None:
    with open(path, "wb") as handle:
        write_po(handle, catalog, no_location=True)


def po_files(locale_dir: Path = LOCALE_DIR) -> Iterator[Path]:
    """Every language's .po, in a stable order."""
    yield from sorted(locale_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def read_catalog(path: Path) -> Catalog:
    language = path.parent.parent.name
    with open(path, "rb") as handle:
        return read_po(handle, locale=language if language != "*" else None, domain=DOMAIN)


def update(template_path: Path = TEMPLATE, locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Merge the template into every .po, keeping translations and headers (plural forms)."""
    with open(template_path, "rb") as handle:
        template = read_po(handle)
    updated = []
    for path in po_files(locale_dir):
        catalog = read_catalog(path)
        catalog.update(template)
        partial = path.with_name(path.name + ".partial")
        with open(partial, "wb") as handle:
            write_po(handle, catalog, no_location=True)
        partial.replace(path)
        updated.append(path)
    return updated


def compile_catalog(po_path: Path) -> bytes:
    """The .mo bytes of a .po file (fuzzy and untranslated entries are left out)."""
    buffer = BytesIO()
    write_mo(buffer, read_catalog(po_path))
    return buffer.getvalue()


def compile_all(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    written = []
    for path in po_files(locale_dir):
        target = path.with_suffix(".mo")
        target.write_bytes(compile_catalog(path))
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lettermanager.i18n.catalogs",
                                     description="Maintain LetterManager's message catalogs.")
    parser.add_argument("command", choices=("extract", "update", "compile", "check"))
    args = parser.parse_args(argv)
    if args.command == "extract":
        catalog = extract()
        write_template(catalog)
        print(f"{TEMPLATE}: {len(msgids(catalog))} messages")
    elif args.command == "update":
        for path in update():
            print(f"updated {path}")
    elif args.command == "compile":
        for path in compile_all():
            print(f"wrote {path}")
    else:
        with open(TEMPLATE, "rb") as handle:
            committed = msgids(read_po(handle))
        current = msgids(extract())
        if committed != current:
            print(f"{TEMPLATE} is out of date: {len(current - committed)} new, "
                  f"{len(committed - current)} gone; run `extract`", file=sys.stderr)
            return 1
        print(f"{TEMPLATE} is current")
    return 0


if __name__ == "__main__":
    sys.exit(main())
