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
from ..store.errors import DatabaseTooNew, NotALetterManagerDatabase, StoreError
from ..store.service import Store
from ..store.settings import load_settings
from .backup_actions import show_already_open
from .icons import app_icon
from .main_window import MainWindow
from .single_instance import SingleInstance, bring_forward
from .startup import daily_backup, open_database
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
    if language == "en":
        return None
    import PySide6  # the wheel ships Qt's catalogs in PySide6/Qt/translations

    folders = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
               Path(PySide6.__file__).parent / "Qt" / "translations"]
    catalog = next((folder / f"qtbase_{language}.qm" for folder in folders
                    if (folder / f"qtbase_{language}.qm").is_file()), None)
    if catalog is None:
        log.warning("Qt's own catalog for %s was not found in %s", language, folders)
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
    try:  # --lang, else the language saved in Settings, else the system's
        language = i18n.set_language(i18n.choose_language(
            getattr(args, "lang", None), saved_language(paths)))
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

    instance = SingleInstance(paths)
    try:
        claimed = instance.claim()
    except StoreError as exc:  # a data folder that cannot be written
        QMessageBox.critical(None, _("LetterManager cannot open its database"), str(exc))
        _remove_handler(handler)
        return 1
    if not claimed:  # the other window was asked to come forward
        show_already_open(paths)
        _remove_handler(handler)
        return 0
    database = open_database(paths, seed=not getattr(args, "no_seed", False),
                             error_text=open_error_text)
    if database is None:
        instance.release()
        _remove_handler(handler)
        return 1

    worker = DatabaseWorker(Store(database, paths.settings))
    try:
        window = MainWindow(worker, paths)
        window.show()
        instance.raise_requested.connect(lambda: bring_forward(window))
        daily_backup(window, worker, paths)
        log.info("LetterManager started with %s", paths.database)
        return app.exec()
    finally:
        worker.stop()
        worker.store.db.close()  # a restore may have opened the database anew
        instance.release()
        log.info("LetterManager closed")
        _remove_handler(handler)


def _remove_handler(handler: logging.Handler | None) -> None:
    if handler is not None:
        logging.getLogger().removeHandler(handler)
        handler.close()
