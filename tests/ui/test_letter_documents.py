"""Letters as PDF (one letter with its translation, the whole correspondence) and the release
archive: rendered offscreen, read back with pypdf."""

import json
import re

import pytest
from pypdf import PdfReader

from lettermanager.domain.records import CensorshipEventIn, LetterIn, PrisonerIn, TranslationIn
from lettermanager.i18n import set_language
from lettermanager.store.correspondence import correspondence, letter_correspondence
from lettermanager.store.models import Letter
from lettermanager.ui.letter_documents import (
    correspondence_html,
    save_html_pdf,
    single_letter_html,
)
from lettermanager.ui.release_archive import write_release_archive

KAGARLITSKY = "72c787ca-3846-55fc-bd24-3dcad7826a3d"


@pytest.fixture(autouse=True)
def _english(qapp):
    set_language("en")


def pdf_text(path) -> str:
    return " ".join(re.sub(r"\s+", " ", page.extract_text()) for page in
                    PdfReader(str(path)).pages)


@pytest.fixture
def letters(store):
    """A prisoner with a delivered letter (translated), a withheld one and an undated reply."""
    prisoner = store.create(PrisonerIn(full_name="Горинов Алексей Александрович",
                                       birth_year=1961))
    first = store.create(LetterIn(
        prisoner_id=prisoner.id, direction="outgoing", title="Greetings from Lyon",
        body="Dear Alexei, we think of you every day.", language="en", written_on="2024-03"))
    store.create(TranslationIn(letter_id=first.id, source_language="en", target_language="ru",
                               status="done", translator="Анна",
                               text="Дорогой Алексей, мы думаем о вас каждый день."))
    first = store.update(Letter, first.id, {"status": "delivered"})  # translated: may go
    withheld = store.create(LetterIn(
        prisoner_id=prisoner.id, direction="outgoing", title="Second letter",
        body="Книги отправлены.", language="ru", sent_on="2024-05-14", status="withheld"))
    store.create(CensorshipEventIn(letter_id=withheld.id, kind="withheld", noted_on="2024-06",
                                   note="не прошло цензуру"))
    reply = store.create(LetterIn(
        prisoner_id=prisoner.id, direction="incoming", title="Ответ", body="Спасибо за письмо.",
        language="ru", received_on="2024-04-02", status="received", in_reply_to=first.id))
    return prisoner, first, withheld, reply


def test_one_letter_pdf_has_its_text_and_translation(store, letters, tmp_path):
    _prisoner, first, _withheld, _reply = letters
    data = letter_correspondence(store, first.id)
    path = tmp_path / "letter.pdf"
    save_html_pdf(single_letter_html(data), str(path), "letter")
    text = pdf_text(path)
    assert "we think of you every day" in text
    assert "Дорогой Алексей, мы думаем о вас каждый день." in text
    assert "March 2024" in text  # the month precision kept, no invented day
    assert "Second letter" not in text


def test_correspondence_pdf_is_chronological_and_marks_what_did_not_arrive(store, letters,
                                                                           tmp_path):
    prisoner, *_ = letters
    data = correspondence(store, prisoner.id)
    path = tmp_path / "all.pdf"
    save_html_pdf(correspondence_html(data, made_on="2026-12-04"), str(path), "all")
    text = pdf_text(path)
    # The letters in date order after the index: March 2024, 2 April 2024, 14 May 2024.
    body = text[text.index("1. March 2024"):]
    assert body.index("Greetings from Lyon") < body.index("Ответ") < body.index("Second letter")
    assert "Did not arrive: Withheld" in text
    assert "не прошло цензуру" in text
    assert "1 did not arrive" in text


def test_a_file_that_cannot_be_written_is_a_clear_error(store, letters, tmp_path):
    data = correspondence(store, letters[0].id)
    with pytest.raises(OSError, match="Could not write"):
        save_html_pdf(correspondence_html(data), str(tmp_path / "missing" / "x.pdf"))


def test_the_release_archive_has_every_letter_an_index_and_the_pdf(store, letters, tmp_path):
    prisoner, first, withheld, _reply = letters
    steps = []
    folder = write_release_archive(correspondence(store, prisoner.id), tmp_path,
                                   lambda done, total: steps.append((done, total)) or True)
    assert folder.parent == tmp_path and "Горинов" in folder.name
    assert steps[-1] == (4, 4)
    files = sorted(p.name for p in (folder / "letters").iterdir())
    assert len(files) == 6  # a .txt and a .json per letter
    assert files[:2] == ["001 2024-03 outgoing delivered.json",
                         "001 2024-03 outgoing delivered.txt"]
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    assert [entry["id"] for entry in index["letters"]] == [first.id, _reply.id, withheld.id]
    assert [entry["did_not_arrive"] for entry in index["letters"]] == [None, None, "Withheld"]
    withheld_text = (folder / index["letters"][2]["file"]).read_text(encoding="utf-8")
    assert "Did not arrive: Withheld" in withheld_text and "не прошло цензуру" in withheld_text
    first_json = json.loads((folder / "letters" / files[0]).read_text(encoding="utf-8"))
    assert first_json["translations"][0]["text"].startswith("Дорогой Алексей")
    assert "! " in (folder / "index.txt").read_text(encoding="utf-8")
    assert "Greetings from Lyon" in pdf_text(folder / "correspondence.pdf")

    again = write_release_archive(correspondence(store, prisoner.id), tmp_path)
    assert again != folder and again.exists()  # never overwrites an earlier archive


def test_a_cancelled_archive_returns_none(store, letters, tmp_path):
    prisoner, *_ = letters
    assert write_release_archive(correspondence(store, prisoner.id), tmp_path,
                                 lambda done, total: done < 1) is None


def test_the_seed_prisoner_archive(seeded_store, tmp_path):
    folder = write_release_archive(correspondence(seeded_store, KAGARLITSKY), tmp_path)
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    assert index["prisoner"]["full_name"] == "Кагарлицкий Борис Юльевич"
    assert len(index["letters"]) == len(seeded_store.prisoner_letters(KAGARLITSKY))
