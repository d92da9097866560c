"""A small Russian catalog for the i18n tests, and a helper writing .po files."""

from __future__ import annotations

import os
from pathlib import Path

from lettermanager import i18n

RU_HEADER = '''msgid ""
msgstr ""
"Language: ru\\n"
"Plural-Forms: nplurals=3; plural=n % 10 == 1 && n % 100 != 11 ? 0 : n % "
"10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14) ? 1 : 2;\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=utf-8\\n"
"Content-Transfer-Encoding: 8bit\\n"

'''

RU_ENTRIES = '''msgid "Letters"
msgstr "Письма"

msgid "{count} letter"
msgid_plural "{count} letters"
msgstr[0] "{count} письмо"
msgstr[1] "{count} письма"
msgstr[2] "{count} писем"

#, fuzzy
msgid "Prisoners"
msgstr "Узники (не проверено)"
'''


def write_po(folder: Path, code: str, text: str, *, mtime: float | None = None) -> Path:
    path = folder / code / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path
