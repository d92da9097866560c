"""Print and export actions of a prisoner and of a letter: the envelope, a letter or the whole
correspondence printed or saved as PDF, and the release archive. The prisoner page and the
letter editor call these; the data comes through the database worker, the files are written on
the GUI thread with progress."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QToolButton,
    QWidget,
)

from ..i18n import _
from ..store.correspondence import Correspondence, correspondence, letter_correspondence
from .envelope_dialog import EnvelopeDialog, safe_file_name
from .guards import if_alive
from .letter_documents import (
    a4_printer,
    correspondence_html,
    print_html,
    save_html_pdf,
    single_letter_html,
)
from .release_archive import write_release_archive
from .worker import DatabaseWorker


def _documents_dir() -> str:
    return QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())


def _failed(parent: QWidget, title: str) -> Callable[[Exception], None]:
    def show(error: Exception) -> None:
        QMessageBox.warning(parent, title, _("Could not read the letters: {error}").format(
            error=error))
    return show


def open_envelope_dialog(worker: DatabaseWorker, prisoner_id: str,
                         parent: QWidget | None = None) -> EnvelopeDialog:
    dialog = EnvelopeDialog(worker, prisoner_id, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


def _ask_pdf_path(parent: QWidget, title: str, name: str) -> str | None:
    path, _filter = QFileDialog.getSaveFileName(
        parent, title, str(Path(_documents_dir()) / f"{safe_file_name(name)}.pdf"),
        _("PDF files (*.pdf)"))
    if not path:
        return None
    return path if path.lower().endswith(".pdf") else path + ".pdf"


def _write_pdf(parent: QWidget, title: str, html: str, path: str, doc_title: str) -> bool:
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        save_html_pdf(html, path, doc_title)
    except OSError as error:
        QApplication.restoreOverrideCursor()
        QMessageBox.warning(parent, title, str(error))
        return False
    QApplication.restoreOverrideCursor()
    return True


def _print(parent: QWidget, title: str, html: str, doc_title: str) -> None:
    printer = a4_printer()
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(title)
    if dialog.exec() == QPrintDialog.DialogCode.Accepted:
        print_html(html, printer, doc_title)


def save_letter_pdf(worker: DatabaseWorker, letter_id: str, parent: QWidget,
                    path: str | None = None) -> None:
    """Ask for a file and save one letter with its translations as PDF."""
    title = _("Save letter as PDF")

    def done(data: Correspondence) -> None:
        record = data.letters[0]
        name = f"{data.prisoner.full_name} - {record.letter.title or _('letter')}"
        target = path or _ask_pdf_path(parent, title, name)
        if target:
            _write_pdf(parent, title, single_letter_html(data), target, name)

    worker.submit(lambda store: letter_correspondence(store, letter_id),
                  if_alive(parent, done), if_alive(parent, _failed(parent, title)))


def print_letter(worker: DatabaseWorker, letter_id: str, parent: QWidget) -> None:
    title = _("Print letter")
    worker.submit(lambda store: letter_correspondence(store, letter_id),
                  if_alive(parent, lambda data: _print(parent, title, single_letter_html(data),
                                                       data.prisoner.full_name)),
                  if_alive(parent, _failed(parent, title)))


def save_correspondence_pdf(worker: DatabaseWorker, prisoner_id: str, parent: QWidget,
                            path: str | None = None) -> None:
    """Ask for a file and save the prisoner's whole correspondence as a PDF."""
    title = _("Save correspondence as PDF")

    def done(data: Correspondence) -> None:
        name = _("Correspondence with {name}").format(name=data.prisoner.full_name)
        target = path or _ask_pdf_path(parent, title, name)
        if target and _write_pdf(parent, title, correspondence_html(data), target, name):
            QMessageBox.information(parent, title, _("Saved {path}").format(path=target))

    worker.submit(lambda store: correspondence(store, prisoner_id),
                  if_alive(parent, done), if_alive(parent, _failed(parent, title)))


