"""One window per data folder.

The data folder's instance lock (store.instance_lock) decides who owns the folder; the owner
also listens on a local socket named after the folder, so that a second copy started on the
same folder can ask it to bring its window forward before quitting.
"""

from __future__ import annotations

import getpass
import hashlib
import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QWidget

from ..paths import DataPaths
from ..store.instance_lock import InstanceLock
from ..store.write_errors import CannotWrite

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_MS = 1000
RAISE_REQUEST = b"raise\n"


def server_name(paths: DataPaths) -> str:
    """A socket name unique to this user and data folder (no path separators)."""
    try:
        user = getpass.getuser()
    except Exception:  # no user name in the environment: the folder alone
        user = ""
    key = f"{user}\0{paths.root.resolve()}".encode()
    return "lettermanager-" + hashlib.sha256(key).hexdigest()[:24]


class SingleInstance(QObject):
    """`claim()` takes the data folder; `raise_requested` fires when a second copy asks the
    owner to show its window."""

    raise_requested = Signal()

    def __init__(self, paths: DataPaths, parent: QObject | None = None):
        super().__init__(parent)
        self.paths = paths
        self.name = server_name(paths)
        self.lock = InstanceLock(paths)
        self.server: QLocalServer | None = None

    def claim(self) -> bool:
        """True when this process now owns the data folder. Otherwise the owner was asked to
        bring its window forward, and the caller should say so and quit. A data folder that
        cannot be written (read-only, full) cannot be locked either; nothing can be written
        there, so two windows cannot overwrite each other: the app starts and says so when
        it tries to write."""
        try:
            owner = self.lock.acquire()
        except CannotWrite as exc:
            log.warning("cannot lock the data folder: %s", exc)
            owner = True
        if not owner:
            self.ask_owner_to_raise()
            return False
        self.server = QLocalServer(self)
        QLocalServer.removeServer(self.name)  # left by a crashed owner: we hold the lock now
        if not self.server.listen(self.name):
            log.warning("cannot listen on %s: %s", self.name, self.server.errorString())
        self.server.newConnection.connect(self._connected)
        return True

    def ask_owner_to_raise(self) -> bool:
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
            return False
        socket.write(RAISE_REQUEST)
        sent = socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
        socket.disconnectFromServer()
        return sent

    def _connected(self) -> None:
        """Read the one short request of each new connection, then drop it."""
        while self.server is not None and self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            if not socket.bytesAvailable():
                socket.waitForReadyRead(CONNECT_TIMEOUT_MS)
            request = bytes(socket.readAll())
            socket.abort()
            socket.deleteLater()
            if RAISE_REQUEST.strip() in request:
                self.raise_requested.emit()

    def release(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None
        self.lock.release()


def bring_forward(window: QWidget) -> None:
    """Show a window in front of the others, restored if it was minimised."""
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()
