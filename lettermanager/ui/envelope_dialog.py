"""The envelope dialog: choose a format, check or correct the recipient line, preview, then
print or save as PDF. The corrected line is kept per prisoner; the sender's address is kept in
the settings."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..domain.addressing import BAD_POSTCODE, NO_POSTCODE, NO_STREET
from ..i18n import _
from ..store.envelopes import EnvelopeData, envelope_data, set_envelope_name
from ..store.service import Store
from .envelope_render import (
    FORMATS,
    LABELS_PER_SHEET,
    EnvelopeText,
    page_layout,
    render,
    render_image,
    save_pdf,
)
from .guards import if_alive
from .worker import DatabaseWorker

PROBLEM_TEXT = {
    NO_POSTCODE: lambda: _("The facility has no postcode: the post needs the 6-digit index."),
    BAD_POSTCODE: lambda: _("The facility's postcode is not 6 digits."),
    NO_STREET: lambda: _("The facility has no street address."),
}


def safe_file_name(text: str) -> str:
    kept = "".join(c if c.isalnum() or c in " -_." else "_" for c in text).strip()
    return kept[:80] or "envelope"


class EnvelopeDialog(QDialog):
    def __init__(self, worker: DatabaseWorker, prisoner_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.worker = worker
        self.prisoner_id = prisoner_id
        self.data: EnvelopeData | None = None
        self._saved_recipient = ""
        self._saved_sender = ""
        self.setWindowTitle(_("Print envelope"))
        self._preview_timer = QTimer(self, singleShot=True, interval=150)
        self._preview_timer.timeout.connect(self.update_preview)
        self._build()
        self._set_enabled(False)
        worker.submit(lambda store: envelope_data(store, prisoner_id),
                      if_alive(self, self._loaded), if_alive(self, self._load_failed))

    def _build(self) -> None:
        self.format = QComboBox()
        for paper in FORMATS.values():
            self.format.addItem(_(paper.label), paper.key)
        self.count = QSpinBox(minimum=1, maximum=LABELS_PER_SHEET, value=1)
        self.start = QSpinBox(minimum=1, maximum=LABELS_PER_SHEET, value=1)
        self.start.setToolTip(_("The first free label on the sheet, counted row by row"))
        labels_row = QHBoxLayout()
        labels_row.addWidget(self.count)
        labels_row.addWidget(QLabel(_("starting at label")))
        labels_row.addWidget(self.start)
        labels_row.addStretch(1)
        self.labels_box = QWidget()
        self.labels_box.setLayout(labels_row)
        labels_row.setContentsMargins(0, 0, 0, 0)

        self.recipient = QLineEdit()
        self.recipient.setToolTip(_("Surname, first name and patronymic in the dative case, "
                                    "then the birth year. Your correction is kept."))
        self.reset_button = QPushButton(_("Use &generated"))
        self.reset_button.setAutoDefault(False)
        self.reset_button.clicked.connect(self._reset_recipient)
        recipient_row = QHBoxLayout()
        recipient_row.addWidget(self.recipient, 1)
        recipient_row.addWidget(self.reset_button)
        self.address = QLabel()
        self.address.setTextFormat(Qt.TextFormat.PlainText)
        self.address.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #b00020")
        self.sender = QPlainTextEdit()
        self.sender.setPlaceholderText(_("Your name and postal address, with the postcode"))
        self.sender.setTabChangesFocus(True)
        self.sender.setFixedHeight(self.sender.fontMetrics().lineSpacing() * 5 + 12)

        form = QFormLayout()
        form.addRow(_("&Format:"), self.format)
        form.addRow(_("Labels:"), self.labels_box)
        recipient_label = QLabel(_("&Recipient:"))
        recipient_label.setBuddy(self.recipient)
        form.addRow(recipient_label, recipient_row)
        form.addRow(_("Address:"), self.address)
        form.addRow("", self.problems)
        form.addRow(_("&Sender:"), self.sender)

        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(520, 280)
        self.preview.setStyleSheet("background: palette(dark); padding: 8px")

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.print_button = buttons.addButton(_("&Print…"),
                                              QDialogButtonBox.ButtonRole.ActionRole)
        self.pdf_button = buttons.addButton(_("Save P&DF…"),
                                            QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.clicked.connect(self.print_to_printer)
        self.pdf_button.clicked.connect(lambda: self.save_pdf_as())
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview, 1)
        layout.addWidget(buttons)

        self.format.currentIndexChanged.connect(self._format_changed)
        for signal in (self.recipient.textChanged, self.sender.textChanged,
                       self.count.valueChanged, self.start.valueChanged):
            signal.connect(lambda *_a: self._preview_timer.start())
        self._format_changed()

    # --- loading -------------------------------------------------------------------------

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.recipient, self.reset_button, self.sender, self.print_button,
                       self.pdf_button):
            widget.setEnabled(enabled)

    def _loaded(self, data: EnvelopeData) -> None:
        self.data = data
        self._saved_recipient = data.recipient
        self._saved_sender = data.sender
        self.recipient.setText(data.recipient)
        self.recipient.setCursorPosition(0)  # show the name's start, not its cut-off end
        self.sender.setPlainText(data.sender)
        if data.facility_name is None:
            self.address.setText(_("(no current facility)"))
            problems = [_("The prisoner is not held at a known facility now: record a move "
                          "first, or write the address by hand.")]
        else:
            self.address.setText(data.address.text())
            problems = [PROBLEM_TEXT[code]() for code in data.problems]
        self.problems.setText("\n".join(problems))
        self.problems.setVisible(bool(problems))
        self._set_enabled(True)
        self.update_preview()

    def _load_failed(self, error: Exception) -> None:
        QMessageBox.warning(self, _("Print envelope"),
                            _("Could not read the prisoner's record: {error}").format(
                                error=error))
        self.reject()

    # --- what is printed -------------------------------------------------------------------

    def paper(self):
        return FORMATS[self.format.currentData()]

    def envelope_text(self) -> EnvelopeText:
        data = self.data
        return EnvelopeText(
            recipient=self.recipient.text().strip(),
            address_lines=list(data.address.lines) if data else [],
            postcode=data.address.postcode if data else "",
            sender=self.sender.toPlainText().strip(),
        )

    def _options(self) -> dict:
        if not self.paper().sheet:
            return {}
        return {"count": self.count.value(), "start": self.start.value()}

    def _format_changed(self, *_args) -> None:
        self.labels_box.setEnabled(self.paper().sheet)
        self._preview_timer.start()

    def _reset_recipient(self) -> None:
        if self.data is not None:
            self.recipient.setText(self.data.generated)
            self.recipient.setCursorPosition(0)

    def update_preview(self) -> None:
        image = render_image(self.paper(), self.envelope_text(), dpi=110, **self._options())
        pixmap = QPixmap.fromImage(image)
        room = self.preview.contentsRect().size().shrunkBy(
            self.preview.contentsMargins()) if self.preview.isVisible() else None
        if room is not None and room.width() > 50 and room.height() > 50:
            pixmap = pixmap.scaled(room, Qt.AspectRatioMode.KeepAspectRatio,
                                   Qt.TransformationMode.SmoothTransformation)
        self.preview.setPixmap(pixmap)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._preview_timer.start()

    # --- keeping the corrections -----------------------------------------------------------

    def keep_changes(self) -> None:
        """Save a corrected recipient line (per prisoner) and a changed sender (settings)."""
        recipient = self.recipient.text().strip()
        sender = self.sender.toPlainText().strip()
        if self.data is None:
            return
        if recipient != self._saved_recipient:
            self._saved_recipient = recipient
            prisoner_id = self.prisoner_id
            self.worker.submit(lambda store: set_envelope_name(store, prisoner_id, recipient),
                               writes=True)
        if sender != self._saved_sender:
            self._saved_sender = sender

            def save_sender(store: Store) -> None:
                if store.settings_path is None:
                    return
                store.save_settings(replace(store.settings(), sender_address=sender))

            self.worker.submit(save_sender)

    # --- output ----------------------------------------------------------------------------

    def print_to_printer(self) -> None:
        self.keep_changes()
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageLayout(page_layout(self.paper()))
        printer.setFullPage(True)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Print envelope"))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            render(printer, self.paper(), self.envelope_text(), **self._options())
        except OSError as error:
            QMessageBox.warning(self, _("Print envelope"), str(error))

    def save_pdf_as(self, path: str | None = None) -> str | None:
        """Ask for a file (unless given) and write the envelope there as PDF."""
        self.keep_changes()
        if path is None:
            name = safe_file_name(self.data.prisoner_name if self.data else "envelope")
            path, _filter = QFileDialog.getSaveFileName(
                self, _("Save envelope as PDF"),
                _("{name} - {paper}.pdf").format(name=name, paper=self.paper().key.upper()),
                _("PDF files (*.pdf)"))
            if not path:
                return None
            if not path.lower().endswith(".pdf"):
                path += ".pdf"
        try:
            save_pdf(path, self.paper(), self.envelope_text(), **self._options())
        except OSError as error:
            QMessageBox.warning(self, _("Save envelope as PDF"),
                                _("Could not write {path}: {error}").format(path=path,
                                                                           error=error))
            return None
        return path

    def done(self, result: int) -> None:
        self.keep_changes()
        super().done(result)
