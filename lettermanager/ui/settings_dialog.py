"""Edit > Settings…: who I am, the interface language, the sender's address, reply and
contact rhythms, and how many backups to keep. Loaded and saved through the worker."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..domain.enums import Channel
from ..i18n import _
from ..store.errors import StoreError
from ..store.settings import Settings
from .display import enum_choices
from .guards import if_alive
from .worker import DatabaseWorker

# Each language named in itself, so anyone can find theirs.
LANGUAGES = (("en", "English"), ("ru", "Русский"), ("uk", "Українська"), ("fr", "Français"))


def _days(maximum: int = 3650) -> QSpinBox:
    box = QSpinBox()
    box.setRange(1, maximum)
    box.setSuffix(_(" days"))
    return box


class SettingsDialog(QDialog):
    """`loaded()` once the form shows the saved settings; `saved(Settings)` after a save."""

    loaded = Signal()
    saved = Signal(object)

    def __init__(self, worker: DatabaseWorker, parent: QWidget | None = None):
        super().__init__(parent)
        self.worker = worker
        self.settings: Settings | None = None
        self.setWindowTitle(_("Settings"))

        self.user_name = QLineEdit()
        self.user_name.setPlaceholderText(_("Shown on the translations you claim"))
        self.language = QComboBox()
        self.language.addItem(_("As the system"), None)
        for code, name in LANGUAGES:
            self.language.addItem(name, code)
        self.language_note = QLabel(_("The new language applies after LetterManager is "
                                      "restarted."))
        self.language_note.setWordWrap(True)
        self.language_note.hide()
        self.language.currentIndexChanged.connect(self._language_changed)
        self.sender_address = QPlainTextEdit()
        self.sender_address.setTabChangesFocus(True)
        self.sender_address.setPlaceholderText(_("Your name and postal address, as printed "
                                                  "on envelopes"))
        self.sender_address.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 14)

        general = QGroupBox(_("You"))
        form = QFormLayout(general)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(_("Your &name:"), self.user_name)
        form.addRow(_("Interface &language:"), self.language)
        form.addRow("", self.language_note)
        form.addRow(_("Sender &address:"), self.sender_address)

        self.reply_days: dict[str, QSpinBox] = {}
        replies = QGroupBox(_("Days to wait for a reply"))
        form = QFormLayout(replies)
        for label, value in enum_choices(Channel):
            self.reply_days[value] = _days()
            form.addRow(label + ":", self.reply_days[value])
        self.sending_from_abroad = QCheckBox(_("I send letters from abroad"))
        self.international_days = _days()
        form.addRow(self.sending_from_abroad)  # spans the row: long in ru/fr
        form.addRow(_("International post:"), self.international_days)

        rhythm = QGroupBox(_("Contact and backups"))
        form = QFormLayout(rhythm)
        self.contact_interval = _days()
        self.contact_interval.setToolTip(_("Write to each prisoner at least this often, unless "
                                           "the prisoner's page says otherwise"))
        form.addRow(_("Write to each prisoner every:"), self.contact_interval)
        self.backups_daily = QSpinBox()
        self.backups_daily.setRange(1, 365)
        self.backups_weekly = QSpinBox()
        self.backups_weekly.setRange(0, 520)
        form.addRow(_("Daily backups to keep:"), self.backups_daily)
        form.addRow(_("Weekly backups to keep:"), self.backups_weekly)

        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b3261e;")
        self.problem.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.buttons.setEnabled(False)

        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(general)
        left.addWidget(rhythm)
        left.addStretch(1)
        columns.addLayout(left, 3)
        columns.addWidget(replies, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        # a preferred width, not a minimum: the layout's own minimum (long ru/fr labels) wins
        self.resize(max(820, self.sizeHint().width()), self.sizeHint().height())

        worker.submit(lambda store: store.settings(), on_done=if_alive(self, self._fill),
                      on_error=if_alive(self, self._failed))

    def _fill(self, settings: Settings) -> None:
        self.settings = settings
        self.user_name.setText(settings.user_name)
        index = self.language.findData(settings.language)
        self.language.blockSignals(True)
        self.language.setCurrentIndex(max(index, 0))
        self.language.blockSignals(False)
        self.sender_address.setPlainText(settings.sender_address)
        for channel, box in self.reply_days.items():
            box.setValue(settings.reply_days.get(channel, 45))
        self.sending_from_abroad.setChecked(settings.sending_from_abroad)
        self.international_days.setValue(settings.international_post_days)
        self.contact_interval.setValue(settings.contact_interval_days)
        self.backups_daily.setValue(settings.backups_daily)
        self.backups_weekly.setValue(settings.backups_weekly)
        self.buttons.setEnabled(True)
        self.loaded.emit()

    def _language_changed(self, _index: int) -> None:
        saved = self.settings.language if self.settings else None
        self.language_note.setVisible(self.language.currentData() != saved)

    def values(self) -> Settings:
        base = self.settings or Settings()
        return replace(
            base,
            user_name=self.user_name.text().strip(),
            language=self.language.currentData(),
            sender_address=self.sender_address.toPlainText().strip(),
            reply_days={**base.reply_days,
                        **{channel: box.value() for channel, box in self.reply_days.items()}},
            sending_from_abroad=self.sending_from_abroad.isChecked(),
            international_post_days=self.international_days.value(),
            contact_interval_days=self.contact_interval.value(),
            backups_daily=self.backups_daily.value(),
            backups_weekly=self.backups_weekly.value(),
        )

    def save(self) -> None:
        settings = self.values()
        self.buttons.setEnabled(False)
        self.worker.submit(lambda store: store.save_settings(settings),
                           on_done=if_alive(self, lambda _r: self._saved(settings)),
                           on_error=if_alive(self, self._failed), writes=True)

    def _saved(self, settings: Settings) -> None:
        self.settings = settings
        self.saved.emit(settings)
        self.accept()

    def _failed(self, error: Exception) -> None:
        self.buttons.setEnabled(self.settings is not None)
        reason = str(error) if isinstance(error, StoreError) else getattr(
            error, "strerror", None) or str(error)
        self.problem.setText(_("The settings could not be saved: {reason}").format(
            reason=reason) if self.settings is not None
            else _("The settings could not be read: {reason}").format(reason=reason))
        self.problem.show()
