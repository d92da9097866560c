"""Source checks: user-visible text in the window goes through gettext, in extractable form."""

from __future__ import annotations

import ast
from pathlib import Path

import lettermanager

PACKAGE = Path(lettermanager.__file__).parent
UI = PACKAGE / "ui"

# Qt calls whose string arguments the user reads.
TEXT_CALLS = {
    "setWindowTitle", "setText", "setToolTip", "setStatusTip", "setWhatsThis",
    "setPlaceholderText", "setTitle", "addAction", "addMenu", "setHeaderLabels",
    "setHorizontalHeaderLabels", "showMessage", "setLabelText", "setInformativeText",
    "setDetailedText", "addTab", "insertTab", "setTabText", "setTabToolTip", "setSuffix",
    "setPrefix", "setSpecialValueText", "setAccessibleName", "setPlainText", "addRow",
    "setButtonText", "addButton", "setItemText", "setCancelButtonText", "critical",
    "information", "question", "about", "getOpenFileName", "getSaveFileName",
    "getExistingDirectory", "QLabel", "QPushButton", "QAction", "QCheckBox", "QRadioButton",
    "QGroupBox", "QToolButton", "QMessageBox", "QMenu", "QProgressDialog",
}
# Text that is the same in every language.
UNTRANSLATED = {"LetterManager", "https://…"}


def _call_name(node: ast.Call) -> str | None:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)


def _has_words(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
        for same_everywhere in UNTRANSLATED:
            text = text.replace(same_everywhere, "")
        return any(c.isalpha() for c in text)
    if isinstance(node, ast.JoinedStr):
        return any(_has_words(part) for part in node.values)
    if isinstance(node, ast.BinOp):
        return _has_words(node.left) or _has_words(node.right)
    return False


def _calls(folder: Path):
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                yield path, node


def bare_texts(folder: Path = UI) -> list[str]:
    """Qt text calls given English words directly instead of _("...")."""
    found = []
    for path, node in _calls(folder):
        name = _call_name(node)
        if name in TEXT_CALLS and not (name == "warning" and isinstance(node.func, ast.Name)):
            for arg in [*node.args, *(keyword.value for keyword in node.keywords)]:
                if _has_words(arg):
                    found.append(f"{path.name}:{node.lineno}: {name}("
                                 f"{ast.unparse(arg)[:60]})")
    return found


def _built(node: ast.AST) -> bool:
    """A string put together in place: f"...", "a" + b, "...".format(...), "..." % x."""
    if isinstance(node, ast.JoinedStr | ast.BinOp):
        return True
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "format")


def unextractable(folder: Path = PACKAGE) -> list[str]:
    """_()/ngettext() calls whose message is built (f-string, "+", .format(), %) inside the call:
    extraction cannot see it and no catalog entry can match. A variable is fine: it holds a
    string marked with N_() where it is defined."""
    found = []
    for path, node in _calls(folder):
        name = _call_name(node)
        if not isinstance(node.func, ast.Name) or name not in {"_", "ngettext", "N_"}:
            continue
        messages = node.args[:2 if name == "ngettext" else 1]
        if any(_built(arg) for arg in messages):
            found.append(f"{path.name}:{node.lineno}: {ast.unparse(node)[:70]}")
    return found


def test_window_text_goes_through_gettext():
    found = bare_texts()
    assert not found, "wrap these in _() (placeholders with .format(name=...)):\n" + "\n".join(
        found)


def test_messages_are_literals_that_extraction_sees():
    found = unextractable()
    assert not found, ("a message passed to _()/ngettext() must be a string literal "
                       "(or a variable holding an N_() string), never built in the call:\n"
                       + "\n".join(found))


def test_the_checks_see_mistakes(tmp_path):
    (tmp_path / "bad.py").write_text(
        "label.setText('Letters')\n"
        "box.setWindowTitle(f'Delete {name}?')\n"
        "label.setToolTip(_('Fine'))\n"
        "window.setWindowTitle(f'{title}[*] — LetterManager')\n"
        "x = _(f'Sent {when}')\n"
        "y = ngettext('One', 'Many ' + word, n)\n"
        "w = _(LABELS[value])\n"
        "v = _(LABELS.get(value, value))\n"
        "u = _('Sent {when}'.format(when=when))\n"
        "z = _('Sent {when}').format(when=when)\n", encoding="utf-8")
    assert len(bare_texts(tmp_path)) == 2
    assert len(unextractable(tmp_path)) == 3
