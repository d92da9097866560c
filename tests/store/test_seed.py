"""The seed data: the facts of the published articles, as a new database has them."""

from lettermanager.domain.custody import Place
from lettermanager.store.models import Letter


def _kagarlitsky(store):
    (prisoner,) = [p for p in store.prisoners() if p.latin_name == "Boris Kagarlitsky"]
    return prisoner


def test_the_four_prisoners(seeded_store):
    names = {p.latin_name for p in seeded_store.prisoners()}
    assert "Boris Kagarlitsky" in names
    assert {"Azat Miftakhov", "Darya Polyudova"} <= names
    assert any("Skochilenko" in (name or "") for name in names)
    boris = _kagarlitsky(seeded_store)
    assert boris.full_name == "Кагарлицкий Борис Юльевич"
    assert boris.birth_year == 1958


def test_kagarlitsky_custody_history(seeded_store):
    boris = _kagarlitsky(seeded_store)
    timeline = seeded_store.custody_timeline(boris.id)
    facilities = {f.id: f for f in seeded_store.facilities()}
    held = [(e.place, e.start, e.end,
             facilities[e.facility_id].name if e.facility_id else None) for e in timeline]
    assert held[0][1] == "2023-07-25" and "Syktyvkar" in held[0][3]
    assert held[0][2] == "2023-12"
    assert held[1][:3] == (Place.FREE, "2023-12", "2024-02-13")
    assert held[2][1] == "2024-02-13" and "Moscow" in held[2][3]
    assert "Zelenograd" in held[3][3]
    assert held[-1][2] is None
    assert facilities[timeline[-1].facility_id].kind == "penal_colony"
    assert seeded_store.current_place(boris.id).place is Place.HELD


def test_the_letter_to_ksenia_its_translation_censor_and_the_letter_it_answers(seeded_store):
    boris = _kagarlitsky(seeded_store)
    letters = seeded_store.prisoner_letters(boris.id)
    (second,) = [letter for letter in letters if letter.title and "Second letter" in letter.title]
    detail = seeded_store.letter_detail(second.id)
    assert (second.direction, second.written_on, second.language) == ("incoming", "2024-03", "ru")
    (english,) = detail.translations
    assert (english.target_language, english.status) == ("en", "done")
    assert english.text.startswith("Ksiusha, my dear, hello!")
    assert "earthworm" in english.text and english.text.rstrip().endswith("March 2024")
    assert "](" not in english.text  # no markdown links left
    assert [e.kind for e in detail.censorship_events] == ["censor_comment"]
    answered = detail.answers
    assert answered.direction == "outgoing" and answered.expects_reply
    assert "photo" in (answered.summary or "").lower()


def test_the_statement_and_the_other_published_letters(seeded_store):
    boris = _kagarlitsky(seeded_store)
    letters: list[Letter] = seeded_store.prisoner_letters(boris.id)
    statement = letters[-1]
    assert (statement.written_on, statement.channel) == ("2024-11-14", "public_statement")
    assert statement.published_in == "Eurasia Review"
    published = {letter.published_in for letter in letters}
    assert {"Rabkor", "Canadian Dimension", "Eurasia Review"} <= published
    (reflection,) = [letter for letter in letters if letter.written_on == "2023"]
    text = " ".join(t.text or "" for t in seeded_store.letter_detail(reflection.id).translations)
    assert "patience is a virtue honed over the past 40 years" in text
    (zelenograd,) = [letter for letter in letters if letter.published_in == "Rabkor"]
    (translation,) = seeded_store.letter_detail(zelenograd.id).translations
    assert translation.translator == "Renfrey Clarke"


def test_correspondents(seeded_store):
    roles = {c.name: c.role for c in seeded_store.correspondents()}
    assert roles["Renfrey Clarke"] == "translator"
    assert any(name.startswith("Ksenia") and role == "family" for name, role in roles.items())
