"""One database worker thread for the whole window.

Every database call runs as a small operation (a function of the Store) on this thread, in the
order submitted; its result or its error comes back to the GUI thread through a callback, so a
slow query never freezes the window and widgets never hold a database session.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from ..store.service import Store
from .failure_text import as_write_failure, failure_message

log = logging.getLogger(__name__)

Operation = Callable[[Store], Any]
Done = Callable[[Any], None]
Failed = Callable[[Exception], None]


@dataclass
class _Job:
    operation: Operation
    on_done: Done | None
    on_error: Failed | None
    writes: bool


class DatabaseWorker(QObject):
    """Runs operations on one thread. Signals are delivered on the GUI thread.

    - `failed(str)`: an operation without its own error callback failed; the window shows it.
    - `data_changed()`: a write operation succeeded; views reload what they show.
    - `busy(bool)`: whether operations are waiting or running.
    """

    failed = Signal(str)
    data_changed = Signal()
    busy = Signal(bool)
    _finished = Signal(object, object, object, bool)  # job, result, error, ok

    def __init__(self, store: Store, parent: QObject | None = None):
        super().__init__(parent)
        self.store = store
        self._jobs: queue.Queue[_Job | None] = queue.Queue()
        self._pending = 0
        self._finished.connect(self._deliver)
        self._thread = threading.Thread(target=self._run, name="database", daemon=True)
        self._thread.start()

    def submit(
        self,
        operation: Operation,
        on_done: Done | None = None,
        on_error: Failed | None = None,
        *,
        writes: bool = False,
    ) -> None:
        """Run `operation(store)` on the database thread; then `on_done(result)` or
        `on_error(exception)` on the GUI thread. `writes=True` announces `data_changed`."""
        self._pending += 1
        if self._pending == 1:
            self.busy.emit(True)
        self._jobs.put(_Job(operation, on_done, on_error, writes))

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            try:
                result = job.operation(self.store)
            except Exception as exc:  # delivered to the GUI thread, never lost
                log.exception("database operation failed")
                error = as_write_failure(exc, Path(self.store.db.path).parent)
                self._finished.emit(job, None, error, False)
            else:
                self._finished.emit(job, result, None, True)

    @Slot(object, object, object, bool)
    def _deliver(self, job: _Job, result: Any, error: Exception | None, ok: bool) -> None:
        self._pending -= 1
        if self._pending == 0:
            self.busy.emit(False)
        if ok:
            if job.on_done is not None:
                job.on_done(result)
            if job.writes:
                self.data_changed.emit()
        elif job.on_error is not None:
            job.on_error(error)  # type: ignore[arg-type]
        else:
            self.failed.emit(failure_message(error))

    def call(self, operation: Operation) -> Any:
        """Run an operation and wait for its result (for tests and for shutdown paths only)."""
        done = threading.Event()
        box: dict[str, Any] = {}

        def wrapped(store: Store) -> None:
            try:
                box["result"] = operation(store)
            except Exception as exc:
                box["error"] = exc
            finally:
                done.set()

        self._jobs.put(_Job(wrapped, None, None, False))
        self._pending += 1
        done.wait()
        if "error" in box:
            raise box["error"]
        return box.get("result")

    def stop(self) -> None:
        """Finish the queued operations, then end the thread."""
        self._jobs.put(None)
        self._thread.join()
