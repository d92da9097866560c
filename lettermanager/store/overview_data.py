"""Everything the Overview page shows, read in one operation on the database thread.

Plain dataclasses only: the GUI never holds a session. `today` is a parameter, so that tests
fix the calendar.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..domain.custody import Place
from ..domain.replies import OverdueCause, ReplyState
from .reply_tracking import (
    ContactItem,
    DraftItem,
    DueItem,
    MoveItem,
    contact_items,
    due_items,
    held_drafts,
    letters_per_month,
    recent_moves,
    reply_rules,
)
from .service import Store
from .summary import OverviewCounts, overview_counts

RECENT_MOVE_DAYS = 180
CHART_MONTHS = 24
# The order the Overview groups late replies in: plain silence first, then the likely causes.
CAUSE_ORDER = (OverdueCause.OVERDUE, OverdueCause.POSSIBLY_MOVED, OverdueCause.HELD_BY_CENSOR,
               OverdueCause.SENT_IN_TRANSIT)


@dataclass(frozen=True)
class WhereNow:
    """Where a prisoner is now, as plain data: held (with the facility's name), in transit,
    free, or None when nothing is recorded."""

    place: Place | None
    facility_name: str | None = None
    since: str | None = None


@dataclass(frozen=True)
class OverviewData:
    today: date
    counts: OverviewCounts
    overdue: list[DueItem] = field(default_factory=list)
    awaiting: list[DueItem] = field(default_factory=list)
    out_of_contact: list[ContactItem] = field(default_factory=list)  # past their target
    where_now: dict[str, WhereNow] = field(default_factory=dict)  # of those out of contact
    drafts: list[DraftItem] = field(default_factory=list)
    moves: list[MoveItem] = field(default_factory=list)  # recent moves and those in transit
    per_month: list[tuple[str, int, int]] = field(default_factory=list)

    def overdue_by_cause(self) -> list[tuple[OverdueCause, list[DueItem]]]:
        """Late replies grouped by their most telling cause, in CAUSE_ORDER; empty groups
        left out."""
        groups: dict[OverdueCause, list[DueItem]] = {cause: [] for cause in CAUSE_ORDER}
        for item in self.overdue:
            groups[item.cause or OverdueCause.OVERDUE].append(item)
        return [(cause, items) for cause, items in groups.items() if items]

    @property
    def in_transit(self) -> list[MoveItem]:
        return [move for move in self.moves if move.facility_name is None]

    @property
    def nothing_due(self) -> bool:
        return not (self.overdue or self.awaiting or self.out_of_contact or self.drafts)


def load_overview(store: Store, today: date) -> OverviewData:
    rules = reply_rules(store.settings())
    due = due_items(store.db, today, rules)
    silent = [i for i in contact_items(store.db, today, rules) if i.past_target]
    return OverviewData(
        today=today,
        counts=overview_counts(store),
        overdue=[i for i in due if i.state is ReplyState.OVERDUE],
        awaiting=[i for i in due if i.state is not ReplyState.OVERDUE],
        out_of_contact=silent,
        where_now={item.prisoner_id: where_now(store, item.prisoner_id) for item in silent},
        drafts=held_drafts(store.db, today),
        moves=recent_moves(store.db, today, RECENT_MOVE_DAYS),
        per_month=letters_per_month(store.db, today, CHART_MONTHS),
    )


def where_now(store: Store, prisoner_id: str) -> WhereNow:
    current = store.current_place(prisoner_id)
    return WhereNow(current.place, current.facility.name if current.facility else None,
                    current.since)
