"""Helpers for the window tests."""

from PySide6.QtWidgets import QApplication


def settle(worker, rounds=6):
    """Let queued database operations finish and their callbacks (and follow-ups) run."""
    for _ in range(rounds):
        worker.call(lambda store: None)
        QApplication.processEvents()
