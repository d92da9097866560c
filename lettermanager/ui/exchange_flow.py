"""File ▸ Export… and File ▸ Import…, run on the database worker.

An import is first tried as a dry run; the user sees what would change and confirms before
anything is written. A rejected file changes nothing and says why. A spreadsheet (.csv, .tsv)
opens the spreadsheet import dialog (csv_import_dialog) instead.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ..i18n import N_, _
from ..paths import DataPaths
from ..store.errors import ImportRejected
from ..store.exchange import ImportReport, export_csv, export_json, import_file
from .csv_import_dialog import open_csv_import
from .failure_text import error_reason
from .guards import if_alive
from .worker import DatabaseWorker

SECTION_NAMES = {
    "prisoners": N_("Prisoners"),
    "facilities": N_("Facilities"),
    "custody": N_("Custody stays"),
    "correspondents": N_("Correspondents"),
    "letters": N_("Letters"),
    "censorship_events": N_("Censorship events"),
    "translations": N_("Translations"),
}
MAX_PROBLEMS_SHOWN = 30
SPREADSHEET_SUFFIXES = (".csv", ".tsv")


def describe_report(report: ImportReport) -> list[str]:
    """The report in the interface language: one line per kind of record that changes."""
    lines = []
    for section, counts in report.sections.items():
        if not (counts.created or counts.updated or counts.kept_newer):
            continue
        parts = []
        if counts.created:
            parts.append(_("{n} new").format(n=counts.created))
        if counts.updated:
            parts.append(_("{n} updated").format(n=counts.updated))
        if counts.kept_newer:
            parts.append(_("{n} kept (this computer's copy is newer)").format(
                n=counts.kept_newer))
        lines.append(f"{_(SECTION_NAMES.get(section, section))}: {', '.join(parts)}")
    unchanged = sum(c.unchanged for c in report.sections.values())
    if unchanged:
        lines.append(_("{n} records are already here and unchanged.").format(n=unchanged))
    return lines


def write_text_atomically(path: Path, text: str, encoding: str) -> None:
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding=encoding, newline="")
    partial.replace(path)


class ExchangeFlow(QObject):
    """The export and import dialogs of one window. `finished(message)` reports success."""

    finished = Signal(str)

    def __init__(self, worker: DatabaseWorker, window: QWidget, paths: DataPaths | None = None):
        super().__init__(window)
        self.worker = worker
        self.window = window
        self.paths = paths  # needed for spreadsheets (the backup before the import)
        self.last_folder = Path.home()

    # --- export --------------------------------------------------------------------------------

    def export(self) -> None:
        json_filter = _("LetterManager export (*.json)")
        csv_filter = _("Letters as a spreadsheet (*.csv)")
        suggested = self.last_folder / f"lettermanager-{date.today().isoformat()}.json"
        chosen, selected_filter = QFileDialog.getSaveFileName(
            self.window, _("Export"), str(suggested), f"{json_filter};;{csv_filter}")
        if not chosen:
            return
        path = Path(chosen)
        as_csv = path.suffix.lower() == ".csv" or (
            selected_filter == csv_filter and path.suffix.lower() != ".json")
        if not path.suffix:
            path = path.with_suffix(".csv" if as_csv else ".json")
        self.last_folder = path.parent
        self.export_to(path, as_csv=as_csv)

    def export_to(self, path: Path, *, as_csv: bool = False) -> None:
        def operation(store) -> None:
            if as_csv:
                write_text_atomically(path, export_csv(store.db), "utf-8-sig")
            else:
                write_text_atomically(path, export_json(store.db), "utf-8")

        self.worker.submit(
            operation,
            on_done=if_alive(self, lambda _r: self.finished.emit(
                _("Exported to {path}").format(path=path))),
            on_error=if_alive(self, lambda exc: QMessageBox.warning(
                self.window, _("Export failed"),
                _("The export could not be written to {path}:\n\n{reason}").format(
                    path=path, reason=error_reason(exc)))),
        )

    # --- import --------------------------------------------------------------------------------

    def import_(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self.window, _("Import"), str(self.last_folder),
            ";;".join(self._import_filters()))
        if chosen:
            self.last_folder = Path(chosen).parent
            self.import_from(Path(chosen))

    def _import_filters(self) -> list[str]:
        both = _("LetterManager export or spreadsheet (*.json *.csv *.tsv)")
        json_only = _("LetterManager export (*.json)")
        spreadsheet = _("Spreadsheet saved as CSV (*.csv *.tsv *.txt)")
        every = _("All files (*)")
        if self.paths is None:
            return [json_only, every]
        return [both, json_only, spreadsheet, every]

    def import_from(self, path: Path) -> None:
        """Dry run, show the report, and import only when the user confirms. A spreadsheet
        opens its own dialog (preview, column mapping, report)."""
        if self.paths is not None and path.suffix.lower() in SPREADSHEET_SUFFIXES:
            self.import_spreadsheet(path)
            return
        self.worker.submit(
            lambda store: import_file(store.db, path, dry_run=True),
            on_done=if_alive(self, lambda report: self._confirm(path, report)),
            on_error=if_alive(self, lambda exc: self._rejected(path, exc)),
        )

    def import_spreadsheet(self, path: Path):
        """Open the spreadsheet import dialog for `path` (non-modal); returns it, or None when
        the file cannot be read (the user was told why)."""
        dialog = open_csv_import(self.window, self.worker, self.paths, path)
        if dialog is not None:
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
            dialog.imported.connect(self.finished)
            dialog.open()
        return dialog

    def _confirm(self, path: Path, report: ImportReport) -> None:
        if not report.changed:
            QMessageBox.information(
                self.window, _("Nothing to import"),
                _("Everything in {name} is already in this database.").format(name=path.name))
            return
        lines = describe_report(report)
        answer = QMessageBox.question(
            self.window, _("Import"),
            _("Importing {name} will make these changes:").format(name=path.name)
            + "\n\n" + "\n".join(lines) + "\n\n" + _("Import now?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Yes,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.worker.submit(
            lambda store: import_file(store.db, path),
            on_done=if_alive(self, lambda done: self.finished.emit(
                _("Imported {name}: {n} records written").format(
                    name=path.name, n=done.changed))),
            on_error=if_alive(self, lambda exc: self._rejected(path, exc)),
            writes=True,
        )

    def _rejected(self, path: Path, exc: Exception) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, _("Import failed"),
                          _("{name} was not imported; nothing was changed.").format(
                              name=path.name), QMessageBox.StandardButton.Ok, self.window)
        if isinstance(exc, ImportRejected) and exc.problems:
            shown = exc.problems[:MAX_PROBLEMS_SHOWN]
            more = len(exc.problems) - len(shown)
            text = "\n".join(shown)
            if more:
                text += "\n" + _("…and {n} more problems").format(n=more)
            box.setInformativeText(error_reason(exc) if len(exc.problems) == 1 else
                                   _("{n} records have problems.").format(n=len(exc.problems)))
            box.setDetailedText(text)
        else:
            box.setInformativeText(error_reason(exc))
        box.exec()


