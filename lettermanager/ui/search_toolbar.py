"""The main window's toolbar with the search box (see search_panel.SearchBox)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QSizePolicy, QToolBar, QWidget

from ..i18n import _
from .search_filters import SearchFilterButton
from .search_panel import SearchBox
from .worker import DatabaseWorker


def install_search_toolbar(window: QMainWindow, worker: DatabaseWorker) -> SearchBox:
    """Add a fixed toolbar holding the search box at its right end; returns the box.
    The caller connects the box's open_* signals to its routing."""
    toolbar = QToolBar(_("Search"), window)
    toolbar.setObjectName("SearchToolBar")  # saveState/restoreState know it by this name
    toolbar.setMovable(False)
    toolbar.setFloatable(False)
    toolbar.toggleViewAction().setEnabled(False)  # the box is the way to search: keep it
    spacer = QWidget(toolbar)
    spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    toolbar.addWidget(spacer)
    box = SearchBox(worker, toolbar)
    box.setMinimumWidth(320)
    toolbar.addWidget(box)
    box.filter_button = SearchFilterButton(worker, toolbar)
    panel = box.filter_button.panel
    panel.changed.connect(lambda: box.set_filters(panel.filters()))
    toolbar.addWidget(box.filter_button)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
    return box
