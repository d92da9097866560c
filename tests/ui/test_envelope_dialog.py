"""The envelope dialog and the envelope PDF: the dative line, the postcode, the kept correction."""

import re

import pytest
from pypdf import PdfReader

from lettermanager.domain.records import FacilityIn
from lettermanager.store.models import Prisoner
from lettermanager.store.settings import Settings, load_settings, save_settings
from lettermanager.ui.envelope_dialog import EnvelopeDialog
from lettermanager.ui.envelope_render import FORMATS, EnvelopeText, render_image, save_pdf
from lettermanager.ui.worker import DatabaseWorker

KAGARLITSKY = "72c787ca-3846-55fc-bd24-3dcad7826a3d"


def pdf_text(path) -> str:
    reader = PdfReader(str(path))
    return " ".join(re.sub(r"\s+", " ", page.extract_text()) for page in reader.pages)


@pytest.fixture
def store_with_address(seeded_store, tmp_path):
    """Kagarlitsky moved to a colony with a full postal address; a sender in the settings."""
    seeded_store.settings_path = tmp_path / "settings.json"
    save_settings(seeded_store.settings_path,
                  Settings(sender_address="Иванова Анна\nул. Мира, д. 1\nМосква 101000"))
    colony = seeded_store.create(FacilityIn(
        name="ФКУ ИК-6 УФСИН России по Республике Коми", kind="penal_colony",
        address="ул. Лесная, д. 1", city="пос. Микунь", region="Республика Коми",
        country="Россия", postal_code="169060"))
    seeded_store.record_move(KAGARLITSKY, colony.id, "2025-01-10")
    return seeded_store


@pytest.fixture
def dialog(qtbot, store_with_address):
    worker = DatabaseWorker(store_with_address)
    dialog = EnvelopeDialog(worker, KAGARLITSKY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.data is not None, timeout=5000)
    yield dialog
    worker.stop()


@pytest.mark.parametrize("key", ["dl", "c5", "c6", "labels"])
def test_the_envelope_pdf_has_the_dative_name_the_address_and_the_postcode(
        qtbot, dialog, tmp_path, key):
    dialog.format.setCurrentIndex(dialog.format.findData(key))
    path = dialog.save_pdf_as(str(tmp_path / f"{key}.pdf"))
    text = pdf_text(path)
    assert "Кагарлицкому Борису Юльевичу, 1958 г.р." in text
    assert "169060" in text
    assert "ФКУ ИК-6 УФСИН России по Республике Коми" in text
    if key != "labels":
        assert "Иванова Анна" in text
        page = PdfReader(path).pages[0]
        width_mm = float(page.mediabox.width) / 72 * 25.4
        height_mm = float(page.mediabox.height) / 72 * 25.4
        assert (round(width_mm), round(height_mm)) == (
            round(FORMATS[key].width_mm), round(FORMATS[key].height_mm))


def test_the_corrected_line_is_printed_and_kept(qtbot, dialog, tmp_path, store_with_address):
    dialog.recipient.setText("Кагарлицкому Б. Ю., 1958 г.р.")
    path = dialog.save_pdf_as(str(tmp_path / "dl.pdf"))
    assert "Кагарлицкому Б. Ю., 1958 г.р." in pdf_text(path)
    dialog.close()
    qtbot.waitUntil(lambda: store_with_address.get(Prisoner, KAGARLITSKY).envelope_name
                    == "Кагарлицкому Б. Ю., 1958 г.р.", timeout=5000)

    again = EnvelopeDialog(dialog.worker, KAGARLITSKY)
    qtbot.addWidget(again)
    qtbot.waitUntil(lambda: again.data is not None, timeout=5000)
    assert again.recipient.text() == "Кагарлицкому Б. Ю., 1958 г.р."
    again.reset_button.click()
    assert again.recipient.text() == "Кагарлицкому Борису Юльевичу, 1958 г.р."


def test_a_changed_sender_is_saved_in_the_settings(qtbot, dialog, store_with_address):
    dialog.sender.setPlainText("Петров Пётр\nа/я 15\nТверь 170000")
    dialog.close()
    qtbot.waitUntil(lambda: load_settings(store_with_address.settings_path).sender_address
                    == "Петров Пётр\nа/я 15\nТверь 170000", timeout=5000)


def test_a_facility_without_postcode_is_named_as_a_problem(qtbot, seeded_store):
    worker = DatabaseWorker(seeded_store)
    try:
        dialog = EnvelopeDialog(worker, KAGARLITSKY)  # the seed colony has no address
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: dialog.data is not None, timeout=5000)
        assert "postcode" in dialog.problems.text()
        assert dialog.recipient.text() == "Кагарлицкому Борису Юльевичу, 1958 г.р."
    finally:
        worker.stop()


def test_labels_start_at_the_chosen_position(qtbot, tmp_path):
    text = EnvelopeText("Петровой Марии Ивановне", ["ИК-2", "ул. 1"], "431160", "")
    save_pdf(str(tmp_path / "labels.pdf"), FORMATS["labels"], text, count=3, start=5)
    assert pdf_text(tmp_path / "labels.pdf").count("Петровой Марии Ивановне") == 3
    image = render_image(FORMATS["labels"], text, dpi=50, count=1, start=14)
    assert not image.isNull()
