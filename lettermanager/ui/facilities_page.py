"""The Facilities page: the list of places of detention and an editor beside it.

Edits are never lost silently: choosing another facility, starting a new one or closing the
window with unsaved changes asks Save / Discard / Cancel.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QSettings,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..domain.enums import FacilityKind
from ..domain.records import FacilityIn
from ..domain.translation_rules import DEFAULT_ACCEPTED_LANGUAGES
from ..i18n import _, ngettext, pgettext
from ..i18n.formatting import format_number
from ..store.errors import DeleteRefused, InvalidInput, StoreError
from ..store.facility_list import FacilityRow, facility_rows
from ..store.models import Facility
from ..store.reply_tracking import FacilityStats, facility_stats
from ..store.service import Store, validate
from .display import enum_choices, enum_label
from .empty_state import EmptyState
from .guards import if_alive
from .language_list_edit import LanguageListEdit
from .row_table import fit_section, setup_table
from .worker import DatabaseWorker

ID_ROLE = Qt.ItemDataRole.UserRole
FIELDS = ("name", "kind", "address", "city", "region", "country", "postal_code", "mail_notes",
          "accepted_languages")
DEFAULT_COUNTRY = "Russia"
ERROR_COLOR = "#c0392b"


def _place(facility: Facility) -> str:
    """"City, region", once when they are the same (Moscow, St Petersburg)."""
    parts = [facility.city, facility.region]
    if parts[0] and parts[1] and parts[0].casefold() == parts[1].casefold():
        parts = parts[:1]
    return ", ".join(part for part in parts if part)


def stats_data(stats: FacilityStats | None, role: int) -> Any:
    """The Letters column: "sent · withheld" (marked when often withheld), every count in
    the tooltip."""
    if stats is None or not stats.sent:
        return "" if role == Qt.ItemDataRole.DisplayRole else None
    flagged = stats.flagged()
    if role == Qt.ItemDataRole.ForegroundRole:
        return QColor("#b3261e") if flagged else None
    if role == Qt.ItemDataRole.DisplayRole:
        text = ngettext("{n} sent", "{n} sent", stats.sent).format(n=stats.sent)
        if stats.withheld:
            text += " · " + _("{n} withheld").format(n=stats.withheld)
        return ("⚠ " + text) if flagged else text
    lines = [
        _("Sent: {n}").format(n=stats.sent),
        _("Delivered: {n}").format(n=stats.delivered),
        _("Delayed by the censor: {n}").format(n=stats.delayed),
        _("Redacted: {n}").format(n=stats.redacted),
        _("Withheld: {n}").format(n=stats.withheld),
        _("Lost: {n}").format(n=stats.lost),
    ]
    if flagged:
        lines.insert(0, _("Letters are often withheld here ({percent}% of those sent).")
                     .format(percent=round(stats.withheld_rate * 100)))
    return "\n".join(lines)


# --- the table -------------------------------------------------------------------------------


class FacilityTableModel(QAbstractTableModel):
    NAME, KIND, PLACE, POSTCODE, HELD, LETTERS = range(6)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[FacilityRow] = []
        self.stats: dict[str, FacilityStats] = {}
        self._headers = [pgettext("facility", "Name"), _("Kind"), _("City, region"), _("Postcode"),
                         _("Held there now"), _("Letters sent there")]

    def set_stats(self, stats: list[FacilityStats]) -> None:
        """What became of the letters sent to each facility (see store.facility_stats)."""
        self.stats = {item.facility_id: item for item in stats}
        if self._rows:
            self.dataChanged.emit(self.index(0, self.LETTERS),
                                  self.index(len(self._rows) - 1, self.LETTERS))

    def set_rows(self, rows: list[FacilityRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_data(self, row: int) -> FacilityRow:
        return self._rows[row]

    def row_of(self, facility_id: str) -> int:
        for number, row in enumerate(self._rows):
            if row.facility.id == facility_id:
                return number
        return -1

    def find(self, facility_id: str | None) -> FacilityRow | None:
        number = self.row_of(facility_id) if facility_id else -1
        return self._rows[number] if number >= 0 else None

    def rowCount(self, parent: QModelIndex | None = None) -> int:  # noqa: N802 (Qt's name)
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | None = None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(self._headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == ID_ROLE:
            return row.facility.id
        if index.column() == self.LETTERS and role in (Qt.ItemDataRole.DisplayRole,
                                                       Qt.ItemDataRole.ToolTipRole,
                                                       Qt.ItemDataRole.ForegroundRole):
            return stats_data(self.stats.get(row.facility.id), role)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self._text(row, index.column())
            if role == Qt.ItemDataRole.ToolTipRole:
                return text or None
            return text
        return None

    @staticmethod
    def _text(row: FacilityRow, column: int) -> str:
        facility = row.facility
        if column == FacilityTableModel.NAME:
            return facility.name
        if column == FacilityTableModel.KIND:
            return enum_label(facility.kind, FacilityKind)
        if column == FacilityTableModel.PLACE:
            return _place(facility)
        if column == FacilityTableModel.POSTCODE:
            return facility.postal_code or ""
        if column == FacilityTableModel.HELD:
            return "; ".join(p.full_name for p in row.held_now)
        return ""


# --- the form --------------------------------------------------------------------------------


class FacilityForm(QWidget):
    """Every field of a facility, with a message under each field that the store rejected."""

    edited = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.name = QLineEdit()
        self.name.setPlaceholderText(_("e.g. СИЗО-1 «Матросская тишина»"))
        self.kind = QComboBox()
        for label, value in enum_choices(FacilityKind):
            self.kind.addItem(label, value)
        self.address = _TextBox(lines=4)
        self.address.setPlaceholderText(_("Postal address for letters"))
        self.city = QLineEdit()
        self.region = QLineEdit()
        self.country = QLineEdit()
        self.postal_code = QLineEdit()
        self.postal_code.setMaxLength(16)
        self.postal_code.setPlaceholderText(_("6 digits in Russia"))
        self.mail_notes = _TextBox(lines=5)
        self.mail_notes.setPlaceholderText(
            _("Mail rules: electronic letters, language rules, known delays…"))
        self.accepted_languages = LanguageListEdit()

        self._widgets: dict[str, QWidget] = {
            "name": self.name, "kind": self.kind, "address": self.address, "city": self.city,
            "region": self.region, "country": self.country, "postal_code": self.postal_code,
            "mail_notes": self.mail_notes, "accepted_languages": self.accepted_languages,
        }
        self._errors: dict[str, QLabel] = {}
        labels = {
            "name": _("&Name:"), "kind": _("&Kind:"), "address": _("&Address:"),
            "city": _("Ci&ty:"), "region": _("Re&gion:"), "country": _("C&ountry:"),
            "postal_code": _("&Postcode:"), "mail_notes": _("&Mail notes:"),
            "accepted_languages": _("&Letters in:"),
        }
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        for name in FIELDS:
            widget = self._widgets[name]
            error = QLabel()
            error.setWordWrap(True)
            error.setStyleSheet(f"color: {ERROR_COLOR};")
            error.setObjectName(f"error_{name}")
            error.hide()
            self._errors[name] = error
            cell = QWidget()
            column = QVBoxLayout(cell)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(widget)
            column.addWidget(error)
            label = QLabel(labels[name])
            label.setBuddy(widget)
            form.addRow(label, cell)

        for line in (self.name, self.city, self.region, self.country, self.postal_code):
            line.textChanged.connect(self.edited)
        for box in (self.address, self.mail_notes):
            box.textChanged.connect(self.edited)
        self.kind.currentIndexChanged.connect(self.edited)
        self.accepted_languages.changed.connect(self.edited)

    def values(self) -> dict[str, str | None]:
        def text(value: str) -> str | None:
            value = value.strip()
            return value or None

        return {
            "name": text(self.name.text()),
            "kind": self.kind.currentData(),
            "address": text(self.address.toPlainText()),
            "city": text(self.city.text()),
            "region": text(self.region.text()),
            "country": text(self.country.text()),
            "postal_code": text(self.postal_code.text()),
            "mail_notes": text(self.mail_notes.toPlainText()),
            "accepted_languages": self.accepted_languages.codes(),
        }

    def set_values(self, values: dict[str, str | None]) -> None:
        blockers = [w.blockSignals(True) for w in self._widgets.values()]
        try:
            self.name.setText(values.get("name") or "")
            index = self.kind.findData(values.get("kind") or FacilityKind.OTHER.value)
            self.kind.setCurrentIndex(max(index, 0))
            self.address.setPlainText(values.get("address") or "")
            self.city.setText(values.get("city") or "")
            self.region.setText(values.get("region") or "")
            self.country.setText(values.get("country") or "")
            self.postal_code.setText(values.get("postal_code") or "")
            self.mail_notes.setPlainText(values.get("mail_notes") or "")
            self.accepted_languages.set_codes(values.get("accepted_languages"))
        finally:
            for widget, blocked in zip(self._widgets.values(), blockers, strict=True):
                widget.blockSignals(blocked)
        for line in (self.name, self.city, self.region, self.country, self.postal_code):
            line.setCursorPosition(0)
        self.clear_problems()

    def show_problems(self, problems: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """Show each problem under its field; return those that belong to no field."""
        self.clear_problems()
        unplaced = []
        first: QWidget | None = None
        for field, message in problems:
            label = self._errors.get(field)
            if label is None:
                unplaced.append((field, message))
                continue
            text = message[:1].upper() + message[1:]
            label.setText(f"{label.text()}\n{text}" if label.isVisible() else text)
            label.show()
            self._widgets[field].setProperty("invalid", True)
            self._widgets[field].setStyleSheet(f"border: 1px solid {ERROR_COLOR};")
            first = first or self._widgets[field]
        if first is not None:
            first.setFocus()
        return unplaced

    def clear_problems(self) -> None:
        for name, label in self._errors.items():
            label.clear()
            label.hide()
            self._widgets[name].setStyleSheet("")

    def problem(self, field: str) -> str:
        """The message shown under a field ("" when none): for tests and accessibility."""
        label = self._errors[field]
        return label.text() if not label.isHidden() else ""


class _TextBox(QPlainTextEdit):
    """A few lines of plain text; Tab moves on to the next field."""

    def __init__(self, lines: int, parent=None):
        super().__init__(parent)
        self.setTabChangesFocus(True)
        metrics = self.fontMetrics()
        self.setFixedHeight(metrics.lineSpacing() * lines + 14)


# --- the page --------------------------------------------------------------------------------


class FacilitiesPage(QWidget):
    open_prisoner = Signal(str)
    open_letter = Signal(str)

    def __init__(self, worker: DatabaseWorker, parent: QWidget | None = None):
        super().__init__(parent)
        self.worker = worker
        self._current_id: str | None = None  # the saved facility in the editor, None: new
        self._editing = False  # the editor shows a facility (saved or new)
        self._baseline: dict[str, str | None] = {}
        self._syncing = False  # selection changes made by code, not the user
        self._saving = False
        self._loaded = False

        # Toolbar: filter, new, delete.
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(_("Filter by name, city, region, postcode or prisoner…"))
        self.filter.setClearButtonEnabled(True)
        self.filter.setMinimumWidth(280)
        self.new_button = QPushButton(_("New facility"))
        self.new_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon))
        self.delete_button = QPushButton(_("Delete…"))
        self.delete_button.setIcon(
            self.style().standardIcon(QStyle.StandardPixmap.SP_TrashIcon))
        self.delete_button.setEnabled(False)
        self.count_label = QLabel()
        toolbar = QHBoxLayout()
        toolbar.setSpacing(8)
        toolbar.addWidget(self.filter, 1)
        toolbar.addWidget(self.count_label)
        toolbar.addSpacing(12)
        toolbar.addWidget(self.new_button)
        toolbar.addWidget(self.delete_button)

        # The table, or an empty state.
        self.model = FacilityTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setSortLocaleAware(True)
        self.proxy.setFilterKeyColumn(-1)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        setup_table(self.table)
        self.table.sortByColumn(FacilityTableModel.NAME, Qt.SortOrder.AscendingOrder)
        for column, width in ((FacilityTableModel.NAME, 230), (FacilityTableModel.KIND, 200),
                              (FacilityTableModel.PLACE, 150), (FacilityTableModel.POSTCODE, 80),
                              (FacilityTableModel.HELD, 220)):
            fit_section(self.table, column, width)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)

        self.empty = EmptyState(
            _("No facilities yet"),
            hint=_("Add the places where the people you write to are held: pre-trial "
                   "detention centres, colonies, prisons, with their postal addresses."),
            action_text=_("New facility"),
        )
        self.empty.action_triggered.connect(self.new_facility)
        self.no_match = EmptyState(_("No facility matches the filter"),
                                   icon=QStyle.StandardPixmap.SP_FileDialogContentsView)
        self.no_match.add_action(_("Clear filter"), self.filter.clear)
        self.list_stack = QStackedWidget()
        for widget in (self.table, self.empty, self.no_match):
            self.list_stack.addWidget(widget)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.setSpacing(8)
        left_layout.addLayout(toolbar)
        left_layout.addWidget(self.list_stack, 1)

        # The editor, or a hint when nothing is selected.
        self.form = FacilityForm()
        self.form.edited.connect(self._update_buttons)
        self.title = QLabel()
        title_font = self.title.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.35)
        title_font.setBold(True)
        self.title.setFont(title_font)
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.held = QLabel()
        self.held.setWordWrap(True)
        self.held.setTextFormat(Qt.TextFormat.RichText)
        self.held.linkActivated.connect(self._on_link)
        self.general_error = QLabel()
        self.general_error.setWordWrap(True)
        self.general_error.setStyleSheet(f"color: {ERROR_COLOR};")
        self.general_error.hide()
        self.save_button = QPushButton(_("&Save"))
        self.save_button.setToolTip(_("Save the facility (Ctrl+S)"))
        self.save_button.setDefault(True)
        self.revert_button = QPushButton(_("&Revert"))
        self.revert_button.setToolTip(_("Undo the changes since the last save"))
        self.save_button.clicked.connect(lambda: self.save())
        self.revert_button.clicked.connect(self.revert)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)

        editor = QWidget()
        editor_layout = QVBoxLayout(editor)
        editor_layout.setContentsMargins(16, 8, 16, 12)
        editor_layout.setSpacing(8)
        editor_layout.addWidget(self.title)
        editor_layout.addWidget(self.held)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        editor_layout.addWidget(line)
        editor_layout.addWidget(self.general_error)
        editor_layout.addWidget(self.form)
        editor_layout.addStretch(1)
        editor_layout.addLayout(buttons)
        scroll = QScrollArea()
        scroll.setWidget(editor)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.no_selection = EmptyState(
            _("Select a facility to see and edit it"),
            hint=_("Or create a new one."),
            icon=QStyle.StandardPixmap.SP_FileDialogDetailedView,
            action_text=_("New facility"),
        )
        self.no_selection.action_triggered.connect(self.new_facility)
        self.editor_stack = QStackedWidget()
        self.editor_stack.addWidget(self.no_selection)
        self.editor_stack.addWidget(scroll)
        # The form is never cut at the right edge: the pane is as wide as the form needs (labels
        # and the language row are longest in Russian and French).
        scrollbar = scroll.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        self.editor_stack.setMinimumWidth(max(360, editor.minimumSizeHint().width() + scrollbar))

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.editor_stack)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([780, 400])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.splitter)

        self.filter.textChanged.connect(self._on_filter)
        self.new_button.clicked.connect(self.new_facility)
        self.delete_button.clicked.connect(self.delete_selected)
        save_shortcut = QShortcut(QKeySequence.StandardKey.Save, self)
        save_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save_shortcut.activated.connect(lambda: self.save())

        worker.data_changed.connect(if_alive(self, self.refresh))
        self._show_editor(False)
        self.refresh()

    # --- the page contract -------------------------------------------------------------------

    def refresh(self) -> None:
        self.worker.submit(facility_rows, on_done=if_alive(self, self._show_rows))
        self.worker.submit(lambda store: facility_stats(store.db),
                           on_done=if_alive(self, self.model.set_stats))

    def focus_filter(self) -> None:
        self.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter.selectAll()

    def delete_selected(self) -> None:
        row = self.model.find(self._current_id)
        if row is None:
            return
        facility = row.facility
        answer = QMessageBox.question(
            self, _("Delete facility"),
            _("Delete the facility “{name}”?\n\nThis cannot be undone.").format(
                name=facility.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        facility_id = facility.id
        self.worker.submit(
            lambda store: store.delete(Facility, facility_id),
            on_done=if_alive(self, lambda _result: self._deleted(facility_id)),
            on_error=if_alive(self, lambda exc: self._delete_failed(facility.name, exc)),
            writes=True,
        )

    def save_state(self, settings: QSettings) -> None:
        settings.setValue("facilities/splitter", self.splitter.saveState())
        settings.setValue("facilities/header", self.table.horizontalHeader().saveState())

    def restore_state(self, settings: QSettings) -> None:
        splitter = settings.value("facilities/splitter")
        if splitter:
            self.splitter.restoreState(splitter)
        header = settings.value("facilities/header")
        if header:
            self.table.horizontalHeader().restoreState(header)

    # --- unsaved changes ---------------------------------------------------------------------

    def is_dirty(self) -> bool:
        return self._editing and self.form.values() != self._baseline

    def request_leave(self, proceed: Callable[[], None]) -> bool:
        """Ask what to do with unsaved changes before the editor shows something else.

        True: nothing to keep (or discarded), go ahead now. False: cancelled, or saving, and
        then `proceed()` runs once the save succeeds.
        """
        if not self.is_dirty():
            return True
        name = self.form.values()["name"] or _("the new facility")
        answer = QMessageBox.question(
            self, _("Unsaved changes"),
            _("Save the changes to “{name}”?").format(name=name),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Discard:
            self.revert()
            return True
        if answer == QMessageBox.StandardButton.Save:
            self.save(then=proceed)
        return False

    # --- actions -------------------------------------------------------------------------------

    def new_facility(self) -> None:
        if self.request_leave(self.new_facility):
            self._start_new()

    def show_facility(self, facility_id: str) -> None:
        """Select a facility and show it in the editor (asks first about unsaved changes)."""
        if facility_id == self._current_id and self._editing:
            return
        if self.request_leave(lambda: self.show_facility(facility_id)):
            self._open(facility_id)

    def save(self, then: Callable[[], None] | None = None) -> None:
        if not self._editing or self._saving:
            return
        values = self.form.values()
        if not values["name"]:
            self.form.show_problems([("name", _("Give the facility a name."))])
            return
        self.general_error.hide()
        record_id = self._current_id

        def operation(store: Store) -> Facility:
            if record_id is None:
                return store.create(validate(FacilityIn, values))
            return store.update(Facility, record_id, values)

        self._saving = True
        self._update_buttons()
        self.worker.submit(
            operation,
            on_done=if_alive(self, lambda record: self._saved(record, then)),
            on_error=if_alive(self, self._save_failed),
            writes=True,
        )

    def revert(self) -> None:
        self.form.set_values(self._baseline)
        self.general_error.hide()
        self._update_buttons()

    # --- worker results ----------------------------------------------------------------------

    def _show_rows(self, rows: list[FacilityRow]) -> None:
        self._syncing = True
        try:
            self.model.set_rows(rows)
            self._select_in_table(self._current_id)
        finally:
            self._syncing = False
        first_load = not self._loaded
        self._loaded = True
        if first_load and not self._editing and self.proxy.rowCount():
            # Start with the first facility open rather than an empty editor.
            self._open(self.proxy.index(0, 0).data(ID_ROLE))
        row = self.model.find(self._current_id)
        if self._current_id is not None:
            if row is not None and not self.is_dirty():
                self._load_row(row)
            elif row is None and not self.is_dirty():
                self._close_editor()
            elif row is not None:
                self._show_header(row)
        self._update_list_state()

    def _saved(self, record: Facility, then: Callable[[], None] | None) -> None:
        self._saving = False
        self._current_id = record.id
        self._baseline = _values_of(record)
        self.form.set_values(self._baseline)
        self.general_error.hide()
        self.title.setText(record.name)
        self._update_buttons()
        # data_changed follows and reloads the table, which selects the saved record.
        if then is not None:
            QTimer.singleShot(0, then)

    def _save_failed(self, exc: Exception) -> None:
        self._saving = False
        self._update_buttons()
        if isinstance(exc, InvalidInput):
            unplaced = self.form.show_problems(exc.problems)
            text = "; ".join(message for _field, message in unplaced)
            self._show_general_error(
                _("The facility was not saved. Correct the marked fields.")
                + (f"\n{text}" if text else ""))
        elif isinstance(exc, StoreError):
            self._show_general_error(_("The facility was not saved: {reason}").format(
                reason=str(exc)))
        else:
            self._show_general_error(_("The facility was not saved: {reason}").format(
                reason=str(exc) or type(exc).__name__))

    def _deleted(self, facility_id: str) -> None:
        if self._current_id == facility_id:
            self._close_editor()

    def _delete_failed(self, name: str, exc: Exception) -> None:
        reason = str(exc)
        reason = reason[:1].upper() + reason[1:]
        if isinstance(exc, DeleteRefused):
            QMessageBox.warning(
                self, _("Facility not deleted"),
                _("“{name}” cannot be deleted.").format(name=name) + "\n\n" + reason)
        else:
            QMessageBox.warning(self, _("Facility not deleted"), reason)

    # --- internals -----------------------------------------------------------------------------

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing or not current.isValid():
            return  # a reload or a filter moved the selection: the editor stays as it is
        facility_id = current.data(ID_ROLE)
        if facility_id == self._current_id and self._editing:
            return
        if not self.is_dirty():
            self._open(facility_id)
            return
        # Put the selection back until the user has decided about the unsaved changes.
        self._select_in_table(self._current_id)
        QTimer.singleShot(0, if_alive(self, lambda: self.show_facility(facility_id)))

    def _open(self, facility_id: str) -> None:
        row = self.model.find(facility_id)
        if row is None:
            return
        self._current_id = facility_id
        self._select_in_table(facility_id)
        self._load_row(row)
        self._show_editor(True)

    def _load_row(self, row: FacilityRow) -> None:
        self._baseline = _values_of(row.facility)
        self.form.set_values(self._baseline)
        self.general_error.hide()
        self._show_header(row)
        self._update_buttons()

    def _show_header(self, row: FacilityRow) -> None:
        self.title.setText(row.facility.name)
        parts = []
        if row.held_now:
            links = ", ".join(
                f'<a href="prisoner:{p.id}">{_html(p.full_name)}</a>' for p in row.held_now)
            parts.append(_("Held here now: {names}").format(names=links))
        else:
            parts.append(_("Nobody is recorded as held here now."))
        history = []
        if row.stay_count:
            history.append(ngettext("{n} custody stay", "{n} custody stays",
                                    row.stay_count).format(n=row.stay_count))
        if row.letter_count:
            history.append(ngettext("{n} letter", "{n} letters",
                                    row.letter_count).format(n=row.letter_count))
        if history:
            parts.append(_("Recorded here: {what}").format(what=", ".join(history)))
        self.held.setText("<br>".join(parts))
        self.held.show()

    def _start_new(self) -> None:
        self._current_id = None
        self._syncing = True
        try:
            self.table.selectionModel().clearSelection()
            self.table.setCurrentIndex(QModelIndex())
        finally:
            self._syncing = False
        self._baseline = {name: None for name in FIELDS}
        self._baseline.update(kind=FacilityKind.PRETRIAL_DETENTION.value,
                              country=DEFAULT_COUNTRY)
        self.form.set_values(self._baseline)
        self.general_error.hide()
        self.title.setText(_("New facility"))
        self.held.hide()
        self._show_editor(True)
        self.form.name.setFocus()
        self._update_buttons()

    def _close_editor(self) -> None:
        self._current_id = None
        self._baseline = {}
        self._show_editor(False)

    def _show_editor(self, editing: bool) -> None:
        self._editing = editing
        self.editor_stack.setCurrentIndex(1 if editing else 0)
        self._update_editor_visibility()
        self._update_buttons()

    def _update_editor_visibility(self) -> None:
        # With no facilities at all the list's own empty state says everything.
        self.editor_stack.setVisible(self._editing or self.model.rowCount() > 0)

    def _select_in_table(self, facility_id: str | None) -> None:
        was = self._syncing
        self._syncing = True
        try:
            row = self.model.row_of(facility_id) if facility_id else -1
            if row < 0:
                self.table.selectionModel().clearSelection()
                return
            index = self.proxy.mapFromSource(self.model.index(row, 0))
            if index.isValid():
                self.table.setCurrentIndex(index)
                self.table.scrollTo(index)
            else:
                self.table.selectionModel().clearSelection()
        finally:
            self._syncing = was

    def _on_filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self._update_list_state()

    def _update_list_state(self) -> None:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        if total == 0 and self._loaded:
            self.list_stack.setCurrentWidget(self.empty)
        elif shown == 0 and total:
            self.no_match.set_message(
                _("No facility matches “{text}”").format(text=self.filter.text().strip()))
            self.list_stack.setCurrentWidget(self.no_match)
        else:
            self.list_stack.setCurrentWidget(self.table)
        self._update_editor_visibility()
        if shown == total:
            self.count_label.setText(ngettext("{n} facility", "{n} facilities", total)
                                     .format(n=format_number(total)))
        else:
            self.count_label.setText(_("{shown} of {total}").format(
                shown=format_number(shown), total=format_number(total)))

    def _update_buttons(self) -> None:
        dirty = self.is_dirty()
        self.save_button.setEnabled(self._editing and not self._saving
                                    and (dirty or self._current_id is None))
        self.revert_button.setEnabled(dirty and not self._saving)
        self.delete_button.setEnabled(self._current_id is not None and self._editing)
        if self._editing:
            name = self.form.values()["name"]
            shown = name or (_("New facility") if self._current_id is None else "")
            self.title.setText(shown + (" *" if dirty else ""))

    def _show_general_error(self, text: str) -> None:
        self.general_error.setText(text)
        self.general_error.show()

    def _on_link(self, link: str) -> None:
        kind, _sep, record_id = link.partition(":")
        if kind == "prisoner" and record_id:
            self.open_prisoner.emit(record_id)


def _values_of(facility: Facility) -> dict[str, Any]:
    values = {name: getattr(facility, name) for name in FIELDS}
    if tuple(values["accepted_languages"] or ()) == DEFAULT_ACCEPTED_LANGUAGES:
        values["accepted_languages"] = None  # as the form gives it back
    return values


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


__all__ = ["FacilitiesPage", "FacilityForm", "FacilityTableModel"]
