import json
import os
import subprocess
import sys
import threading

import pytest

from lettermanager.domain.records import FacilityIn, LetterIn, PrisonerIn
from lettermanager.store import translation_queue as tq
from lettermanager.store.errors import ImportRejected, InvalidInput
from lettermanager.store.models import Letter, Translation


@pytest.fixture
def letter(store):
    prisoner = store.create(PrisonerIn(full_name="Скочиленко Александра"))
    colony = store.create(FacilityIn(name="ИК-1", kind="penal_colony"))
    return store.create(LetterIn(prisoner_id=prisoner.id, direction="outgoing",
                                 facility_id=colony.id, language="en", title="Hello from Paris",
                                 body="Dear Sasha, we think of you every day."))


def values(letter, **changes):
    data = letter.model_dump()
    data.update(changes)
    return data


def test_a_foreign_language_letter_gets_a_request_and_cannot_be_ready_until_done(store, letter):
    with pytest.raises(InvalidInput) as caught:
        store.update(Letter, letter.id, values(letter, status="ready"))
    assert caught.value.problems[0][0] == "status"
    assert "translated into ru" in caught.value.problems[0][1]
    request = tq.ensure_translation_request(store, letter.id, today="2024-05-01")
    assert (request.source_language, request.target_language, request.status) == (
        "en", "ru", "queued")
    assert tq.ensure_translation_request(store, letter.id).id == request.id  # only one
    tq.claim(store, request.id, "Анна")
    tq.save_work(store, request.id, "Анна", "Дорогая Саша, мы думаем о тебе каждый день.")
    tq.complete(store, request.id, "Анна", "2024-05-03")
    assert store.update(Letter, letter.id, values(letter, status="ready")).status == "ready"


def test_the_user_can_override_the_block_with_a_reason(store, letter):
    updated = store.update(Letter, letter.id, values(
        letter, status="sent", send_override_reason="This colony accepts English letters"))
    assert updated.status == "sent"


def test_a_facility_that_accepts_the_language_needs_no_request(store, letter):
    facility = store.get(type(store.facilities()[0]), letter.facility_id)
    store.update(type(facility), facility.id, {**facility.model_dump(),
                                               "accepted_languages": ["ru", "en"]})
    assert tq.ensure_translation_request(store, letter.id) is None
    assert store.update(Letter, letter.id, values(letter, status="ready")).status == "ready"


