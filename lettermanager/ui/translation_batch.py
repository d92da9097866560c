"""Offline hand-off: export chosen translations to one batch file, and bring it back.

Importing first shows what the batch would do (which translations it updates, which are
conflicts and why: the original changed since the batch was made, or someone else finished
the translation meanwhile) and writes only when the user says so; then it shows what was done.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..i18n import _, ngettext
from ..store import translation_queue as tq
from ..store.errors import ImportRejected
from ..store.translations_list import TranslationRow
from .display import language_pair
from .exchange_flow import write_text_atomically
from .guards import if_alive
from .row_table import Column, RowTableModel, fit_section, setup_table
from .worker import DatabaseWorker

UPDATED, UNCHANGED, CONFLICT = "updated", "unchanged", "conflict"


@dataclass(frozen=True)
class BatchLine:
    translation_id: str
    letter: str
    languages: str
    outcome: str
    reason: str


def batch_lines(data: dict[str, Any], report: tq.BatchReport) -> list[BatchLine]:
    """The report, one line per translation, named by its letter's title (from the file)."""
    names: dict[str, tuple[str, str]] = {}
    for item in data.get("items") or []:
        translation, original = item.get("translation", {}), item.get("original", {})
        names[translation.get("id")] = (
            original.get("title") or _("(untitled letter)"),
            language_pair(translation.get("source_language"),
                          translation.get("target_language")))

    def line(translation_id: str, outcome: str, reason: str) -> BatchLine:
        letter, languages = names.get(translation_id, (translation_id, ""))
        return BatchLine(translation_id, letter, languages, outcome, reason)

    return ([line(t, UPDATED, "") for t in report.updated]
            + [line(t, CONFLICT, why) for t, why in report.conflicts]
            + [line(t, UNCHANGED, "") for t in report.unchanged])


def outcome_label(outcome: str, applied: bool) -> str:
    if outcome == UPDATED:
        return _("Updated") if applied else _("Will be updated")
    if outcome == CONFLICT:
        return _("Conflict: left as it is")
    return _("Unchanged")


class BatchReportDialog(QDialog):
    """The preview (with Import / Cancel) or the result (with Close) of a batch import.
    `import_requested()` when the user confirms the preview."""

    import_requested = Signal()

    def __init__(self, name: str, lines: list[BatchLine], *, applied: bool,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.lines = lines
        self.setWindowTitle(_("Import batch"))
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        updated = sum(line.outcome == UPDATED for line in lines)
        conflicts = sum(line.outcome == CONFLICT for line in lines)
        if applied:
            summary = ngettext("{name}: {n} translation updated.",
                               "{name}: {n} translations updated.", updated).format(
                name=name, n=updated)
        else:
            summary = ngettext("Importing {name} will update {n} translation.",
                               "Importing {name} will update {n} translations.",
                               updated).format(name=name, n=updated)
        if conflicts:
            summary += " " + ngettext(
                "{n} conflict is left as it is; see the reason below.",
                "{n} conflicts are left as they are; see the reasons below.",
                conflicts).format(n=conflicts)
        self.summary = QLabel(summary)
        self.summary.setWordWrap(True)
        self.model = RowTableModel([
            Column(_("Letter"), lambda line: line.letter),
            Column(_("Languages"), lambda line: line.languages),
            Column(_("Result"), lambda line: outcome_label(line.outcome, applied)),
            Column(_("Why"), lambda line: line.reason),
        ], self)
        self.model.set_rows(lines)
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table, sortable=False)
        fit_section(self.table, 0, 230)
        # languages and results are short: shown whole ("Русский → Английский")
        fit_section(self.table, 1, 150, *(line.languages for line in lines))
        fit_section(self.table, 2, 160, *(outcome_label(line.outcome, applied)
                                          for line in lines))
        if applied:
            self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
            self.buttons.rejected.connect(self.reject)
            self.import_button = None
        else:
            self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
            self.import_button = self.buttons.addButton(
                _("&Import"), QDialogButtonBox.ButtonRole.AcceptRole)
            self.import_button.setEnabled(updated > 0)
            self.buttons.accepted.connect(self._confirm)
            self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self.resize(960, 380)

    def _confirm(self) -> None:
        self.accept()
        self.import_requested.emit()


