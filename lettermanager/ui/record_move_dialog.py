"""Custody dialogs: record a move or a release, edit a stay, add a facility on the way.

Every dialog saves through the worker and stays open with the store's message when the save
is refused, so nothing is half-saved and nothing typed is lost.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.custody import Place
from ..domain.enums import FacilityKind
from ..domain.records import FacilityIn
from ..i18n import _, pgettext
from ..store.custody_ops import record_release
from ..store.errors import InvalidInput, StoreError
from ..store.letter_ops import MoveOutcome, record_move_checking_letters
from ..store.models import CustodyStay, Facility
from ..store.prisoner_list import TimelineRow
from ..store.service import validate
from .display import enum_choices, enum_label, format_partial_date
from .guards import if_alive
from .partial_date_edit import PartialDateEdit
from .prisoner_profile import error_color
from .worker import DatabaseWorker

IN_TRANSIT = "__in_transit__"
NEW_FACILITY = "__new_facility__"

def problem_lines(error: Exception) -> list[str]:
    """A store error as lines a person can read."""
    if isinstance(error, InvalidInput):
        lines = [message for _field, message in error.problems] or [str(error)]
    else:
        lines = [str(error)]
    return [line[:1].upper() + line[1:] for line in lines]


class _ErrorLabel(QLabel):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setVisible(False)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.WindowText, error_color(palette))
        self.setPalette(palette)

    def show_lines(self, lines: list[str]) -> None:
        self.setText("\n".join(lines))
        self.setVisible(bool(lines))

    def message(self) -> str:
        return self.text() if not self.isHidden() else ""


def _note_box() -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setPlaceholderText(_("Optional: where the news came from, details of the transfer…"))
    box.setFixedHeight(box.fontMetrics().lineSpacing() * 3 + 14)
    return box


class FacilityCombo(QComboBox):
    """Facilities, "In transit (etap) / whereabouts unknown", and "New facility…"."""

    new_facility_requested = Signal()

    def __init__(self, parent: QWidget | None = None, *, allow_new: bool = True):
        super().__init__(parent)
        self._allow_new = allow_new
        self._previous = -1
        self.setPlaceholderText(_("Choose where the prisoner went…"))
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(28)
        self.activated.connect(self._activated)
        self.set_facilities([])

    def set_facilities(self, facilities: list[Facility], select: str | None = None) -> None:
        keep = select if select is not None else self.choice()
        self.blockSignals(True)
        self.clear()
        self.addItem(_("In transit (etap) / whereabouts unknown"), IN_TRANSIT)
        self.insertSeparator(self.count())
        for facility in facilities:
            label = facility.name
            if facility.city and facility.city not in facility.name:
                label = f"{label} ({facility.city})"
            self.addItem(label, facility.id)
            self.setItemData(self.count() - 1,
                             f"{facility.name}\n{enum_label(facility.kind, FacilityKind)}",
                             Qt.ItemDataRole.ToolTipRole)
        if self._allow_new:
            self.insertSeparator(self.count())
            self.addItem(_("New facility…"), NEW_FACILITY)
        index = self.findData(keep) if keep else -1
        self.setCurrentIndex(index)
        self._previous = index
        self.blockSignals(False)

    def choice(self) -> str | None:
        """A facility id, IN_TRANSIT, or None when nothing is chosen."""
        value = self.currentData()
        return value if value not in (None, NEW_FACILITY) else None

    def select(self, value: str | None) -> None:
        index = self.findData(value) if value else -1
        self.setCurrentIndex(index)
        self._previous = index

    def cancel_new(self) -> None:
        self.setCurrentIndex(self._previous)

    def _activated(self, index: int) -> None:
        if self.itemData(index) == NEW_FACILITY:
            self.new_facility_requested.emit()
        else:
            self._previous = index


class NewFacilityDialog(QDialog):
    """Name and kind (and city) of a facility; saved at once, then chosen in the caller."""

    def __init__(self, worker: DatabaseWorker, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("New facility"))
        self._worker = worker
        self.created: Facility | None = None
        self.name = QLineEdit()
        self.name.setPlaceholderText(_("e.g. ИК-6 Копейск, SIZO-1 Moscow"))
        self.kind = QComboBox()
        for label, value in enum_choices(FacilityKind):
            self.kind.addItem(label, value)
        self.kind.setCurrentIndex(self.kind.findData(FacilityKind.PENAL_COLONY.value))
        self.city = QLineEdit()
        self.errors = _ErrorLabel()
        hint = QLabel(_("Addresses and mail rules can be added later on the Facilities page."))
        hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("&Name:"), self.name)
        form.addRow(_("&Kind:"), self.kind)
        form.addRow(_("&City:"), self.city)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Create facility"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.errors)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)

    def save(self) -> None:
        values = {
            "name": self.name.text().strip(),
            "kind": self.kind.currentData(),
            "city": self.city.text().strip() or None,
        }
        self.buttons.setEnabled(False)
        self._worker.submit(
            lambda store: store.create(validate(FacilityIn, values)),
            on_done=if_alive(self, self._created),
            on_error=if_alive(self, self._failed),
            writes=True,
        )

    def _created(self, facility: Facility) -> None:
        self.created = facility
        self.buttons.setEnabled(True)
        self.accept()

    def _failed(self, error: Exception) -> None:
        self.buttons.setEnabled(True)
        if isinstance(error, InvalidInput):
            names = {"name": pgettext("facility", "Name"), "kind": _("Kind"), "city": _("City")}
            lines = [f"{names.get(field, field)}: {message}" for field, message in error.problems]
        else:
            lines = problem_lines(error)
        self.errors.show_lines(lines)


class _CustodyDialog(QDialog):
    """What the move and stay dialogs share: loading facilities, creating one, errors."""

    def __init__(self, worker: DatabaseWorker, parent: QWidget | None = None):
        super().__init__(parent)
        self._worker = worker
        self.facilities_loaded = False
        self.facility = FacilityCombo(self)
        self.facility.new_facility_requested.connect(self._new_facility)
        self.errors = _ErrorLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def _load_facilities(self, select: str | None = None) -> None:
        def loaded(facilities: list[Facility]) -> None:
            self.facility.set_facilities(facilities, select)
            self.facilities_loaded = True

        self._worker.submit(lambda store: store.facilities(), on_done=if_alive(self, loaded),
                            on_error=if_alive(self, lambda e: self.errors.show_lines(
                                problem_lines(e))))

    def _new_facility(self) -> None:
        dialog = NewFacilityDialog(self._worker, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.created is not None:
            self._load_facilities(select=dialog.created.id)
        else:
            self.facility.cancel_new()

    def save(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def _submit(self, operation) -> None:
        self.errors.show_lines([])
        self.buttons.setEnabled(False)
        self._worker.submit(operation, on_done=if_alive(self, self._saved),
                            on_error=if_alive(self, self._failed), writes=True)

    def _saved(self, _result) -> None:
        self.buttons.setEnabled(True)
        self.accept()

    def _failed(self, error: Exception) -> None:
        self.buttons.setEnabled(True)
        if not isinstance(error, StoreError):
            self.errors.show_lines([_("The change could not be saved: {error}").format(
                error=error)])
            return
        self.errors.show_lines(problem_lines(error))


class RecordMoveDialog(_CustodyDialog):
    """Record that the prisoner moved (to a facility or on transit) or was released.

    `current` is the prisoner's current timeline entry (open stay), shown for reference; a
    release is only offered while a stay is open. `moved(MoveOutcome)` after a move is
    recorded: it names the letters still in flight to the old facility.
    """

    moved = Signal(object)

    def __init__(
        self,
        worker: DatabaseWorker,
        prisoner_id: str,
        parent: QWidget | None = None,
        *,
        prisoner_name: str = "",
        current: TimelineRow | None = None,
        release: bool = False,
    ):
        super().__init__(worker, parent)
        self.prisoner_id = prisoner_id
        self.setWindowTitle(_("Record a move") if not release else _("Record a release"))
        can_release = current is not None and current.is_open

        heading = QLabel()
        heading.setWordWrap(True)
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setText(self._now_text(prisoner_name, current))

        self.move_choice = QRadioButton(_("&Moved: transferred, sent on transit, or arrested"))
        self.release_choice = QRadioButton(_("&Released: the current stay ends"))
        if not can_release:
            self.release_choice.setEnabled(False)
            self.release_choice.setToolTip(_("The prisoner has no open custody stay to end."))
        group = QButtonGroup(self)
        group.addButton(self.move_choice)
        group.addButton(self.release_choice)
        (self.release_choice if release and can_release else self.move_choice).setChecked(True)

        self.date = PartialDateEdit()
        self.date_hint = QLabel(_("A year or a month is enough when the day is not known."))
        self.date_hint.setWordWrap(True)
        hint_palette = self.date_hint.palette()
        hint_palette.setColor(QPalette.ColorRole.WindowText,
                              hint_palette.color(QPalette.ColorRole.PlaceholderText))
        self.date_hint.setPalette(hint_palette)
        self.mark_released = QCheckBox(_("Set the prisoner's status to “Released”"))
        self.mark_released.setChecked(True)
        self.note = _note_box()

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.facility_label = QLabel(_("&Moved to:"))
        self.facility_label.setBuddy(self.facility)
        form.addRow(self.facility_label, self.facility)
        date_label = QLabel(_("&Date:"))
        date_label.setBuddy(self.date)
        form.addRow(date_label, self.date)
        form.addRow("", self.date_hint)
        form.addRow("", self.mark_released)
        note_label = QLabel(_("N&ote:"))
        note_label.setBuddy(self.note)
        form.addRow(note_label, self.note)
        self._form = form

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.move_choice)
        layout.addWidget(self.release_choice)
        layout.addLayout(form)
        layout.addWidget(self.errors)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

        self.move_choice.toggled.connect(self._mode_changed)
        self._mode_changed()
        self._load_facilities()
        self.date.setFocus()

    @staticmethod
    def _now_text(name: str, current: TimelineRow | None) -> str:
        who = name or _("The prisoner")
        if current is None:
            return _("{name}: no custody record yet.").format(name=who)
        since = (format_partial_date(current.start, in_phrase=True) if current.start
                 else _("an unknown date"))
        if current.place is Place.FREE:
            return _("{name}: free since {date}.").format(name=who, date=since)
        if current.place is Place.IN_TRANSIT:
            return _("{name}: in transit since {date}.").format(name=who, date=since)
        return _("{name}: at {facility} since {date}.").format(
            name=who, facility=current.facility_name or _("an unknown facility"), date=since)

    def is_release(self) -> bool:
        return self.release_choice.isChecked()

    def _mode_changed(self, *_args) -> None:
        release = self.is_release()
        self._form.setRowVisible(self.facility, not release)
        self._form.setRowVisible(self.mark_released, release)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("Record release") if release else _("Record move"))
        self.setWindowTitle(_("Record a release") if release else _("Record a move"))
        self.errors.show_lines([])

    def save(self) -> None:
        problems = []
        if not self.date.is_valid():
            problems.append(_("The date is not complete: use YYYY, YYYY-MM or YYYY-MM-DD."))
        elif not self.date.value():
            problems.append(
                _("Enter the date of the release (a year or a month is enough).")
                if self.is_release() else
                _("Enter the date of the move (a year or a month is enough)."))
        choice = self.facility.choice()
        if not self.is_release() and choice is None:
            problems.append(_("Choose where the prisoner is now, or “In transit”."))
        if problems:
            self.errors.show_lines(problems)
            (self.date if self.date.value() is None else self.facility).setFocus()
            return
        prisoner_id, when = self.prisoner_id, self.date.value()
        note = self.note.toPlainText().strip() or None
        if self.is_release():
            mark = self.mark_released.isChecked()
            self._submit(lambda store: record_release(store, prisoner_id, when, note,
                                                      mark_released=mark))
        else:
            facility_id = None if choice == IN_TRANSIT else choice
            self._submit(lambda store: record_move_checking_letters(
                store, prisoner_id, facility_id, when, note))

    def _saved(self, result) -> None:
        if isinstance(result, MoveOutcome):
            self.moved.emit(result)
        super()._saved(result)


class StayDialog(_CustodyDialog):
    """Correct one custody stay: its facility, dates and note."""

    def __init__(self, worker: DatabaseWorker, stay: CustodyStay,
                 parent: QWidget | None = None):
        super().__init__(worker, parent)
        self.stay = stay
        self.setWindowTitle(_("Edit custody stay"))
        self.facility.setPlaceholderText(_("Choose a facility…"))
        self.start = PartialDateEdit()
        self.start.set_value(stay.start)
        self.end = PartialDateEdit()
        self.end.set_value(stay.end)
        self.end.setPlaceholderText(_("Empty: still there"))
        self.note = _note_box()
        self.note.setPlainText(stay.note or "")
        self.note.setFixedHeight(self.note.fontMetrics().lineSpacing() * 5 + 14)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(_("&Place:"), self.facility)
        form.addRow(_("&From:"), self.start)
        form.addRow(_("&Until:"), self.end)
        form.addRow(_("N&ote:"), self.note)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self._load_facilities(select=stay.facility_id or IN_TRANSIT)

    def save(self) -> None:
        problems = []
        for edit, name in ((self.start, _("From")), (self.end, _("Until"))):
            if not edit.is_valid():
                problems.append(_("{field}: the date is not complete; use YYYY, YYYY-MM or "
                                  "YYYY-MM-DD.").format(field=name))
        choice = self.facility.choice()
        if choice is None:
            problems.append(_("Choose a facility, or “In transit”."))
        if problems:
            self.errors.show_lines(problems)
            return
        stay_id = self.stay.id
        values = {
            "prisoner_id": self.stay.prisoner_id,
            "facility_id": None if choice == IN_TRANSIT else choice,
            "start": self.start.value(),
            "end": self.end.value(),
            "note": self.note.toPlainText().strip() or None,
        }
        self._submit(lambda store: store.update(CustodyStay, stay_id, values))
