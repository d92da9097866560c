"""The side-by-side translation editor: the original on the left, the translation on the right.

The two texts scroll together (each side moves the other to the same proportion), each shows
its word count, and the translation is saved as work in progress a few seconds after typing
stops, on Ctrl+S and on closing. Closing never loses text: if the last save failed the editor
stays open and says why. Opening a queued translation claims it for the user; one that someone
else holds, or that is finished, opens read-only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from babel.dates import format_time
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ..domain.enums import TranslationStatus
from ..domain.translation_rules import FINISHED
from ..i18n import _, ngettext
from ..store import translation_queue as tq
from ..store.errors import InvalidInput, StoreError
from ..store.models import Letter, Prisoner, Translation
from .display import babel_locale, enum_label, format_partial_date, language_name
from .form_fields import FieldError
from .guards import if_alive
from .translation_work import DONE, REVIEW, format_timestamp, submit_action
from .worker import DatabaseWorker

AUTOSAVE_MS = 3000  # how long after the last keystroke the work is saved
WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def word_count(text: str) -> int:
    return len(WORD.findall(text))


@dataclass
class TranslationWork:
    translation: Translation
    letter: Letter
    prisoner_name: str
    claim_refused: str | None  # why the user could not claim it, if so


def load_work(store, translation_id: str, who: str) -> TranslationWork:
    """The translation and its letter; a queued translation is claimed for `who` first."""
    translation = store.get(Translation, translation_id)
    refused = None
    if translation.status == TranslationStatus.QUEUED:
        try:
            translation = tq.claim(store, translation_id, who)
        except tq.ClaimRefused as error:
            refused = "; ".join(message for _field, message in error.problems)
    letter = store.get(Letter, translation.letter_id)
    prisoner = store.get(Prisoner, letter.prisoner_id)
    return TranslationWork(translation, letter, prisoner.full_name, refused)


def proportional(value: int, source_max: int, target_max: int) -> int:
    """The scroll position on the other side: the same fraction of its length."""
    if source_max <= 0:
        return 0
    return round(value / source_max * target_max)


class TranslationEditor(QDialog):
    """Signals: `loaded()` once the texts are shown; `saved()` after each save of the text;
    `open_letter(letter_id)` when the user asks to see the letter itself."""

    loaded = Signal()
    saved = Signal()
    open_letter = Signal(str)
    closed_after_save = Signal()  # closing waited for a save, and it is done

    def __init__(self, worker: DatabaseWorker, translation_id: str, user_name: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.worker = worker
        self.translation_id = translation_id
        self.user_name = user_name
        self.translation: Translation | None = None
        self.letter: Letter | None = None
        self._saved_text: str | None = None  # None: not loaded yet
        self._saving = False
        self._close_after_save = False
        self._force_close = False
        self._syncing = False
        self._leader: QPlainTextEdit | None = None  # the side the user scrolled last
        self._pending_finish: str | None = None  # review / done, asked for while saving
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.setSizeGripEnabled(True)
        self.setWindowTitle(_("Translation") + "[*] — LetterManager")
        self._build()
        self._resize_for_screen()

        self.autosave_timer = QTimer(self, singleShot=True, interval=AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.save)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, self.save)
        self.status_label.setText(_("Loading…"))
        worker.submit(lambda store: load_work(store, translation_id, user_name),
                      on_done=if_alive(self, self._fill),
                      on_error=if_alive(self, self._load_failed), writes=True)

    # --- building ------------------------------------------------------------------------

    def _build(self) -> None:
        self.heading = QLabel()
        heading_font = QFont(self.heading.font())
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.2)
        heading_font.setBold(True)
        self.heading.setFont(heading_font)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.banner = FieldError()

        self.original = self._text_edit(read_only=True)
        self.original.setPlaceholderText(_("The letter has no text yet."))
        self.translated = self._text_edit(read_only=True)  # until its text is loaded
        self.translated.setPlaceholderText(_("Write the translation here…"))
        self.original_caption, self.original_words = QLabel(), QLabel()
        self.translated_caption, self.translated_words = QLabel(), QLabel()
        self.original_caption.setBuddy(self.original)
        self.translated_caption.setBuddy(self.translated)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self._side(self.original_caption, self.original,
                                           self.original_words))
        self.splitter.addWidget(self._side(self.translated_caption, self.translated,
                                           self.translated_words))
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([1, 1])

        self.sync_box = QCheckBox(_("Scroll &together"))
        self.sync_box.setChecked(True)
        self.sync_box.setToolTip(_("Scrolling one text scrolls the other to the same place"))
        self.status_label = QLabel()
        self.letter_button = QPushButton(_("Open &letter"))
        self.letter_button.clicked.connect(
            lambda: self.letter is not None and self.open_letter.emit(self.letter.id))
        self.review_button = QPushButton(_("Send for re&view"))
        self.review_button.clicked.connect(lambda: self._finish(REVIEW))
        self.done_button = QPushButton(_("Mark &done"))
        self.done_button.clicked.connect(lambda: self._finish(DONE))
        self.save_button = QPushButton(_("&Save"))
        self.save_button.setToolTip(_("Save the translation now (Ctrl+S); it is also saved a "
                                      "few seconds after you stop typing"))
        self.save_button.clicked.connect(self.save)
        self.close_button = QPushButton(_("Close"))
        self.close_button.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.sync_box)
        buttons.addSpacing(12)
        buttons.addWidget(self.status_label, 1)
        for button in (self.letter_button, self.review_button, self.done_button,
                       self.save_button, self.close_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.addWidget(self.heading)
        layout.addWidget(self.details)
        layout.addWidget(self.banner)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(buttons)

        for this, other in ((self.original, self.translated), (self.translated, self.original)):
            this.verticalScrollBar().valueChanged.connect(
                lambda value, a=this, b=other: self._sync_scroll(a, b, value))
            # A plain text edit lays long text out lazily, so its length grows as it scrolls:
            # follow the side the user moved last again when the other side's length changes.
            this.verticalScrollBar().rangeChanged.connect(
                lambda _low, _high, a=this: self._follow_leader(a))
        self.original.textChanged.connect(self._count_words)
        self.translated.textChanged.connect(self._on_typed)
        for button in (self.review_button, self.done_button, self.save_button):
            button.setEnabled(False)

    def _text_edit(self, *, read_only: bool) -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setReadOnly(read_only)
        edit.setTabChangesFocus(True)
        edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        font = QFont(edit.font())
        font.setPointSizeF(max(font.pointSizeF() * 1.15, 11.0))
        edit.setFont(font)
        edit.document().setDocumentMargin(10)
        return edit

    @staticmethod
    def _side(caption: QLabel, edit: QPlainTextEdit, words: QLabel) -> QWidget:
        side = QWidget()
        layout = QVBoxLayout(side)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        caption_font = QFont(caption.font())
        caption_font.setBold(True)
        caption.setFont(caption_font)
        header = QHBoxLayout()
        header.addWidget(caption, 1)
        words.setEnabled(False)  # greyed: information
        header.addWidget(words)
        layout.addLayout(header)
        layout.addWidget(edit, 1)
        return side

    def _resize_for_screen(self) -> None:
        screen = QGuiApplication.primaryScreen()
        area = screen.availableGeometry() if screen else None
        if area is None:
            self.resize(1100, 700)
            return
        self.resize(min(1200, area.width() - 40), min(800, area.height() - 60))

    # --- loading -------------------------------------------------------------------------

    def _fill(self, work: TranslationWork) -> None:
        self.translation, self.letter = work.translation, work.letter
        translation, letter = work.translation, work.letter
        self.heading.setText(letter.title or _("(untitled letter)"))
        self.setWindowTitle(_("Translation of “{letter}”").format(
            letter=letter.title or _("(untitled letter)")) + "[*] — LetterManager")
        self.original_caption.setText(_("&Original — {language}").format(
            language=language_name(translation.source_language)))
        self.translated_caption.setText(_("&Translation — {language}").format(
            language=language_name(translation.target_language)))
        self.original.setPlainText(letter.body or "")
        self._saved_text = translation.text or ""
        self.translated.blockSignals(True)
        self.translated.setPlainText(self._saved_text)
        self.translated.blockSignals(False)
        self._count_words()
        self._show_state(translation)
        editable = self._editable(translation)
        self.translated.setReadOnly(not editable)
        if work.claim_refused:
            self.banner.show_problem(_("You cannot claim this translation: {reason}. It is "
                                       "shown read-only.").format(reason=work.claim_refused))
        elif not editable:
            self.banner.show_problem(self._read_only_reason(translation))
        else:
            self.banner.show_problem(None)
        self.status_label.setText("")
        self.save_button.setEnabled(editable)
        self.review_button.setEnabled(
            editable and translation.status != TranslationStatus.IN_REVIEW)
        self.done_button.setEnabled(editable)
        (self.translated if editable else self.original).setFocus()
        self.loaded.emit()

    def _editable(self, translation: Translation) -> bool:
        if translation.status in FINISHED:
            return False
        return not (translation.status == TranslationStatus.IN_PROGRESS
                    and translation.translator != self.user_name)

    def _read_only_reason(self, translation: Translation) -> str:
        if translation.status in FINISHED:
            return _("This translation is {state}; it is shown read-only.").format(
                state=enum_label(translation.status, TranslationStatus).lower())
        return _("{name} has claimed this translation; it is shown read-only.").format(
            name=translation.translator)

    def _show_state(self, translation: Translation) -> None:
        parts = [enum_label(translation.status, TranslationStatus)]
        if translation.status == TranslationStatus.IN_PROGRESS and translation.translator:
            parts.append(_("claimed by {name} since {time}").format(
                name=translation.translator, time=format_timestamp(translation.claimed_at)))
        elif translation.translator:
            parts.append(_("translator: {name}").format(name=translation.translator))
        if translation.due_on:
            parts.append(_("due {date}").format(date=format_partial_date(translation.due_on)))
        self.details.setText("  ·  ".join(parts))

    def _load_failed(self, error: Exception) -> None:
        message = str(error) if isinstance(error, StoreError) else _(
            "The translation could not be opened: {error}").format(error=error)
        QMessageBox.warning(self, _("Translation"), message)
        self._force_close = True
        self.close()

    # --- words and scrolling ---------------------------------------------------------------

    def _count_words(self) -> None:
        for edit, label in ((self.original, self.original_words),
                            (self.translated, self.translated_words)):
            count = word_count(edit.toPlainText())
            label.setText(ngettext("{n} word", "{n} words", count).format(n=count))

    def _sync_scroll(self, source: QPlainTextEdit, target: QPlainTextEdit, value: int) -> None:
        if self._syncing or not self.sync_box.isChecked():
            return
        self._leader = source
        self._syncing = True
        try:
            bar = target.verticalScrollBar()
            for _attempt in range(50):  # scrolling may lay out more text and lengthen it
                length = bar.maximum()
                # The bar's own value, not the signal's: a lazily laid out text can report
                # its positions out of order while it grows.
                here = source.verticalScrollBar()
                bar.setValue(proportional(here.value(), here.maximum(), length))
                if bar.maximum() == length:
                    break
        finally:
            self._syncing = False

    def _follow_leader(self, follower: QPlainTextEdit) -> None:
        leader = self._leader
        if leader is not None and leader is not follower:
            self._sync_scroll(leader, follower, leader.verticalScrollBar().value())

    # --- saving --------------------------------------------------------------------------

    def text(self) -> str:
        return self.translated.toPlainText()

    def is_dirty(self) -> bool:
        return self._saved_text is not None and self.text() != self._saved_text

    def _on_typed(self) -> None:
        self._count_words()
        self.setWindowModified(self.is_dirty())
        if self.is_dirty():
            self.status_label.setText(_("Not saved yet"))
            self.autosave_timer.start()

    def save(self) -> None:
        """Save the text as work in progress (nothing happens when it is already saved)."""
        self.autosave_timer.stop()
        if self._saving or self.translated.isReadOnly() or not self.is_dirty():
            if self._close_after_save and not self._saving:
                self._force_close = True
                self.close()
            return
        text = self.text()
        translation_id, who = self.translation_id, self.user_name
        self._saving = True
        self.status_label.setText(_("Saving…"))
        self.worker.submit(lambda store: tq.save_work(store, translation_id, who, text),
                           on_done=if_alive(self, lambda t: self._saved(t, text)),
                           on_error=if_alive(self, self._save_failed), writes=True)

    def _saved(self, translation: Translation, text: str) -> None:
        self._saving = False
        self._saved_text = text
        self.translation = translation
        now = format_time(datetime.now(), "short", locale=babel_locale())
        self.status_label.setText(_("Saved {time}").format(time=now))
        self.banner.show_problem(None)
        self.setWindowModified(self.is_dirty())
        self.saved.emit()
        if self._close_after_save:
            if self.is_dirty():
                self.save()  # typed while saving: save that too, then close
            else:
                self._force_close = True
                self.close()
                self.closed_after_save.emit()
        elif self._pending_finish:
            action, self._pending_finish = self._pending_finish, None
            self._finish(action)
        elif self.is_dirty():
            self.autosave_timer.start()

    def _save_failed(self, error: Exception) -> None:
        self._saving = False
        self._pending_finish = None
        closing, self._close_after_save = self._close_after_save, False
        if isinstance(error, InvalidInput):
            reason = "; ".join(message for _field, message in error.problems)
        else:
            reason = str(error)
        self.status_label.setText(_("Not saved"))
        message = _("The translation could not be saved: {reason}. Your text is still here; "
                    "copy it somewhere safe if this goes on.").format(reason=reason)
        self.banner.show_problem(message)
        if closing:
            QMessageBox.warning(self, _("Translation not saved"), message)

    def _finish(self, action: str) -> None:
        """Send for review or mark done, once the text is saved."""
        if self._saving or self.is_dirty():
            self._pending_finish = action  # runs when the save is done
            self.save()
            return
        submit_action(self.worker, self, action, self.translation_id, self.user_name,
                      on_done=self._finished)

    def _finished(self, translation: Translation) -> None:
        self.translation = translation
        self._show_state(translation)
        if not self._editable(translation):
            self.translated.setReadOnly(True)
            for button in (self.review_button, self.done_button, self.save_button):
                button.setEnabled(False)
        self.review_button.setEnabled(self._editable(translation)
                                      and translation.status != TranslationStatus.IN_REVIEW)

    # --- closing -------------------------------------------------------------------------

    def reject(self) -> None:
        """Escape, Close and the window's close box: unsaved text is saved first."""
        if self._force_close or (not self._saving and not self.is_dirty()):
            self.autosave_timer.stop()
            super().reject()
            return
        self._close_after_save = True
        if not self._saving:
            self.save()

    def closeEvent(self, event) -> None:  # noqa: N802
        self.reject()
        if self.isVisible() and not self._force_close:
            event.ignore()
        else:
            event.accept()
