"""One writer per data folder: an OS-level lock on a file in the data folder.

The window holds the lock while it is open; the command line's write commands (import,
restore) take it for their run and refuse when it is held. The operating system releases the
lock when its process ends, however it ends, so a crash never leaves a stale lock behind.
The lock file itself is never deleted (deleting it would let two processes lock two files).
"""

from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType

from ..paths import DataPaths
from .errors import StoreError
from .write_errors import cannot_write

LOCK_NAME = "lettermanager.lock"

if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class AlreadyOpen(StoreError):
    """Another copy of LetterManager holds the data folder."""

    def __init__(self, root: Path):
        self.root = root
        super().__init__(f"LetterManager is open on this data folder ({root}); close it first")


class InstanceLock:
    """The lock of one data folder. `acquire()` says whether this process got it."""

    def __init__(self, paths: DataPaths | Path):
        root = paths.root if isinstance(paths, DataPaths) else Path(paths)
        self.root = root
        self.path = root / LOCK_NAME
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> bool:
        """Take the lock; False when another process holds it. Raises CannotWrite when the
        folder cannot be written (full disk, read-only)."""
        if self._fd is not None:
            return True
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            translated = cannot_write(self.root, exc)
            if translated is not None:
                raise translated from exc
            raise StoreError(f"{self.path} cannot be opened: {exc.strerror or exc}") from exc
        if not _try_lock(fd):
            os.close(fd)
            return False
        self._fd = fd
        if os.name != "nt":  # who holds it, for a person looking at the folder
            try:
                os.ftruncate(fd, 0)
                os.write(fd, f"{os.getpid()}\n".encode())
            except OSError:
                pass
        return True

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            _unlock(self._fd)
        finally:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> InstanceLock:
        if not self.acquire():
            raise AlreadyOpen(self.root)
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.release()


def acquire_instance_lock(paths: DataPaths | Path) -> InstanceLock:
    """The held lock of the data folder; raises AlreadyOpen when another process has it."""
    lock = InstanceLock(paths)
    if not lock.acquire():
        raise AlreadyOpen(lock.root)
    return lock


def is_open_elsewhere(paths: DataPaths | Path) -> bool:
    """Whether another holder (another process, or another InstanceLock) has the lock."""
    lock = InstanceLock(paths)
    if not lock.path.exists():
        return False
    try:
        got = lock.acquire()
    except StoreError:
        return False
    lock.release()
    return not got
