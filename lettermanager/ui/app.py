"""Starting the window: the application object, language, logging, the database, the worker."""

from __future__ import annotations

import argparse
import logging
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from .. import i18n
from ..i18n import _
from ..paths import DataPaths, data_paths
from ..store.database import Database
from ..store.errors import DatabaseTooNew, NotALetterManagerDatabase, StoreError
from ..store.service import Store
from ..store.settings import load_settings
from .icons import app_icon
from .main_window import MainWindow
from .worker import DatabaseWorker

log = logging.getLogger(__name__)

LOG_FILE = "lettermanager.log"
LOG_BYTES = 1_000_000
LOG_BACKUPS = 3


def setup_logging(paths: DataPaths) -> logging.Handler | None:
    """Log to logs/lettermanager.log (rotated). The folder is created here, never on import."""
    try:
        paths.logs.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(paths.logs / LOG_FILE, maxBytes=LOG_BYTES,
                                      backupCount=LOG_BACKUPS, encoding="utf-8")
    except OSError as exc:  # a read-only data folder must not stop the app
        print(f"lettermanager: cannot write the log: {exc}", file=sys.stderr)
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)
    return handler


def install_qt_translator(app: QApplication, language: str) -> QTranslator | None:
    """Qt's own strings (dialog buttons, context menus) in the interface language."""
    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    catalog = folder / f"qtbase_{language}.qm"
    if language == "en" or not catalog.is_file():
        return None
    translator = QTranslator(app)
    if translator.load(str(catalog)):
        app.installTranslator(translator)
        return translator
    return None


def open_error_text(exc: StoreError, paths: DataPaths) -> str:
    if isinstance(exc, DatabaseTooNew):
        lead = _("The database was written by a newer version of LetterManager.")
        advice = _("Update LetterManager to open it. The file was not changed.")
    elif isinstance(exc, NotALetterManagerDatabase):
        lead = _("The file is not a LetterManager database, or it is damaged.")
        advice = _("The file was not changed. Move it away to start a new database, or "
                   "restore a backup from {folder}.").format(folder=paths.backups)
    else:
        lead = _("The database cannot be opened.")
        advice = _("The file was not changed.")
    return f"{lead}\n\n{paths.database}\n\n{advice}\n\n{_('Details: {reason}').format(reason=exc)}"


def saved_language(paths: DataPaths) -> str | None:
    """The language chosen in the settings, if it is one the app speaks (else None: the
    system's)."""
    language = load_settings(paths.settings).language
    return language if language in i18n.SUPPORTED else None


def run_gui(args: argparse.Namespace) -> int:
    """Open the window; returns the exit status."""
    paths = data_paths(getattr(args, "data_dir", None))
    chosen = getattr(args, "lang", None)
    try:
        language = i18n.set_language(chosen or saved_language(paths))
    except ValueError as exc:
        print(f"lettermanager: {exc}", file=sys.stderr)
        return 2

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("LetterManager")
    app.setOrganizationName("LetterManager")
    app.setApplicationDisplayName("LetterManager")
    app.setDesktopFileName("lettermanager")
    app.setWindowIcon(app_icon())
    QLocale.setDefault(QLocale(language))
    install_qt_translator(app, language)
    handler = setup_logging(paths)

    try:
        database = Database.open(paths, seed=not getattr(args, "no_seed", False))
    except StoreError as exc:
        log.error("cannot open the database: %s", exc)
        QMessageBox.critical(None, _("LetterManager cannot open its database"),
                             open_error_text(exc, paths))
        _remove_handler(handler)
        return 1
    except OSError as exc:
        log.error("cannot open the data folder: %s", exc)
        QMessageBox.critical(None, _("LetterManager cannot open its database"),
                             _("The data folder {folder} cannot be used: {reason}").format(
                                 folder=paths.root, reason=exc.strerror or exc))
        _remove_handler(handler)
        return 1

    worker = DatabaseWorker(Store(database, paths.settings))
    try:
        window = MainWindow(worker, paths)
        window.show()
        log.info("LetterManager started with %s", paths.database)
        return app.exec()
    finally:
        worker.stop()
        database.close()
        log.info("LetterManager closed")
        _remove_handler(handler)


def _remove_handler(handler: logging.Handler | None) -> None:
    if handler is not None:
        logging.getLogger().removeHandler(handler)
        handler.close()