def export_batch_dialog(worker: DatabaseWorker, parent: QWidget, rows: list[TranslationRow],
                        translator: str | None) -> None:
    suggested = Path.home() / _("translations-{count}.json").format(count=len(rows))
    chosen, _filter = QFileDialog.getSaveFileName(
        parent, _("Export batch"), str(suggested), _("Translation batch (*.json)"))
    if not chosen:
        return
    path = Path(chosen)
    if not path.suffix:
        path = path.with_suffix(".json")
    ids = [row.id for row in rows]

    def operation(store) -> None:
        batch = tq.export_batch(store, ids, translator=translator)
        write_text_atomically(path, json.dumps(batch, ensure_ascii=False, indent=2), "utf-8")

    worker.submit(
        operation,
        on_done=if_alive(parent, lambda _r: QMessageBox.information(
            parent, _("Export batch"), ngettext(
                "{n} translation was saved to {path}.",
                "{n} translations were saved to {path}.", len(ids)).format(
                n=len(ids), path=path))),
        on_error=if_alive(parent, lambda error: QMessageBox.warning(
            parent, _("Export batch"), _("The batch could not be written to {path}: "
                                         "{reason}").format(path=path, reason=error))))


def import_batch_dialog(worker: DatabaseWorker, parent: QWidget) -> None:
    chosen, _filter = QFileDialog.getOpenFileName(
        parent, _("Import batch"), str(Path.home()),
        _("Translation batch (*.json);;All files (*)"))
    if chosen:
        flow = BatchImport(worker, parent, Path(chosen))
        parent.batch_import = flow  # type: ignore[attr-defined]  # kept alive while it runs
        flow.start()


class BatchImport:
    """Read the file, preview, import on confirmation, then show the result. The open
    dialog is kept as `parent.batch_dialog` (tests drive it)."""

    def __init__(self, worker: DatabaseWorker, parent: QWidget, path: Path):
        self.worker, self.parent, self.path = worker, parent, path
        self.data: Any = None

    def start(self) -> None:
        try:
            self.data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as error:
            self._fail(str(error))
            return
        data, name = self.data, self.path.name
        self.worker.submit(lambda store: tq.import_batch(store, data, source=name, apply=False),
                           on_done=if_alive(self.parent, self._preview),
                           on_error=if_alive(self.parent, self._rejected))

    def _preview(self, report: tq.BatchReport) -> None:
        dialog = self._show(report, applied=False)
        dialog.import_requested.connect(self._apply)

    def _apply(self) -> None:
        data, name = self.data, self.path.name
        self.worker.submit(lambda store: tq.import_batch(store, data, source=name),
                           on_done=if_alive(self.parent,
                                            lambda report: self._show(report, applied=True)),
                           on_error=if_alive(self.parent, self._rejected), writes=True)

    def _show(self, report: tq.BatchReport, *, applied: bool) -> BatchReportDialog:
        dialog = BatchReportDialog(self.path.name, batch_lines(self.data, report),
                                   applied=applied, parent=self.parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.parent.batch_dialog = dialog  # type: ignore[attr-defined]
        dialog.open()
        return dialog

    def _rejected(self, error: Exception) -> None:
        if isinstance(error, ImportRejected) and error.problems:
            self._fail("\n".join(error.problems[:10]))
        else:
            self._fail(str(error))

    def _fail(self, reason: str) -> None:
        QMessageBox.warning(self.parent, _("Import batch"), _(
            "{name} was not imported; nothing was changed.\n\n{reason}").format(
            name=self.path.name, reason=reason))
