"""The Facilities page shows what became of the letters sent to each facility and marks
one where letters are often withheld."""

from PySide6.QtCore import Qt
from qt_helpers import settle

from lettermanager.domain.records import FacilityIn, LetterIn, PrisonerIn
from lettermanager.store import letter_ops
from lettermanager.ui.facilities_page import FacilitiesPage, FacilityTableModel
from lettermanager.ui.worker import DatabaseWorker


def test_letters_column_counts_and_marks_a_withholding_facility(qtbot, store):
    prisoner = store.create(PrisonerIn(full_name="Иванов Пётр"))
    strict = store.create(FacilityIn(name="ИК-6", kind="penal_colony"))
    fair = store.create(FacilityIn(name="СИЗО-1", kind="pretrial_detention"))
    for facility, count in ((strict, 4), (fair, 4)):
        for number in range(count):
            letter = store.create(LetterIn(
                prisoner_id=prisoner.id, direction="outgoing", facility_id=facility.id,
                status="delivered", sent_on=f"2024-0{number + 1}-01"))
            if facility is strict and number < 2:
                letter_ops.add_censorship_event(store, {"letter_id": letter.id,
                                                        "kind": "withheld"})
            if facility is fair and number == 0:
                letter_ops.add_censorship_event(store, {"letter_id": letter.id,
                                                        "kind": "redacted"})
    worker = DatabaseWorker(store)
    try:
        page = FacilitiesPage(worker)
        qtbot.addWidget(page)
        page.show()
        settle(worker)
        model = page.model

        def cell(facility, role=Qt.ItemDataRole.DisplayRole):
            return model.index(model.row_of(facility.id), FacilityTableModel.LETTERS).data(role)

        assert cell(strict) == "⚠ 4 sent · 2 withheld"
        assert "often withheld here (50% of those sent)" in cell(strict,
                                                                 Qt.ItemDataRole.ToolTipRole)
        assert cell(strict, Qt.ItemDataRole.ForegroundRole) is not None
        assert cell(fair) == "4 sent"
        tooltip = cell(fair, Qt.ItemDataRole.ToolTipRole)
        assert "Delivered: 4" in tooltip and "Redacted: 1" in tooltip
        assert cell(fair, Qt.ItemDataRole.ForegroundRole) is None
    finally:
        worker.stop()