def make_release_archive(worker: DatabaseWorker, prisoner_id: str, parent: QWidget,
                         folder: str | None = None) -> None:
    """Ask where, then write the release archive with progress and name the folder made."""
    title = _("Release archive")
    where = folder or QFileDialog.getExistingDirectory(
        parent, _("Choose where to make the release archive folder"), _documents_dir())
    if not where:
        return

    def done(data: Correspondence) -> None:
        progress = QProgressDialog(_("Writing the release archive…"), _("Cancel"), 0,
                                   len(data.letters) + 1, parent)
        progress.setWindowTitle(title)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)

        def step(done_count: int, total: int) -> bool:
            progress.setMaximum(total)
            progress.setValue(done_count)
            QApplication.processEvents()
            return not progress.wasCanceled()

        try:
            made = write_release_archive(data, Path(where), step)
        except OSError as error:
            progress.close()
            QMessageBox.warning(parent, title, _("Could not write the archive: {error}").format(
                error=error))
            return
        progress.close()
        if made is None:
            QMessageBox.information(parent, title, _("Cancelled. The part already written is "
                                                     "in {folder}").format(folder=where))
            return
        box = QMessageBox(QMessageBox.Icon.Information, title,
                          _("The release archive of {name} is in the folder\n{folder}").format(
                              name=data.prisoner.full_name, folder=made),
                          QMessageBox.StandardButton.Ok, parent)
        open_button = box.addButton(_("Open folder"), QMessageBox.ButtonRole.ActionRole)
        box.setObjectName("release-archive-done")
        box.exec()
        if box.clickedButton() is open_button:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(made)))

    worker.submit(lambda store: correspondence(store, prisoner_id),
                  if_alive(parent, done), if_alive(parent, _failed(parent, title)))


class PrisonerPrintButton(QToolButton):
    """"Print" with a menu of the prisoner's print and export actions."""

    def __init__(self, worker: DatabaseWorker, prisoner_id: Callable[[], str | None],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.worker = worker
        self._prisoner_id = prisoner_id
        self.setText(_("Print"))
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self)
        self.envelope_action = QAction(_("&Envelope or label…"), self)
        self.envelope_action.setShortcut("Ctrl+Shift+E")
        self.envelope_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.correspondence_action = QAction(_("&Correspondence as PDF…"), self)
        self.archive_action = QAction(_("&Release archive…"), self)
        self.envelope_action.triggered.connect(lambda: self._run(open_envelope_dialog))
        self.correspondence_action.triggered.connect(
            lambda: self._run(save_correspondence_pdf))
        self.archive_action.triggered.connect(lambda: self._run(make_release_archive))
        for action in (self.envelope_action, self.correspondence_action, self.archive_action):
            menu.addAction(action)
        self.addAction(self.envelope_action)  # the shortcut works while the page is shown
        menu.aboutToShow.connect(self._update)
        self.setMenu(menu)

    def _update(self) -> None:
        shown = bool(self._prisoner_id())
        for action in (self.envelope_action, self.correspondence_action, self.archive_action):
            action.setEnabled(shown)

    def _run(self, action: Callable[..., object]) -> None:
        prisoner_id = self._prisoner_id()
        if prisoner_id:
            action(self.worker, prisoner_id, self.window())


class LetterPrintButton(QToolButton):
    """"Print" in the letter editor: the envelope to the prisoner, the saved letter on paper or
    as PDF (with its translations and censorship notes)."""

    def __init__(self, worker: DatabaseWorker, letter_id: Callable[[], str | None],
                 prisoner_id: Callable[[], str | None], parent: QWidget | None = None):
        super().__init__(parent)
        self.worker = worker
        self._letter_id = letter_id
        self._prisoner_id = prisoner_id
        self.setText(_("Print"))
        self.setToolTip(_("Prints the letter as last saved"))
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setAutoRaise(False)
        menu = QMenu(self)
        self.envelope_action = menu.addAction(_("&Envelope or label…"))
        self.print_action = menu.addAction(_("&Print letter…"))
        self.pdf_action = menu.addAction(_("Save letter as P&DF…"))
        self.envelope_action.triggered.connect(self._envelope)
        self.print_action.triggered.connect(lambda: self._letter(print_letter))
        self.pdf_action.triggered.connect(lambda: self._letter(save_letter_pdf))
        menu.aboutToShow.connect(self._update)
        self.setMenu(menu)

    def _update(self) -> None:
        saved = bool(self._letter_id())
        self.print_action.setEnabled(saved)
        self.pdf_action.setEnabled(saved)
        self.envelope_action.setEnabled(bool(self._prisoner_id()))

    def _envelope(self) -> None:
        prisoner_id = self._prisoner_id()
        if prisoner_id:
            open_envelope_dialog(self.worker, prisoner_id, self.window())

    def _letter(self, action: Callable[..., object]) -> None:
        letter_id = self._letter_id()
        if letter_id:
            action(self.worker, letter_id, self.window())
