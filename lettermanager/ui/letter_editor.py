"""The letter editor: every field of a letter, its censorship events and its translations.

The editor loads through the database worker and saves through the Store, which validates
the letter (LetterIn); refused values are shown under their fields and nothing is saved.
Closing with unsaved changes asks whether to save them. The facility defaults to where the
prisoner was held on the letter's date until the user chooses one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QMetaMethod, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.custody import Place
from ..domain.enums import Channel, Direction, LetterStatus
from ..domain.partial_date import PartialDate
from ..domain.records import LetterIn
from ..i18n import _, ngettext
from ..store.errors import InvalidInput, NotFound, StoreError
from ..store.letter_table import LetterChoice, filter_choices, prisoner_letter_choices
from ..store.models import Letter
from ..store.service import LetterDetail, validate
from ..store.translation_queue import ensure_translation_request
from .display import enum_choices, format_partial_date
from .form_fields import (
    FieldError,
    LanguageCombo,
    SearchCombo,
    ValueCombo,
    problem_text,
    with_error,
)
from .guards import if_alive
from .letter_parts import CensorshipTab, TranslationsTab
from .partial_date_edit import PartialDateEdit
from .print_actions import LetterPrintButton
from .reply_actions import REPLY_SHORTCUT, ReplyActions
from .send_override import (
    SendAnywayDialog,
    SendBlock,
    block_text,
    is_send_block,
    look_up_block,
)
from .worker import DatabaseWorker

ARROWS = {Direction.OUTGOING.value: "→", Direction.INCOMING.value: "←"}
DATE_FIELDS = ("written_on", "sent_on", "received_on", "reply_due", "published_on")
# Fields the form does not show but a save must keep (set by actions such as "Mark answered").
KEPT_FIELDS = ("answered_on", "send_override_reason")
NOT_SENT = (LetterStatus.DRAFT.value, LetterStatus.READY.value)


@dataclass
class EditorData:
    """What the editor needs, loaded in one operation."""

    detail: LetterDetail | None
    prisoners: list[tuple[str, str, str | None]]
    correspondents: list[tuple[str, str]]
    facilities: list[tuple[str, str]]
    prisoner_letters: list[LetterChoice]


def load_editor_data(store, letter_id: str | None, prisoner_id: str | None) -> EditorData:
    detail = store.letter_detail(letter_id) if letter_id else None
    prisoner = detail.letter.prisoner_id if detail else prisoner_id
    choices = filter_choices(store.db, languages=False)
    facilities = [(f.id, f"{f.name} — {f.city}" if f.city and f.city not in f.name else f.name)
                  for f in store.facilities()]
    letters = prisoner_letter_choices(store.db, prisoner) if prisoner else []
    return EditorData(detail, choices.prisoners, choices.correspondents, facilities, letters)


def letter_choice_label(choice: LetterChoice) -> str:
    day = format_partial_date(choice.date, short=True) if choice.date else _("no date")
    arrow = ARROWS.get(choice.direction, "")
    return f"{day}  {arrow}  {choice.title or _('(untitled)')}"


class LetterEditor(QDialog):
    """Signals: `loaded()` once the form is filled; `saved(letter_id)` after each save;
    `open_letter_requested(letter_id)` asks the window to open another letter (a reply)."""

    loaded = Signal()
    saved = Signal(str)
    open_letter_requested = Signal(str)

    def __init__(self, worker: DatabaseWorker, letter_id: str | None = None,
                 prisoner_id: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.worker = worker
        self.letter_id = letter_id
        self._initial_prisoner = prisoner_id
        self.letter: Letter | None = None
        self._snapshot: dict[str, Any] | None = None
        self._facility_auto = True  # follow the prisoner's custody until the user chooses
        self._facility_serial = 0
        self._replies_serial = 0
        self._saving = False
        self._close_after_save = False
        self._force_close = False
        self._override_reason: str | None = None  # why it may go without its translation
        self.send_block_dialog: SendAnywayDialog | None = None
        self.errors: dict[str, FieldError] = {}
        self._labels: list[QLabel] = []
        self._kept: dict[str, Any] = {}
        self._place = None  # where the prisoner is now (CurrentPlace), for the held notice
        self._place_serial = 0
        self.reply_actions = ReplyActions(worker, self)
        self.reply_actions.open_letter.connect(self._open_other)

        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.setSizeGripEnabled(True)
        self._build()
        self._resize_for_screen()
        self._update_title()
        self._set_busy(True)

        self._facility_timer = QTimer(self, singleShot=True, interval=250)
        self._facility_timer.timeout.connect(self._look_up_facility)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, self.save)
        QShortcut(REPLY_SHORTCUT, self, self.reply)
        worker.data_changed.connect(if_alive(self, self._reload_lists))
        worker.submit(lambda store: load_editor_data(store, letter_id, prisoner_id),
                      on_done=if_alive(self, self._fill),
                      on_error=if_alive(self, self._load_failed))

    # --- building ------------------------------------------------------------------------

    def _build(self) -> None:
        self.banner = FieldError()
        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_letter_tab(), _("&Letter"))
        self.censorship = CensorshipTab(self.worker, self)
        self.translations = TranslationsTab(self.worker, lambda: self.language.code(), self)
        for tab in (self.censorship, self.translations):
            tab.save_requested.connect(self.save)
        self.tabs.addTab(self.censorship, _("&Censorship"))
        self.tabs.addTab(self.translations, _("&Translations"))

        self.status_label = QLabel()
        self.save_button = QPushButton(_("&Save"))
        self.save_button.setToolTip(_("Save the letter (Ctrl+S) and keep it open"))
        self.save_button.clicked.connect(self.save)
        self.save_close_button = QPushButton(_("Save and cl&ose"))
        self.save_close_button.clicked.connect(lambda: self.save(close_after=True))
        self.close_button = QPushButton(_("Close"))
        self.close_button.setToolTip(_("Close the editor (Esc); you are asked about unsaved "
                                       "changes"))
        self.close_button.clicked.connect(self.close)
        for button in (self.save_button, self.save_close_button, self.close_button):
            button.setAutoDefault(False)
            button.setDefault(False)
        self.print_button = LetterPrintButton(self.worker, lambda: self.letter_id,
                                              lambda: self.prisoner.value(), self)
        self.actions_button = QToolButton()
        self.actions_button.setText(_("&Actions"))
        self.actions_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.actions_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.actions_button.setToolTip(_("Reply, mark answered, record what the censor did"))
        self.held_label = QLabel()
        self.held_label.setWordWrap(True)
        self.held_label.setStyleSheet("QLabel { background: #fff4d6; color: #5c3d00; "
                                      "border: 1px solid #e6c36a; border-radius: 4px; "
                                      "padding: 6px; }")
        self.held_label.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.actions_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.save_close_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.addWidget(self.banner)
        layout.addWidget(self.held_label)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)

    def _field(self, form: QFormLayout, name: str, label: str, widget: QWidget) -> QWidget:
        box, error = with_error(widget)
        self.errors[name] = error
        label_widget = QLabel(label)
        label_widget.setBuddy(widget)
        self._labels.append(label_widget)
        form.addRow(label_widget, box)
        return widget

    def _build_letter_tab(self) -> QWidget:
        self.title = QLineEdit()
        self.title.setPlaceholderText(_("A short title, e.g. “Letter from the colony about the "
                                        "appeal”"))
        title_font = self.title.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.2)
        self.title.setFont(title_font)
        self.title.textChanged.connect(self._update_title)

        self.prisoner = SearchCombo()
        self.prisoner.lineEdit().setPlaceholderText(_("Choose the prisoner…"))
        self.direction = ValueCombo()
        self.direction.add_value(_("→ To the prisoner (outgoing)"), Direction.OUTGOING.value)
        self.direction.add_value(_("← From the prisoner (incoming)"), Direction.INCOMING.value)
        self.correspondent = SearchCombo()
        self.facility = SearchCombo()
        self.facility_hint = QLabel()
        self.facility_hint.setWordWrap(True)
        self.facility_hint.setEnabled(False)  # greyed: a hint, not a value
        self.facility_hint.hide()
        self.channel = ValueCombo()
        self.channel.set_items(enum_choices(Channel), Channel.POST.value)
        self.tracking_number = QLineEdit()
        self.tracking_number.setPlaceholderText(_("For registered post, e.g. RA123456789RU"))
        self.language = LanguageCombo()
        self.status = ValueCombo()
        self.status.set_items(enum_choices(LetterStatus), LetterStatus.DRAFT.value)
        self.override_label = QLabel()
        self.override_label.setWordWrap(True)
        self.override_label.setEnabled(False)  # greyed: a note
        self.override_label.hide()
        self.written_on = PartialDateEdit()
        self.sent_on = PartialDateEdit()
        self.received_on = PartialDateEdit()
        self.in_reply_to = SearchCombo()
        self.in_reply_to.setToolTip(_("The prisoner's letter this one answers"))
        self.replies_label = QLabel()
        self.replies_label.setWordWrap(True)
        self.replies_label.hide()
        self.expects_reply = QCheckBox(_("A reply is expected"))
        self.reply_due = PartialDateEdit()
        self.reply_due.setEnabled(False)
        self.expects_reply.toggled.connect(self.reply_due.setEnabled)
        self.published_in = QLineEdit()
        self.published_in.setPlaceholderText(_("Newspaper, site or channel"))
        self.published_url = QLineEdit()
        self.published_url.setPlaceholderText("https://…")
        self.published_on = PartialDateEdit()
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setMinimumHeight(70)

        self.summary = QPlainTextEdit()
        self.summary.setTabChangesFocus(True)
        self.summary.setPlaceholderText(_("What the letter is about, in a sentence or two"))
        self.summary.setFixedHeight(self.summary.fontMetrics().lineSpacing() * 3 + 14)
        self.body = QPlainTextEdit()
        self.body.setTabChangesFocus(True)
        self.body.setPlaceholderText(_("The text of the letter"))
        self.body.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        body_font = QFont(self.body.font())
        body_font.setPointSizeF(max(body_font.pointSizeF() * 1.2, 11.0))
        self.body.setFont(body_font)
        self.body.document().setDocumentMargin(10)

        who = QGroupBox(_("Who, where and how"))
        form = QFormLayout(who)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._field(form, "prisoner_id", _("Prisoner:"), self.prisoner)
        self._field(form, "direction", _("Direction:"), self.direction)
        self._field(form, "correspondent_id", _("Correspondent:"), self.correspondent)
        self._field(form, "facility_id", _("Facility:"),
                    with_note(self.facility, self.facility_hint))
        self._field(form, "channel", _("Channel:"), self.channel)
        self._field(form, "tracking_number", _("Tracking number:"), self.tracking_number)
        self._field(form, "language", _("Language:"), self.language)
        self._field(form, "status", _("Status:"), with_note(self.status, self.override_label))

        dates = QGroupBox(_("Dates"))
        form = QFormLayout(dates)
        self._field(form, "written_on", _("Written:"), self.written_on)
        self._field(form, "sent_on", _("Sent:"), self.sent_on)
        self._field(form, "received_on", _("Received:"), self.received_on)

        reply = QGroupBox(_("Replies"))
        form = QFormLayout(reply)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._field(form, "in_reply_to", _("Answers:"), self.in_reply_to)
        form.addRow("", self.replies_label)
        self._field(form, "expects_reply", "", self.expects_reply)
        self._field(form, "reply_due", _("Reply due by:"), self.reply_due)

        published = QGroupBox(_("Publication"))
        form = QFormLayout(published)
        self._field(form, "published_in", _("Published in:"), self.published_in)
        self._field(form, "published_url", _("Address (URL):"), self.published_url)
        self._field(form, "published_on", _("Published on:"), self.published_on)

        notes = QGroupBox(_("Notes"))
        notes_layout = QVBoxLayout(notes)
        box, self.errors["notes"] = with_error(self.notes)
        notes_layout.addWidget(box)

        width = max(label.sizeHint().width() for label in self._labels)
        for label in self._labels:  # one label column through every group
            label.setMinimumWidth(width)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 6, 0)
        for group in (who, dates, reply, published, notes):
            side_layout.addWidget(group)
        side_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(side)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(380)

        text = QWidget()
        text_layout = QVBoxLayout(text)
        text_layout.setContentsMargins(6, 0, 0, 0)
        text_layout.addWidget(QLabel(_("Summary:")))
        box, self.errors["summary"] = with_error(self.summary)
        text_layout.addWidget(box)
        body_label = QLabel(_("Text:"))
        body_label.setBuddy(self.body)
        text_layout.addWidget(body_label)
        box, self.errors["body"] = with_error(self.body)
        text_layout.addWidget(box, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(scroll)
        splitter.addWidget(text)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([480, 600])
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter

        page = QWidget()
        layout = QVBoxLayout(page)
        title_row = QFormLayout()
        box, self.errors["title"] = with_error(self.title)
        title_row.addRow(_("Title:"), box)
        layout.addLayout(title_row)
        layout.addWidget(splitter, 1)

        self.prisoner.chosen.connect(self._on_prisoner_chosen)
        self.direction.currentIndexChanged.connect(lambda _i: self._update_notices())
        self.status.currentIndexChanged.connect(lambda _i: self._update_notices())
        self.facility.chosen.connect(self._on_facility_chosen)
        for edit in (self.written_on, self.sent_on, self.received_on):
            edit.value_changed.connect(lambda _value: self._schedule_facility())
        self._watch_changes()
        return page

    def _watch_changes(self) -> None:
        for widget in (self.title, self.tracking_number, self.published_in, self.published_url,
                       *(getattr(self, name) for name in DATE_FIELDS)):
            widget.textChanged.connect(self._on_changed)
        for widget in (self.summary, self.body, self.notes):
            widget.textChanged.connect(self._on_changed)
        for widget in (self.prisoner, self.direction, self.correspondent, self.facility,
                       self.channel, self.language, self.status, self.in_reply_to):
            widget.currentIndexChanged.connect(self._on_changed)
            if widget.isEditable():
                widget.editTextChanged.connect(self._on_changed)
        self.expects_reply.toggled.connect(self._on_changed)

    def _resize_for_screen(self) -> None:
        screen = self.screen() or QGuiApplication.primaryScreen()
        available = screen.availableGeometry() if screen else None
        width, height = 1120, 720
        if available is not None:
            width = min(width, available.width() - 40)
            height = min(height, available.height() - 40)
        self.resize(width, height)
        self.setMinimumSize(min(760, width), min(520, height))

    # --- loading -------------------------------------------------------------------------

    def _set_busy(self, busy: bool) -> None:
        self.tabs.setEnabled(not busy)
        for button in (self.save_button, self.save_close_button):
            button.setEnabled(not busy)
        if busy:
            self.status_label.setText(_("Loading…") if self._snapshot is None
                                      else _("Saving…"))

    def _load_failed(self, error: Exception) -> None:
        self.status_label.setText("")
        message = str(error) if isinstance(error, StoreError) else _(
            "The letter could not be opened: {error}").format(error=error)
        if isinstance(error, NotFound):
            message = _("This letter no longer exists; it may have been deleted.")
        QMessageBox.warning(self, _("Letter"), message)
        self._force_close = True
        self.close()

    def _fill(self, data: EditorData) -> None:
        self.prisoner.set_items([(self._prisoner_label(name, latin), pid)
                                 for pid, name, latin in data.prisoners])
        self.correspondent.set_items([(_("(none)"), None), *[(name, cid) for cid, name
                                                              in data.correspondents]])
        self.facility.set_items([(_("(unknown, or in transit)"), None),
                                 *[(label, fid) for fid, label in data.facilities]])
        detail = data.detail
        if detail is not None:
            letter = detail.letter
            self.letter = letter
            self._kept = {name: getattr(letter, name) for name in KEPT_FIELDS}
            self._set_values(letter)
            self._facility_auto = letter.facility_id is None
            self._set_reply_choices(data.prisoner_letters, letter.in_reply_to)
            self._show_detail(detail)
        else:
            self.prisoner.set_value(self._initial_prisoner)
            self.correspondent.set_value(None)
            self.facility.set_value(None)
            self.language.set_code(None)
            self._set_reply_choices(data.prisoner_letters, None)
        for edit in (self.title, self.tracking_number, self.published_in, self.published_url):
            edit.setCursorPosition(0)  # long text: show its beginning
        self._update_tabs()
        self._set_busy(False)
        self.status_label.setText("")
        self._snapshot = self._state()
        self._update_title()
        if self._facility_auto and self.prisoner.value():
            self._look_up_facility()
        self._look_up_place()
        self._update_actions()
        (self.title if self.prisoner.value() else self.prisoner).setFocus()
        self.loaded.emit()

    @staticmethod
    def _prisoner_label(name: str, latin: str | None) -> str:
        return f"{name} ({latin})" if latin else name

    def _set_values(self, letter: Letter) -> None:
        self.prisoner.set_value(letter.prisoner_id)
        self.direction.set_value(letter.direction)
        self.correspondent.set_value(letter.correspondent_id)
        if letter.facility_id and self.facility.find_value(letter.facility_id) < 0:
            self.facility.add_value(letter.facility_id, letter.facility_id)
        self.facility.set_value(letter.facility_id)
        self.channel.set_value(letter.channel)
        self.tracking_number.setText(letter.tracking_number or "")
        self.language.set_code(letter.language)
        self.status.set_value(letter.status)
        self.title.setText(letter.title or "")
        self.summary.setPlainText(letter.summary or "")
        self.body.setPlainText(letter.body or "")
        for name in DATE_FIELDS:
            getattr(self, name).set_value(getattr(letter, name))
        self.expects_reply.setChecked(bool(letter.expects_reply))
        self.published_in.setText(letter.published_in or "")
        self.published_url.setText(letter.published_url or "")
        self.notes.setPlainText(letter.notes or "")
        self._set_override(letter.send_override_reason)
        self._facility_hint(None)

    def _set_reply_choices(self, letters: list[LetterChoice], current: str | None) -> None:
        items: list[tuple[str, object]] = [(_("(none)"), None)]
        items += [(letter_choice_label(c), c.id) for c in letters if c.id != self.letter_id]
        self.in_reply_to.set_items(items, current)
        if current and self.in_reply_to.value() != current:
            self.in_reply_to.set_value(None)

    def _show_detail(self, detail: LetterDetail) -> None:
        self._take_stored_changes(detail.letter)
        self.censorship.set_rows(detail.censorship_events)
        self.translations.set_rows(detail.translations)
        self.tabs.setTabText(1, _("&Censorship ({count})").format(
            count=len(detail.censorship_events)) if detail.censorship_events
            else _("&Censorship"))
        self.tabs.setTabText(2, _("&Translations ({count})").format(
            count=len(detail.translations)) if detail.translations else _("&Translations"))
        if detail.replies:
            lines = [letter_choice_label(LetterChoice(r.id, r.written_on or r.sent_on
                                                      or r.received_on, r.direction, r.title))
                     for r in detail.replies]
            self.replies_label.setText(ngettext("Answered by: {letters}",
                                                "Answered by: {letters}",
                                                len(lines)).format(letters="; ".join(lines)))
        self.replies_label.setVisible(bool(detail.replies))

    def _update_tabs(self) -> None:
        for tab in (self.censorship, self.translations):
            tab.set_letter(self.letter_id)

    def _reload_lists(self) -> None:
        if self.letter_id is None or self._snapshot is None:
            return
        letter_id = self.letter_id
        self.worker.submit(lambda store: store.letter_detail(letter_id),
                           on_done=if_alive(self, self._show_detail),
                           on_error=if_alive(self, self._lists_failed))

    def _lists_failed(self, error: Exception) -> None:
        if isinstance(error, NotFound):
            self.banner.show_problem(_("This letter has been deleted; saving it again creates "
                                       "it anew."))
            self.letter_id = None
            self.letter = None
            self._update_tabs()

    # --- the prisoner, the facility and the replies -------------------------------------

    def _on_prisoner_chosen(self, prisoner_id: str | None) -> None:
        self._schedule_facility()
        self._look_up_place()
        self._replies_serial += 1
        serial = self._replies_serial
        if not prisoner_id:
            self._set_reply_choices([], None)
            return
        self.worker.submit(
            lambda store: prisoner_letter_choices(store.db, prisoner_id),
            on_done=if_alive(self, lambda letters: serial == self._replies_serial
                             and self._set_reply_choices(letters, self.in_reply_to.value())))

    def _on_facility_chosen(self, _facility_id: str | None) -> None:
        self._facility_auto = False
        self._facility_timer.stop()
        self._facility_serial += 1
        self._facility_hint(None)

    def letter_date(self) -> str | None:
        """The letter's date as the table sorts it: the first date it has."""
        for edit in (self.written_on, self.sent_on, self.received_on):
            if edit.is_valid() and edit.value():
                return edit.value()
        return None

    def _schedule_facility(self) -> None:
        if self._facility_auto and self._snapshot is not None:
            self._facility_timer.start()

    def _look_up_facility(self) -> None:
        prisoner_id = self.prisoner.value()
        if not self._facility_auto or not prisoner_id:
            return
        self._facility_serial += 1
        serial = self._facility_serial
        on = self.letter_date()
        day = PartialDate.parse(on).earliest() if on else date.today()
        self.worker.submit(
            lambda store: store.facility_on(prisoner_id, day),
            on_done=if_alive(self, lambda facility: self._facility_found(serial, on, facility)),
            on_error=if_alive(self, lambda _error: None),
        )

    def _facility_found(self, serial: int, on: str | None, facility) -> None:
        if serial != self._facility_serial or not self._facility_auto:
            return
        if facility is not None and self.facility.find_value(facility.id) < 0:
            self.facility.add_value(facility.name, facility.id)
        self.facility.set_value(facility.id if facility else None)
        if on:
            hint = (_("Where the prisoner was held on {date}").format(
                date=format_partial_date(on)) if facility
                else _("No facility on record for {date}").format(date=format_partial_date(on)))
        else:
            hint = (_("Where the prisoner is held now (the letter has no date yet)") if facility
                    else _("No current facility on record"))
        self._facility_hint(hint)

    def _facility_hint(self, text: str | None) -> None:
        self.facility_hint.setText(text or "")
        self.facility_hint.setVisible(bool(text))

    # --- values, changes -------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """The letter as the form has it, for LetterIn."""
        values: dict[str, Any] = {
            "direction": self.direction.value(),
            "correspondent_id": self.correspondent.value(),
            "facility_id": self.facility.value(),
            "channel": self.channel.value(),
            "language": self.language.code(),
            "title": self.title.text(),
            "summary": self.summary.toPlainText(),
            "body": self.body.toPlainText(),
            "status": self.status.value(),
            "in_reply_to": self.in_reply_to.value(),
            "expects_reply": self.expects_reply.isChecked(),
            "tracking_number": self.tracking_number.text(),
            "published_in": self.published_in.text(),
            "published_url": self.published_url.text(),
            "notes": self.notes.toPlainText(),
            "send_override_reason": self._override_reason,
        }
        for name in DATE_FIELDS:
            values[name] = getattr(self, name).value()
        if self.prisoner.value():
            values["prisoner_id"] = self.prisoner.value()
        return values

    def _state(self) -> dict[str, Any]:
        state = self.values()
        state.update({f"{name}_text": getattr(self, name).text() for name in DATE_FIELDS})
        state["language_text"] = self.language.currentText()
        if self._facility_auto:
            state["facility_id"] = "auto"  # a default is not a change of the user's
        return state

    def is_dirty(self) -> bool:
        return self._snapshot is not None and self._state() != self._snapshot

    def _on_changed(self, *_args) -> None:
        self.setWindowModified(self.is_dirty())

    def _update_title(self, *_args) -> None:
        title = self.title.text().strip()
        if not title:
            title = _("New letter") if self.letter_id is None else _("Untitled letter")
        self.setWindowTitle(f"{title}[*] — LetterManager")
        self.setWindowModified(self.is_dirty())

    # --- reply actions and notices ------------------------------------------------------

    def _update_actions(self) -> None:
        """The Actions menu for the letter as saved (a new letter has none yet)."""
        direction = self.letter.direction if self.letter is not None else None
        menu = QMenu(self.actions_button)
        self.reply_actions.add_to_menu(menu, self.letter_id, direction)
        old = self.actions_button.menu()
        self.actions_button.setMenu(menu)
        if old is not None:
            old.deleteLater()
        self.actions_button.setEnabled(self.letter_id is not None)

    def action(self, text: str):
        """The Actions menu entry whose text starts with `text` (ampersands ignored)."""
        menu = self.actions_button.menu()
        for action in menu.actions() if menu else []:
            if action.text().replace("&", "").startswith(text):
                return action
        return None

    def reply(self) -> None:
        """Ctrl+R: a reply draft to this letter, if it came from the prisoner."""
        if self.letter_id and self.letter is not None \
                and self.letter.direction == Direction.INCOMING:
            self.reply_actions.reply(self.letter_id)

    def _open_other(self, letter_id: str) -> None:
        signal = QMetaMethod.fromSignal(self.open_letter_requested)
        if self.isSignalConnected(signal):
            self.open_letter_requested.emit(letter_id)
            return
        editor = LetterEditor(self.worker, letter_id=letter_id, parent=self.parentWidget())
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        editor.show()

    def _take_stored_changes(self, stored: Letter) -> None:
        """Changes made by actions (answered, a censor's verdict) while the editor is open:
        keep them, and show a new status unless the user has changed it in the form."""
        self._kept = {name: getattr(stored, name) for name in KEPT_FIELDS}
        if self.letter is None or self._snapshot is None:
            return
        if stored.status != self.letter.status and self.status.value() == self.letter.status:
            self.status.set_value(stored.status)
            self._snapshot["status"] = stored.status
            self._on_changed()
        self.letter = stored

    def _look_up_place(self) -> None:
        prisoner_id = self.prisoner.value()
        self._place_serial += 1
        serial = self._place_serial
        if not prisoner_id:
            self._place = None
            self._update_notices()
            return
        self.worker.submit(lambda store: store.current_place(prisoner_id),
                           on_done=if_alive(self, lambda place: self._place_found(serial,
                                                                                   place)),
                           on_error=if_alive(self, lambda _error: None))

    def _place_found(self, serial: int, place) -> None:
        if serial == self._place_serial:
            self._place = place
            self._update_notices()

    def _update_notices(self) -> None:
        """An outgoing letter while the prisoner is in transit is held as a draft."""
        place = self._place
        in_transit = place is not None and place.place == Place.IN_TRANSIT
        outgoing = self.direction.value() == Direction.OUTGOING.value
        text = ""
        if in_transit and outgoing:
            since = format_partial_date(place.since) if place.since else _("an unknown date")
            if self.status.value() in NOT_SENT:
                text = _("Held as a draft: the prisoner is in transit (since {date}). Send it "
                         "once the new facility is known, so it does not go to a stale "
                         "address.").format(date=since)
            elif self.letter is None or self.letter.status in NOT_SENT:
                text = _("The prisoner is in transit (since {date}): a letter sent now goes "
                         "to a stale address. Keep it as a draft until the new facility is "
                         "known.").format(date=since)
        self.held_label.setText(text)
        self.held_label.setVisible(bool(text))

    # --- saving --------------------------------------------------------------------------

    def show_problems(self, problems: list[tuple[str, str]]) -> None:
        for error in self.errors.values():
            error.show_problem(None)
        general: list[str] = []
        first: str | None = None
        for field, message in problems:
            error = self.errors.get(field)
            if field == "prisoner_id" and message == _("is required"):
                message = _("Choose the prisoner the letter is to or from")
            if error is not None:
                error.show_problem(problem_text(message))
                first = first or field
            else:
                general.append(problem_text(message))
        if problems:
            general.insert(0, _("The letter was not saved; correct what is marked."))
        self.banner.show_problem(" ".join(general) if general else None)
        if first is not None:
            self.tabs.setCurrentIndex(0)
            widget = getattr(self, first.removesuffix("_id"), None)
            if isinstance(widget, QWidget):
                widget.setFocus()

    def save(self, close_after: bool = False) -> None:
        if self._saving or self._snapshot is None:
            return
        bad_dates = [(name, _("This is not a date; write YYYY, YYYY-MM or YYYY-MM-DD."))
                     for name in DATE_FIELDS if not getattr(self, name).is_valid()]
        if bad_dates:
            self.show_problems(bad_dates)
            return
        values = {**self._kept, **self.values()}
        letter_id = self.letter_id

        def operation(store) -> Letter:
            if letter_id is None:
                letter = store.create(validate(LetterIn, values))
            else:
                letter = store.update(Letter, letter_id, values)
            # A letter its facility cannot take as written waits in the translation queue.
            ensure_translation_request(store, letter.id, date.today().isoformat())
            return letter

        self._saving = True
        self._close_after_save = close_after
        self._set_busy(True)
        self.worker.submit(operation, on_done=if_alive(self, self._saved),
                           on_error=if_alive(self, self._save_failed), writes=True)

    def _saved(self, letter: Letter) -> None:
        self._saving = False
        self._set_busy(False)
        self.letter_id = letter.id
        self.letter = letter
        self.show_problems([])
        self._snapshot = self._state()
        self._update_title()
        self._update_tabs()
        self._update_actions()
        self.status_label.setText(_("Saved."))
        self.saved.emit(letter.id)
        if self._close_after_save:
            self._force_close = True
            self.close()

    def _save_failed(self, error: Exception) -> None:
        closing = self._close_after_save
        self._saving = False
        self._close_after_save = False
        self._set_busy(False)
        self.status_label.setText("")
        if isinstance(error, InvalidInput):
            self.show_problems(error.problems)
            blocked = is_send_block(self.values(), error.problems)
            if blocked:
                self._offer_send_anyway(blocked, close_after=closing)
        elif isinstance(error, StoreError):
            self.show_problems([("record", str(error))])
        else:
            self.show_problems([("record", _("It could not be saved: {error}").format(
                error=error))])

    # --- a letter its facility cannot take as written -------------------------------------

    def _set_override(self, reason: str | None) -> None:
        self._override_reason = reason or None
        self.override_label.setText(_("Goes without its translation: {reason}").format(
            reason=reason) if reason else "")
        self.override_label.setVisible(bool(reason))

    def _offer_send_anyway(self, reason: str, *, close_after: bool) -> None:
        values, letter_id, today = self.values(), self.letter_id, date.today().isoformat()
        self.worker.submit(lambda store: look_up_block(store, values, letter_id, today),
                           on_done=if_alive(self, lambda block: self._show_block(
                               block, close_after)),
                           on_error=lambda _error: None, writes=letter_id is not None)

    def _show_block(self, block: SendBlock, close_after: bool) -> None:
        if block.target is None:
            return  # the facility changed meanwhile; the refusal stays under the field
        self.errors["status"].show_problem(block_text(block))
        dialog = SendAnywayDialog(block, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.send_anyway.connect(lambda why: self._send_anyway(why, close_after))
        self.send_block_dialog = dialog
        dialog.open()

    def _send_anyway(self, reason: str, close_after: bool) -> None:
        self._set_override(reason)
        self.save(close_after=close_after)

    # --- closing -------------------------------------------------------------------------

    def reject(self) -> None:
        """Escape, the Close button and the window's close box all come here."""
        if self._force_close or (not self._saving and not self.is_dirty()):
            super().reject()
            return
        if self._saving:
            return  # closes by itself when the save succeeds, if asked to
        answer = QMessageBox.question(
            self, _("Unsaved changes"),
            _("This letter has changes that are not saved. Save them?"),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            self.save(close_after=True)
        elif answer == QMessageBox.StandardButton.Discard:
            self._force_close = True
            super().reject()

    def closeEvent(self, event) -> None:  # noqa: N802
        self.reject()
        if self.isVisible():
            event.ignore()
        else:
            event.accept()


def with_note(field: QWidget, note: QWidget) -> QWidget:
    """A form field with a small note under it (where the facility default came from, why a
    letter may go without its translation)."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(field)
    layout.addWidget(note)
    return box
