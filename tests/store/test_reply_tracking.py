"""Scenarios of prison correspondence, with a fixed today."""

from datetime import date

import pytest

from lettermanager.domain.records import (
    CensorshipEventIn,
    FacilityIn,
    LetterIn,
    PrisonerIn,
)
from lettermanager.domain.replies import OverdueCause, ReplyState
from lettermanager.store import letter_ops
from lettermanager.store.errors import InvalidInput
from lettermanager.store.models import Letter
from lettermanager.store.reply_tracking import (
    ReplyRules,
    contact_items,
    due_items,
    facility_stats,
    held_drafts,
    letters_per_month,
    recent_moves,
)

TODAY = date(2024, 6, 1)


@pytest.fixture
def world(store):
    prisoner = store.create(PrisonerIn(full_name="Иванов Иван Иванович", latin_name="Ivan Ivanov"))
    sizo = store.create(FacilityIn(name="СИЗО-1", kind="pretrial_detention"))
    colony = store.create(FacilityIn(name="ИК-7", kind="penal_colony"))
    store.record_move(prisoner.id, sizo.id, "2024-01-10")
    return store, prisoner, sizo, colony


def send(store, prisoner, facility, sent_on, **extra):
    return store.create(LetterIn(prisoner_id=prisoner.id, direction="outgoing",
                                 facility_id=facility.id, sent_on=sent_on, status="sent",
                                 expects_reply=True, channel="post", **extra))


def states(store):
    return {item.letter_id: item for item in due_items(store.db, TODAY)}


def test_a_letter_sent_awaits_then_is_overdue_then_answered(world):
    store, prisoner, sizo, _ = world
    letter = send(store, prisoner, sizo, "2024-05-01")  # due 2024-06-15 by the post default
    item = states(store)[letter.id]
    assert (item.state, item.due) == (ReplyState.AWAITING, "2024-06-15")
    old = send(store, prisoner, sizo, "2024-03-01")  # due 2024-04-15: overdue
    item = states(store)[old.id]
    assert (item.state, item.causes, item.days_late) == (
        ReplyState.OVERDUE, (OverdueCause.OVERDUE,), 47)
    store.create(LetterIn(prisoner_id=prisoner.id, direction="incoming", written_on="2024-05",
                          in_reply_to=old.id, status="received"))
    assert old.id not in states(store)
    assert list(states(store)) == [letter.id]


def test_overdue_first_then_awaiting(world):
    store, prisoner, sizo, _ = world
    soon = send(store, prisoner, sizo, "2024-05-20")
    late = send(store, prisoner, sizo, "2024-02-01")
    later = send(store, prisoner, sizo, "2024-03-15")
    assert [i.letter_id for i in due_items(store.db, TODAY)] == [late.id, later.id, soon.id]


def test_a_move_after_sending_makes_it_possibly_moved(world):
    store, prisoner, sizo, colony = world
    letter = send(store, prisoner, sizo, "2024-03-01")
    store.record_move(prisoner.id, None, "2024-03-20", note="etap")
    store.record_move(prisoner.id, colony.id, "2024-05")
    assert states(store)[letter.id].causes == (OverdueCause.POSSIBLY_MOVED,)


def test_sent_while_in_transit(world):
    store, prisoner, sizo, colony = world
    store.record_move(prisoner.id, None, "2024-02-20")
    letter = send(store, prisoner, sizo, "2024-03-01")
    assert states(store)[letter.id].cause is OverdueCause.SENT_IN_TRANSIT


def test_the_censor_delayed_it(world):
    store, prisoner, sizo, _ = world
    letter = send(store, prisoner, sizo, "2024-03-01")
    letter_ops.add_censorship_event(store, CensorshipEventIn(letter_id=letter.id, kind="delayed"))
    assert states(store)[letter.id].cause is OverdueCause.HELD_BY_CENSOR
    assert store.get(Letter, letter.id).status == "sent"  # delayed is not withheld


