"""Import letters from a spreadsheet: preview, column mapping, a dry run's report, then Import.

Nothing is written until the user presses Import, and Import is only offered once a dry run
with the current column mapping has succeeded. The dry run and the import run on the
database worker; the import backs the database up first.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..i18n import N_, _, ngettext
from ..paths import DataPaths
from ..store.backups import backup_before_import
from ..store.csv_import import (
    FIELDS,
    REQUIRED,
    CsvImportReport,
    CsvPreview,
    import_csv,
    preview_csv,
)
from ..store.errors import ImportRejected
from .guards import if_alive
from .prisoner_profile import error_color
from .worker import DatabaseWorker

FIELD_LABELS = {
    "id": N_("Record id"),
    "prisoner": N_("Prisoner"),
    "direction": N_("Direction"),
    "correspondent": N_("Correspondent"),
    "facility": N_("Facility"),
    "channel": N_("Channel"),
    "language": N_("Language"),
    "title": N_("Title"),
    "summary": N_("Summary"),
    "body": N_("Text of the letter"),
    "written_on": N_("Written on"),
    "sent_on": N_("Sent on"),
    "received_on": N_("Received on"),
    "status": N_("Status"),
    "in_reply_to": N_("In reply to (letter id)"),
    "expects_reply": N_("Expects a reply"),
    "reply_due": N_("Reply due"),
    "tracking_number": N_("Tracking number"),
    "published_in": N_("Published in"),
    "published_url": N_("Published at (web address)"),
    "published_on": N_("Published on"),
    "notes": N_("Notes"),
    "updated_at": N_("Last changed (UTC)"),
}
DELIMITER_LABELS = {",": N_("commas"), ";": N_("semicolons"), "\t": N_("tabs")}
MAX_PROBLEMS_SHOWN = 30
_ROW = re.compile(r"^row (\d+):")
DRY_RUN_DELAY_MS = 200


def field_label(name: str | None) -> str:
    return _("— ignore this column —") if name is None else _(FIELD_LABELS.get(name, name))


def describe_csv_report(report: CsvImportReport) -> list[str]:
    """The dry run's (or the import's) report in the interface language."""
    lines = []
    if report.created:
        lines.append(ngettext("{n} new letter", "{n} new letters", report.created)
                     .format(n=report.created))
    if report.updated:
        lines.append(ngettext("{n} letter updated", "{n} letters updated", report.updated)
                     .format(n=report.updated))
    if report.unchanged:
        lines.append(ngettext("{n} letter is already here and is left as it is",
                              "{n} letters are already here and are left as they are",
                              report.unchanged).format(n=report.unchanged))
    if report.kept_newer:
        lines.append(ngettext("{n} letter kept: this computer's copy is newer",
                              "{n} letters kept: this computer's copies are newer",
                              report.kept_newer).format(n=report.kept_newer))
    # Each ngettext() spelled out, so that extraction finds the strings.
    if names := report.new_prisoners:
        lines.append(ngettext("New prisoner: {names}", "New prisoners: {names}",
                              len(names)).format(names=", ".join(names)))
    if names := report.new_correspondents:
        lines.append(ngettext("New correspondent: {names}", "New correspondents: {names}",
                              len(names)).format(names=", ".join(names)))
    if names := report.new_facilities:
        lines.append(ngettext("New facility: {names}", "New facilities: {names}",
                              len(names)).format(names=", ".join(names)))
    if not report.changed:
        lines.append(_("Nothing to import: everything in the file is already here."))
    return lines


class CsvImportDialog(QDialog):
    """`imported(message)` is emitted after a successful import, before the dialog closes."""

    imported = Signal(str)

    def __init__(self, worker: DatabaseWorker, paths: DataPaths, preview: CsvPreview,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.worker = worker
        self.paths = paths
        self.preview = preview
        self.path = Path(preview.source)
        self.last_report: CsvImportReport | None = None
        self._generation = 0
        self._ready = False
        self.setWindowTitle(_("Import letters from a spreadsheet"))
        self.setSizeGripEnabled(True)

        title = QLabel(self.path.name)
        font = QFont(title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        title.setFont(font)
        title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary = QLabel(self._summary_text())
        self.summary.setWordWrap(True)

        self.mapping_table = self._build_mapping_table()
        self.rows_table = self._build_rows_table()
        left = self._titled(_("Columns"), self.mapping_table,
                            _("Choose what each column holds. Columns with names LetterManager "
                              "does not know are ignored unless you choose a field."))
        right = self._titled(_("First rows of the file"), self.rows_table)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        combo_width = max((combo.sizeHint().width() for combo in self.combos), default=0)
        splitter.setSizes([max(420, combo_width + 200), 640])

        self.report_box = QPlainTextEdit()
        self.report_box.setReadOnly(True)
        self.report_box.setFixedHeight(self.report_box.fontMetrics().lineSpacing() * 6 + 16)
        self.report_title = QLabel(_("What the import will do"))
        self.report_title.setFont(self._bold(self.report_title))

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = QPushButton(_("Import"))
        self.import_button.setDefault(True)
        self.import_button.setEnabled(False)
        self.buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.start_import)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.report_title)
        layout.addWidget(self.report_box)
        layout.addWidget(self.buttons)
        self.resize(1100, 640)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DRY_RUN_DELAY_MS)
        self._timer.timeout.connect(self.run_dry_run)
        self.mapping_changed()

    # --- building -------------------------------------------------------------------------

    @staticmethod
    def _bold(label: QLabel) -> QFont:
        font = QFont(label.font())
        font.setBold(True)
        return font

    def _titled(self, title: str, body: QWidget, hint: str | None = None) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(title)
        heading.setFont(self._bold(heading))
        layout.addWidget(heading)
        if hint:
            note = QLabel(hint)
            note.setWordWrap(True)
            layout.addWidget(note)
        layout.addWidget(body, 1)
        return box

    def _summary_text(self) -> str:
        preview = self.preview
        rows = ngettext("{n} row of letters", "{n} rows of letters", preview.row_count).format(
            n=preview.row_count)
        separated = _("separated by {what}").format(
            what=_(DELIMITER_LABELS.get(preview.delimiter, preview.delimiter_name)))
        return f"{preview.encoding_name}, {separated} · {rows}"

    def _build_mapping_table(self) -> QTableWidget:
        preview = self.preview
        table = QTableWidget(len(preview.header), 2)
        table.setHorizontalHeaderLabels([_("Column in the file"), _("Import as")])
        table.verticalHeader().setVisible(False)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # wide enough for the longest field name ("— пропустить этот столбец —")
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from combo to combo
        self.combos: list[QComboBox] = []
        for row, (name, chosen) in enumerate(zip(preview.header, preview.fields, strict=True)):
            table.setItem(row, 0, QTableWidgetItem(name or _("(no name)")))
            combo = QComboBox()
            combo.addItem(field_label(None), None)
            for field in FIELDS:
                combo.addItem(field_label(field), field)
                combo.setItemData(combo.count() - 1, _("Column name in the export: {name}")
                                  .format(name=field), Qt.ItemDataRole.ToolTipRole)
            combo.setCurrentIndex(max(0, combo.findData(chosen)) if chosen else 0)
            combo.currentIndexChanged.connect(self.mapping_changed)
            table.setCellWidget(row, 1, combo)
            self.combos.append(combo)
        table.resizeRowsToContents()
        return table

    def _build_rows_table(self) -> QTableWidget:
        preview = self.preview
        table = QTableWidget(len(preview.rows), len(preview.header))
        table.setHorizontalHeaderLabels(preview.header)
        table.setVerticalHeaderLabels([str(n) for n in preview.row_numbers])
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(False)
        for row, cells in enumerate(preview.rows):
            for column, cell in enumerate(cells[:len(preview.header)]):
                one_line = " ⏎ ".join(cell.splitlines())
                item = QTableWidgetItem(one_line)
                if "\n" in cell or len(cell) > 40:
                    item.setToolTip(cell[:2000])
                table.setItem(row, column, item)
        table.resizeColumnsToContents()
        for column in range(table.columnCount()):
            table.setColumnWidth(column, min(table.columnWidth(column), 260))
        return table

    # --- mapping and the dry run ---------------------------------------------------------------

    def fields(self) -> list[str | None]:
        return [combo.currentData() for combo in self.combos]

    def mapping(self) -> dict[int | str, str | None]:
        return dict(enumerate(self.fields()))

    def mapping_problems(self) -> list[str]:
        """Why the chosen columns cannot be imported, in the interface language."""
        fields = self.fields()
        problems = [_("No column is imported as “{field}”; choose the column that holds it.")
                    .format(field=field_label(name)) for name in REQUIRED if name not in fields]
        first: dict[str, str] = {}
        for column, field in zip(self.preview.header, fields, strict=True):
            if field is None:
                continue
            if field in first:
                problems.append(_("“{a}” and “{b}” are both imported as “{field}”; ignore one "
                                  "of them.").format(a=first[field], b=column,
                                                    field=field_label(field)))
            first.setdefault(field, column)
        return problems

    def _mark_columns(self) -> None:
        """Column names nobody chose a field for are shown in red: they will be ignored."""
        warn = error_color(self.mapping_table.palette())
        normal = self.mapping_table.palette().color(QPalette.ColorRole.Text)
        unknown = set(self.preview.unknown_columns)
        for row, combo in enumerate(self.combos):
            item = self.mapping_table.item(row, 0)
            ignored = combo.currentData() is None and item.text() in unknown
            item.setForeground(warn if ignored else normal)
            item.setToolTip(_("LetterManager does not know this column name; it is ignored "
                              "unless you choose a field") if ignored else "")

    def _mark_rows(self, problems: list[str]) -> None:
        """The preview's row numbers of rows with problems are shown in red."""
        bad: dict[int, str] = {}
        for line in problems:
            if match := _ROW.match(line):
                bad.setdefault(int(match.group(1)), line)
        warn = error_color(self.rows_table.palette())
        for index, number in enumerate(self.preview.row_numbers):
            item = QTableWidgetItem(str(number))
            if number in bad:
                item.setForeground(warn)
                item.setToolTip(bad[number])
            self.rows_table.setVerticalHeaderItem(index, item)

    def mapping_changed(self) -> None:
        self._generation += 1
        self._set_ready(False)
        self._mark_columns()
        self._mark_rows([])
        problems = self.mapping_problems()
        if problems:
            self._timer.stop()
            self._show_problems(_("Choose the columns first:"), problems)
            return
        self._show(_("What the import will do"), [_("Checking the file…")])
        self._timer.start()

    def run_dry_run(self) -> None:
        generation = self._generation
        path, mapping = self.path, self.mapping()
        self.worker.submit(
            lambda store: import_csv(store.db, path, mapping=mapping, dry_run=True),
            on_done=if_alive(self, lambda report: self._dry_run_done(generation, report)),
            on_error=if_alive(self, lambda exc: self._dry_run_failed(generation, exc)),
        )

    def _dry_run_done(self, generation: int, report: CsvImportReport) -> None:
        if generation != self._generation:
            return  # the mapping changed meanwhile; a newer dry run is on its way
        self.last_report = report
        self._show(_("What the import will do"), describe_csv_report(report))
        self._set_ready(report.changed > 0)

    def _dry_run_failed(self, generation: int, exc: Exception) -> None:
        if generation != self._generation:
            return
        self.last_report = None
        self._show_failure(exc)

    def _show_failure(self, exc: Exception) -> None:
        if isinstance(exc, ImportRejected):
            self._mark_rows(exc.problems)
            self._show_problems(_("The file cannot be imported as it is; nothing was written. "
                                  "Correct these rows in the spreadsheet and try again:"),
                                exc.problems)
        else:
            self._show_problems(_("The file cannot be imported; nothing was written:"),
                                [str(exc)])

    def _show_problems(self, lead: str, problems: list[str]) -> None:
        shown = problems[:MAX_PROBLEMS_SHOWN]
        text = [lead, *[f"• {line}" for line in shown]]
        if len(problems) > len(shown):
            text.append(_("…and {n} more problems").format(n=len(problems) - len(shown)))
        self._show(_("Problems"), text, error=True)

    def _show(self, title: str, lines: list[str], *, error: bool = False) -> None:
        self.report_title.setText(title)
        self.report_box.setPlainText("\n".join(lines))
        palette = self.report_box.palette()
        palette.setColor(QPalette.ColorRole.Text, error_color(palette) if error else
                         self.palette().color(QPalette.ColorRole.Text))
        self.report_box.setPalette(palette)

    def report_text(self) -> str:
        return self.report_box.toPlainText()

    def _set_ready(self, ready: bool) -> None:
        self._ready = ready
        self.import_button.setEnabled(ready)

    # --- the import -----------------------------------------------------------------------

    def start_import(self) -> None:
        if not self._ready:
            return
        self._set_ready(False)
        for combo in self.combos:
            combo.setEnabled(False)
        self._show(_("What the import will do"), [_("Importing…")])
        path, mapping, paths = self.path, self.mapping(), self.paths

        def operation(store) -> CsvImportReport:
            backup_before_import(store.db, paths)
            return import_csv(store.db, path, mapping=mapping)

        self.worker.submit(operation, on_done=if_alive(self, self._imported),
                           on_error=if_alive(self, self._import_failed), writes=True)

    def _imported(self, report: CsvImportReport) -> None:
        self.last_report = report
        message = ngettext("Imported {name}: {n} letter", "Imported {name}: {n} letters",
                           report.created + report.updated).format(
            name=self.path.name, n=report.created + report.updated)
        self.imported.emit(message)
        self.accept()

    def _import_failed(self, exc: Exception) -> None:
        for combo in self.combos:
            combo.setEnabled(True)
        self._show_failure(exc)


def open_csv_import(parent: QWidget | None, worker: DatabaseWorker, paths: DataPaths,
                    path: Path) -> CsvImportDialog | None:
    """The dialog for `path`, or None (after saying why) when the file cannot be read."""
    try:
        preview = preview_csv(path)
    except ImportRejected as exc:
        QMessageBox.warning(parent, _("Import failed"),
                            _("{name} cannot be read as a spreadsheet; nothing was changed."
                              "\n\n{reason}").format(name=Path(path).name,
                                                     reason="\n".join(exc.problems)))
        return None
    return CsvImportDialog(worker, paths, preview, parent)


def choose_and_import_csv(parent: QWidget, worker: DatabaseWorker, paths: DataPaths,
                          folder: Path | None = None) -> CsvImportDialog | None:
    """File ▸ Import a spreadsheet…: choose a CSV file and open the dialog (non-modal)."""
    chosen, _filter = QFileDialog.getOpenFileName(
        parent, _("Import letters from a spreadsheet"), str(folder or Path.home()),
        _("Spreadsheet saved as CSV (*.csv *.tsv *.txt);;All files (*)"))
    if not chosen:
        return None
    dialog = open_csv_import(parent, worker, paths, Path(chosen))
    if dialog is not None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.open()
    return dialog
