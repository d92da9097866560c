"""A facility's accepted languages, edited on the Facilities page."""

import pytest
from PySide6.QtCore import Qt
from qt_helpers import settle

from lettermanager.store.models import Facility
from lettermanager.ui.facilities_page import FacilitiesPage

COLONY = "4b0aabd1-b351-578d-85b9-c4f94d2dc962"


@pytest.fixture
def page(qtbot, worker):
    page = FacilitiesPage(worker)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    settle(worker)
    page.show_facility(COLONY)
    settle(worker)
    return page


def shown(edit):
    return [edit.list.item(row).text() for row in range(edit.list.count())]


def test_russian_by_default_and_opening_changes_nothing(page):
    languages = page.form.accepted_languages
    assert shown(languages) == ["Russian (ru)"]
    languages.list.setCurrentRow(0)
    assert not languages.remove_button.isEnabled()  # the only language cannot go
    assert not page.is_dirty()


def test_add_and_remove_accepted_languages(qtbot, page, seeded_store, worker):
    languages = page.form.accepted_languages
    languages.choice.set_code("en")
    qtbot.mouseClick(languages.add_button, Qt.MouseButton.LeftButton)
    languages.choice.set_code("en")
    qtbot.mouseClick(languages.add_button, Qt.MouseButton.LeftButton)  # no duplicate
    assert shown(languages) == ["Russian (ru)", "English (en)"]
    assert page.is_dirty()
    page.save()
    settle(worker)
    assert seeded_store.get(Facility, COLONY).accepted_languages == ["ru", "en"]
    assert not page.is_dirty()

    languages.list.setCurrentRow(0)
    qtbot.mouseClick(languages.remove_button, Qt.MouseButton.LeftButton)
    assert shown(languages) == ["English (en)"]
    languages.list.setCurrentRow(0)
    assert not languages.remove_button.isEnabled()  # one language always stays
    page.save()
    settle(worker)
    assert seeded_store.get(Facility, COLONY).accepted_languages == ["en"]


def test_saving_other_fields_keeps_the_languages(qtbot, page, seeded_store, worker):
    languages = page.form.accepted_languages
    languages.choice.set_code("uk")
    qtbot.mouseClick(languages.add_button, Qt.MouseButton.LeftButton)
    page.save()
    settle(worker)
    page.form.city.setText("Торжок")
    page.save()
    settle(worker)
    facility = seeded_store.get(Facility, COLONY)
    assert (facility.city, facility.accepted_languages) == ("Торжок", ["ru", "uk"])