def test_a_withheld_letter_takes_that_status(world):
    store, prisoner, sizo, _ = world
    letter = send(store, prisoner, sizo, "2024-03-01")
    letter_ops.add_censorship_event(store, {"letter_id": letter.id, "kind": "withheld",
                                            "note": "did not pass censorship"})
    assert store.get(Letter, letter.id).status == "withheld"
    stats = {s.facility_name: s for s in facility_stats(store.db)}
    assert (stats["СИЗО-1"].sent, stats["СИЗО-1"].withheld) == (1, 1)


def test_answered_by_another_route(world):
    store, prisoner, sizo, _ = world
    letter = send(store, prisoner, sizo, "2024-03-01")
    letter_ops.mark_answered_otherwise(store, letter.id, "2024-04-02")
    assert letter.id not in states(store)


def test_reply_creates_a_linked_draft_and_marking_answered_is_one_action(world):
    store, prisoner, sizo, _ = world
    incoming = store.create(LetterIn(prisoner_id=prisoner.id, direction="incoming",
                                     title="Из СИЗО", status="received"))
    draft = letter_ops.create_reply_draft(store, incoming.id)
    assert (draft.direction, draft.status, draft.in_reply_to, draft.facility_id) == (
        "outgoing", "draft", incoming.id, sizo.id)
    assert draft.title == "Re: Из СИЗО"
    outgoing = send(store, prisoner, sizo, "2024-03-01")
    letter_ops.mark_answered_by(store, outgoing.id, incoming.id)
    assert outgoing.id not in states(store)
    with pytest.raises(InvalidInput):
        letter_ops.create_reply_draft(store, outgoing.id)


def test_last_contact_and_target(world):
    store, prisoner, sizo, _ = world
    send(store, prisoner, sizo, "2024-04-10")
    store.create(LetterIn(prisoner_id=prisoner.id, direction="incoming", received_on="2024-04-20",
                          status="received"))
    store.create(LetterIn(prisoner_id=prisoner.id, direction="outgoing", written_on="2024-05-30"))
    (item,) = contact_items(store.db, TODAY)
    assert (item.last_contact, item.days_without, item.target_days) == ("2024-04-20", 42, 30)
    assert item.past_target
    (item,) = contact_items(store.db, TODAY, ReplyRules(contact_interval_days=60))
    assert not item.past_target


def test_letters_in_flight_when_moving_and_resend(world):
    store, prisoner, sizo, colony = world
    flying = send(store, prisoner, sizo, "2024-05-10")
    delivered = send(store, prisoner, sizo, "2024-04-01")
    store.update(Letter, delivered.id, {**delivered.model_dump(), "status": "delivered"})
    assert [letter.id for letter in letter_ops.letters_in_flight(store, prisoner.id)] == [
        flying.id]
    store.record_move(prisoner.id, colony.id, "2024-05-25")
    (copy,) = letter_ops.resend(store, [flying.id], colony.id)
    assert (copy.facility_id, copy.status) == (colony.id, "draft")
    letter_ops.mark_lost(store, [flying.id])
    assert store.get(Letter, flying.id).status == "lost"


def test_drafts_written_in_transit_are_held_with_a_reason(world):
    store, prisoner, sizo, _ = world
    store.record_move(prisoner.id, None, "2024-05-20")
    store.create(LetterIn(prisoner_id=prisoner.id, direction="outgoing", title="Письмо"))
    (draft,) = held_drafts(store.db, TODAY)
    assert draft.held_reason == "in_transit"
    assert [m.facility_name for m in recent_moves(store.db, TODAY)] == [None]