def test_two_claims_on_one_request_the_second_is_refused(store, letter):
    request = tq.ensure_translation_request(store, letter.id)
    results: dict[str, object] = {}

    def try_claim(name):
        try:
            results[name] = tq.claim(store, request.id, name).translator
        except InvalidInput as exc:
            results[name] = exc

    threads = [threading.Thread(target=try_claim, args=(n,)) for n in ("Анна", "Marie")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [name for name, r in results.items() if r == name]
    losers = [r for r in results.values() if isinstance(r, InvalidInput)]
    assert len(winners) == 1 and len(losers) == 1
    assert f"{winners[0]} has claimed it since" in str(losers[0])
    stored = store.get(Translation, request.id)
    assert (stored.status, stored.translator) == ("in_progress", winners[0])
    assert stored.claimed_at
    # Only the holder saves work or releases it; after release anyone may claim.
    other = "Marie" if winners[0] == "Анна" else "Анна"
    with pytest.raises(InvalidInput):
        tq.save_work(store, request.id, other, "text")
    tq.release(store, request.id, winners[0])
    assert tq.claim(store, request.id, other).translator == other


def test_a_claim_needs_a_name(store, letter):
    request = tq.ensure_translation_request(store, letter.id)
    with pytest.raises(InvalidInput, match="set your name"):
        tq.claim(store, request.id, "  ")


def test_batch_round_trip_with_one_conflict(store, letter):
    prisoner_id = letter.prisoner_id
    second = store.create(LetterIn(prisoner_id=prisoner_id, direction="outgoing",
                                   facility_id=letter.facility_id, language="fr",
                                   body="Chère Sasha"))
    first_request = tq.ensure_translation_request(store, letter.id)
    second_request = tq.ensure_translation_request(store, second.id)
    batch = json.loads(json.dumps(tq.export_batch(store, [first_request.id, second_request.id],
                                                  translator="Marie")))
    assert batch["items"][0]["original"]["body"] == letter.body
    # Offline, the translator fills in both translations.
    for item, text in zip(batch["items"], ["Дорогая Саша", "Дорогая Саша (фр.)"], strict=True):
        item["translation"].update(text=text, status="in_review", translator="Marie")
    # Meanwhile, at home, the second letter's original is edited.
    store.update(Letter, second.id, values(second, body="Chère Sasha, courage !"))
    report = tq.import_batch(store, batch)
    assert report.updated == [first_request.id]
    assert report.conflicts == [(second_request.id,
                                 "the original letter was changed after the batch was made")]
    assert store.get(Translation, first_request.id).text == "Дорогая Саша"
    assert store.get(Translation, second_request.id).text is None
    assert tq.import_batch(store, batch).unchanged == [first_request.id]


def test_a_batch_finished_by_someone_else_meanwhile_is_a_conflict(store, letter):
    request = tq.ensure_translation_request(store, letter.id)
    batch = json.loads(json.dumps(tq.export_batch(store, [request.id], translator="Marie")))
    tq.claim(store, request.id, "Анна")
    tq.save_work(store, request.id, "Анна", "Перевод Анны")
    tq.complete(store, request.id, "Анна", "2024-05-03")
    batch["items"][0]["translation"].update(text="Перевод Мари", status="done")
    report = tq.import_batch(store, batch)
    assert report.conflicts and "Анна finished it" in report.conflicts[0][1]
    assert store.get(Translation, request.id).text == "Перевод Анны"


def test_a_malformed_batch_is_rejected_whole(store, letter):
    with pytest.raises(ImportRejected):
        tq.import_batch(store, {"format": "something else"})


def test_queue_command(store, letter, empty_db):
    tq.ensure_translation_request(store, letter.id)
    empty_db.close()
    env = {**os.environ, "LETTERMANAGER_DATA_DIR": str(empty_db.path.parent)}
    out = subprocess.run([sys.executable, "-m", "lettermanager", "queue", "--json"],
                         capture_output=True, text=True, env=env, check=True).stdout
    (item,) = json.loads(out)
    assert (item["source_language"], item["target_language"], item["status"]) == (
        "en", "ru", "queued")
    none = subprocess.run([sys.executable, "-m", "lettermanager", "queue", "--language", "fr"],
                          capture_output=True, text=True, env=env, check=True).stdout
    assert "queue is empty" in none


def test_a_preview_of_a_batch_writes_nothing(store, letter):
    request = tq.ensure_translation_request(store, letter.id)
    batch = json.loads(json.dumps(tq.export_batch(store, [request.id], translator="Marie")))
    batch["items"][0]["translation"].update(text="Дорогая Саша", status="in_review")
    preview = tq.import_batch(store, batch, apply=False)
    assert preview.updated == [request.id]
    assert store.get(Translation, request.id).text is None
    assert tq.import_batch(store, batch).updated == [request.id]
    assert store.get(Translation, request.id).text == "Дорогая Саша"


def test_a_request_nobody_needs_is_closed(store, letter):
    request = tq.ensure_translation_request(store, letter.id)
    tq.claim(store, request.id, "Анна")
    with pytest.raises(tq.ClaimRefused):
        tq.mark_not_needed(store, request.id, "Marie")
    assert tq.mark_not_needed(store, request.id, "Анна").status == "not_needed"
    with pytest.raises(tq.ClaimRefused):
        tq.claim(store, request.id, "Marie")


def test_queue_rows_say_who_claimed_and_since_when(store, letter):
    request = tq.ensure_translation_request(store, letter.id)
    claimed = tq.claim(store, request.id, "Анна")
    (row,) = tq.queue(store)
    assert (row.translator, row.claimed_at) == ("Анна", claimed.claimed_at)
    assert row.created_at == request.created_at
