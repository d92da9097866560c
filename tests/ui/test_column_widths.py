"""Column titles are never cut, whatever the language's word lengths."""

from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QTableView

from lettermanager.ui.row_table import fit_section


def _table(qtbot, titles):
    model = QStandardItemModel(0, len(titles))
    model.setHorizontalHeaderLabels(titles)
    view = QTableView()
    view.setModel(model)
    qtbot.addWidget(view)
    return view


def test_a_long_title_widens_its_column(qtbot):
    view = _table(qtbot, ["Последнее письмо", "Ok"])
    fit_section(view, 0, 60)
    fit_section(view, 1, 60)
    title = view.horizontalHeader().fontMetrics().horizontalAdvance("Последнее письмо")
    assert view.horizontalHeader().sectionSize(0) > title
    assert view.horizontalHeader().sectionSize(1) == 60  # short titles keep the chosen width


def test_a_sample_value_widens_its_column(qtbot):
    view = _table(qtbot, ["Date"])
    sample = "14 нояб. 2024 г."
    fit_section(view, 0, 40, sample)
    assert view.horizontalHeader().sectionSize(0) > view.fontMetrics().horizontalAdvance(sample)