def test_letters_per_month(world):
    store, prisoner, sizo, _ = world
    send(store, prisoner, sizo, "2024-05-01")
    send(store, prisoner, sizo, "2024-05")
    store.create(LetterIn(prisoner_id=prisoner.id, direction="incoming", written_on="2024-04-03",
                          status="received"))
    store.create(LetterIn(prisoner_id=prisoner.id, direction="incoming", written_on="2024",
                          status="received"))
    months = dict((m, (s, r)) for m, s, r in letters_per_month(store.db, TODAY))
    assert len(months) == 24 and list(months)[-1] == "2024-06"
    assert months["2024-05"] == (2, 0) and months["2024-04"] == (0, 1)


def test_seed_kagarlitsky_facts(seeded_store):
    today = date(2024, 12, 1)
    (boris,) = [c for c in contact_items(seeded_store.db, today)
                if "Kagarlitsky" in c.prisoner_name]
    assert boris.last_contact == "2024-11-14"
    assert boris.days_without == 17
    moves = recent_moves(seeded_store.db, date(2024, 4, 15), days=120)
    assert any("Kagarlitsky" in m.prisoner_name and m.start == "2024-02-13" for m in moves)
    # Ksenia's letter was answered by his second letter: nothing awaits a reply.
    assert due_items(seeded_store.db, today) == []


def test_due_command_prints_overdue_first(tmp_path):
    import json
    import os
    import subprocess
    import sys

    from lettermanager.paths import DataPaths
    from lettermanager.store.database import Database
    from lettermanager.store.service import Store

    data = tmp_path / "cli"
    database = Database.open(DataPaths(data), seed=False)
    store = Store(database)
    prisoner = store.create(PrisonerIn(full_name="Иванов Иван"))
    sizo = store.create(FacilityIn(name="СИЗО-1"))
    store.record_move(prisoner.id, sizo.id, "2024-01")
    awaiting = send(store, prisoner, sizo, "2024-05-20")
    overdue = send(store, prisoner, sizo, "2024-02-01")
    database.close()
    env = {**os.environ, "LETTERMANAGER_DATA_DIR": str(data)}
    run = subprocess.run([sys.executable, "-m", "lettermanager", "due", "--json",
                          "--today", "2024-06-01"], capture_output=True, text=True, env=env,
                         check=True)
    items = json.loads(run.stdout)
    assert [(i["letter_id"], i["state"]) for i in items] == [
        (overdue.id, "overdue"), (awaiting.id, "awaiting")]
    assert items[0]["causes"] == ["overdue"] and items[0]["days_late"] == 76
    text = subprocess.run([sys.executable, "-m", "lettermanager", "due", "--today",
                           "2024-06-01"], capture_output=True, text=True, env=env, check=True)
    assert text.stdout.splitlines()[0].startswith("overdue by 76 days")


def test_resend_notes_the_original_and_leaves_it_otherwise_alone(world):
    store, prisoner, sizo, colony = world
    flying = send(store, prisoner, sizo, "2024-05-10", title="Письмо", notes="Фото внутри")
    (copy,) = letter_ops.resend(store, [flying.id], colony.id, on="2024-06-01")
    original = store.get(Letter, flying.id)
    assert original.notes == "Фото внутри\nRe-sent on 2024-06-01 to ИК-7 (a copy was made)."
    assert original.status == "sent"
    copy = store.get(Letter, copy.id)
    assert (copy.title, copy.facility_id, copy.status) == ("Письмо", colony.id, "draft")
    assert "previous facility" in copy.notes


def test_recording_a_move_returns_the_letters_in_flight(world):
    store, prisoner, sizo, colony = world
    flying = send(store, prisoner, sizo, "2024-05-10")
    outcome = letter_ops.record_move_checking_letters(store, prisoner.id, colony.id, "2024-05-25")
    assert [letter.id for letter in outcome.in_flight] == [flying.id]
    assert (outcome.old_facility_name, outcome.new_facility_id) == ("СИЗО-1", colony.id)
    assert store.current_facility(prisoner.id).id == colony.id
    again = letter_ops.record_move_checking_letters(store, prisoner.id, None, "2024-06-01")
    assert again.in_flight == []  # nothing was sent to the colony
