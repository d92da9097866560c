from datetime import date

from lettermanager.domain.replies import (
    ContactFacts,
    OverdueCause,
    ReplyState,
    StayFacts,
    days_without_contact,
    default_reply_due,
    in_transit_on,
    last_contact,
    overdue_causes,
    reply_state,
)

TODAY = date(2024, 6, 1)


def test_default_due_dates_by_channel():
    assert default_reply_due("electronic", "2024-03-01") == "2024-03-15"
    assert default_reply_due("post", "2024-03-01") == "2024-04-15"
    assert default_reply_due("post", "2024-03-01", international=True) == "2024-05-30"
    # A month-precision sending date counts from the month's last day: never too early.
    assert default_reply_due("electronic", "2024-03") == "2024-04-14"
    assert default_reply_due("post", "2024-03-01", days_by_channel={"post": 10}) == "2024-03-11"


def test_reply_states():
    def state(**facts):
        base = dict(expects_reply=True, has_reply=False, answered_on=None,
                    reply_due="2024-07-01", today=TODAY)
        return reply_state(**{**base, **facts})

    assert state(expects_reply=False) is ReplyState.NOT_EXPECTED
    assert state() is ReplyState.AWAITING
    assert state(reply_due="2024-05-31") is ReplyState.OVERDUE
    assert state(reply_due="2024-06-01") is ReplyState.AWAITING  # due today is not late
    assert state(reply_due="2024-05-31", has_reply=True) is ReplyState.ANSWERED
    assert state(reply_due="2024-05-31", answered_on="2024-05") is ReplyState.ANSWERED
    assert state(reply_due=None) is ReplyState.AWAITING


COLONY = StayFacts("colony", "2024-01-10", None)


def test_plain_silence_is_just_overdue():
    assert overdue_causes(sent_on="2024-03-01", stays=[COLONY], censorship_kinds=[]) == [
        OverdueCause.OVERDUE]


def test_a_move_after_sending_means_possibly_moved():
    stays = [StayFacts("sizo", "2024-01-10", "2024-04"), StayFacts("colony", "2024-04", None)]
    assert overdue_causes(sent_on="2024-03-01", stays=stays, censorship_kinds=["passed"]) == [
        OverdueCause.POSSIBLY_MOVED]


def test_censor_and_transit_causes_come_first():
    stays = [StayFacts("sizo", "2024-01", "2024-02-20"), StayFacts(None, "2024-02-20", None)]
    causes = overdue_causes(sent_on="2024-03-01", stays=stays, censorship_kinds=["delayed"])
    assert causes == [OverdueCause.HELD_BY_CENSOR, OverdueCause.SENT_IN_TRANSIT]
    assert in_transit_on(stays, "2024-03-01")
    assert not in_transit_on(stays, "2024-02-01")


def letter(direction, status, written=None, sent=None, received=None):
    return ContactFacts(direction, status, written, sent, received)


def test_last_contact_counts_incoming_letters_and_sent_outgoing_ones():
    letters = [
        letter("incoming", "received", written="2024-02-10", received="2024-03"),
        letter("outgoing", "draft", written="2024-05-20"),  # not sent: no contact
        letter("outgoing", "sent", sent="2024-03-20"),
    ]
    assert last_contact(letters) == "2024-03-20"
    # A year-only date does not outrank a precise one late in that year.
    assert last_contact([letter("incoming", "received", written="2024"),
                         letter("incoming", "received", written="2024-11-14")]) == "2024-11-14"
    # Days count from the last day a date may stand for: no false alarm.
    assert days_without_contact("2024-03", TODAY) == 62
    assert days_without_contact(None, TODAY) is None
    assert last_contact([]) is None
