"""The Overview page, the first screen: what needs doing today.

Late replies grouped by their likely cause, letters awaiting a reply, prisoners out of
contact past their target, drafts waiting to be sent (and why they are held), the
translation queue, recent moves and prisoners in transit, and a chart of letters per month.
Every item opens the record it names (click or Enter). Loads through the worker and reloads
whenever the data changes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from ..domain.custody import Place
from ..domain.enums import Direction, LetterStatus
from ..domain.replies import OverdueCause
from ..i18n import _, ngettext
from ..store.overview_data import OverviewData, WhereNow, load_overview
from ..store.reply_tracking import ContactItem, DraftItem, DueItem, MoveItem
from .display import enum_label, format_partial_date
from .empty_state import EmptyState
from .guards import if_alive
from .letters_chart import LettersChart
from .overview_list import OverviewList, Target
from .overview_sections import SECTION_STYLE, Section, StatCard, dim
from .worker import DatabaseWorker

ARROWS = {Direction.OUTGOING.value: "→", Direction.INCOMING.value: "←"}


def cause_heading(cause: OverdueCause, n: int) -> str:
    headings = {
        OverdueCause.OVERDUE: ngettext("Overdue ({n})", "Overdue ({n})", n),
        OverdueCause.POSSIBLY_MOVED: ngettext(
            "Possibly moved: a move since it was sent ({n})",
            "Possibly moved: a move since they were sent ({n})", n),
        OverdueCause.HELD_BY_CENSOR: ngettext("Held by the censor ({n})",
                                              "Held by the censor ({n})", n),
        OverdueCause.SENT_IN_TRANSIT: ngettext(
            "Sent while the prisoner was in transit ({n})",
            "Sent while the prisoner was in transit ({n})", n),
    }
    return headings[cause].format(n=n)


def cause_label(cause: OverdueCause) -> str:
    return {
        OverdueCause.OVERDUE: _("overdue"),
        OverdueCause.POSSIBLY_MOVED: _("possibly moved"),
        OverdueCause.HELD_BY_CENSOR: _("held by the censor"),
        OverdueCause.SENT_IN_TRANSIT: _("sent while in transit"),
    }[cause]


def days_late(n: int) -> str:
    return ngettext("{n} day late", "{n} days late", n).format(n=n)


def no_contact_text(n: int) -> str:
    return ngettext("no contact for {n} day", "no contact for {n} days", n).format(n=n)


def letter_line(item: DueItem) -> str:
    title = item.title or _("(untitled letter)")
    arrow = ARROWS.get(item.direction, "")
    if item.sent_on:
        verb = (_("sent {date}") if item.direction == Direction.OUTGOING
                else _("received {date}"))
        return f"{arrow} {title} · {verb.format(date=format_partial_date(item.sent_on))}"
    return f"{arrow} {title}"


def held_reason(reason: str | None) -> str | None:
    if reason == "in_transit":
        return _("held: the prisoner is in transit")
    return reason


class OverviewPage(QWidget):
    open_prisoner = Signal(str)
    open_letter = Signal(str)
    open_translations = Signal()
    new_letter_requested = Signal()
    import_requested = Signal()
    loaded = Signal()

    def __init__(self, worker: DatabaseWorker, parent: QWidget | None = None, *,
                 today: Callable[[], date] = date.today):
        super().__init__(parent)
        self.worker = worker
        self.today = today
        self.data: OverviewData | None = None
        self._serial = 0
        self.setStyleSheet(SECTION_STYLE)

        heading = QLabel(_("Overview"))
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        heading.setFont(font)
        self.date_label = dim(QLabel())
        self.new_letter_button = QPushButton(_("New letter…"))
        self.new_letter_button.clicked.connect(self.new_letter_requested)
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addSpacing(12)
        top.addWidget(self.date_label, 0, Qt.AlignmentFlag.AlignBottom)
        top.addStretch(1)
        top.addWidget(self.new_letter_button)

        self.cards = {
            "overdue": StatCard(""),
            "awaiting": StatCard(""),
            "out_of_contact": StatCard(""),
            "drafts": StatCard(""),
            "translations": StatCard("", clickable=True),
        }
        self.cards["translations"].setToolTip(_("Open the translation queue"))
        self.cards["translations"].clicked.connect(self.open_translations)
        cards = QHBoxLayout()
        cards.setSpacing(10)
        for card in self.cards.values():
            cards.addWidget(card, 1)

        self.sections = {
            "overdue": Section(_("Overdue replies"), _("No reply is overdue.")),
            "awaiting": Section(_("Awaiting a reply"),
                                _("No letter is waiting for a reply.")),
            "drafts": Section(_("Drafts waiting to be sent"), _("No drafts to send.")),
            "contact": Section(_("No contact past the target"),
                               _("Every prisoner has been in touch within their target.")),
            "moves": Section(_("Recent moves and transit"),
                             _("No moves in the last six months, and nobody in transit.")),
        }
        self.sections["overdue"].list.max_rows = 8
        self.chart = LettersChart()
        self.sections["chart"] = Section(_("Letters per month"),
                                         _("No letters in the last two years."), self.chart)
        for section in self.sections.values():
            if isinstance(section.list, OverviewList):
                section.list.target_chosen.connect(self._open_target)

        left = QVBoxLayout()
        right = QVBoxLayout()
        for column, names in ((left, ("overdue", "awaiting", "drafts")),
                              (right, ("contact", "moves", "chart"))):
            column.setSpacing(10)
            for name in names:
                column.addWidget(self.sections[name])
            column.addStretch(1)
        columns = QHBoxLayout()
        columns.setSpacing(12)
        columns.addLayout(left, 11)
        columns.addLayout(right, 9)

        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 4, 0)
        content_layout.setSpacing(12)
        content_layout.addLayout(cards)
        content_layout.addLayout(columns, 1)
        scroll = QScrollArea()
        scroll.setWidget(content)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll = scroll

        self.welcome = EmptyState(
            _("No letters yet"),
            hint=_("Start by recording a letter (you can add the prisoner as you go), or "
                   "import an export file from another computer."),
            icon=QStyle.StandardPixmap.SP_MessageBoxInformation,
            action_text=_("New letter…"),
        )
        self.welcome.action_triggered.connect(self.new_letter_requested)
        self.import_button = self.welcome.add_action(_("Import…"), self.import_requested.emit)

        self.stack = QStackedWidget()
        self.stack.addWidget(scroll)
        self.stack.addWidget(self.welcome)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)

        worker.data_changed.connect(if_alive(self, self.refresh))
        self.refresh()

    # --- the page contract -------------------------------------------------------------------

    def refresh(self) -> None:
        self._serial += 1
        serial, today = self._serial, self.today()
        self.worker.submit(lambda store: load_overview(store, today),
                           on_done=if_alive(self, lambda data: self._show(serial, data)))

    def focus_filter(self) -> None:
        """The overview has no filter; the first list with items takes the focus."""
        for section in self.sections.values():
            if isinstance(section.list, OverviewList) and not section.is_empty():
                section.list.setFocus(Qt.FocusReason.ShortcutFocusReason)
                if section.list.currentRow() < 0 and section.list.entries():
                    section.list.setCurrentItem(section.list.entries()[0])
                return

    def delete_selected(self) -> None:
        """Nothing is deleted from the overview; open the record to delete it."""

    def save_state(self, settings: QSettings) -> None:
        """The overview keeps no state of its own."""

    def restore_state(self, settings: QSettings) -> None:
        """The overview keeps no state of its own."""

    # --- showing -------------------------------------------------------------------------------

    def list(self, name: str) -> OverviewList:
        return self.sections[name].list  # type: ignore[return-value]

    def _show(self, serial: int, data: OverviewData) -> None:
        if serial != self._serial:
            return  # a newer load is on its way
        self.data = data
        self.date_label.setText(format_partial_date(data.today))
        self._fill_cards(data)
        self._fill_overdue(data)
        self._fill_due(self.list("awaiting"), data.awaiting)
        self._fill_drafts(data.drafts)
        self._fill_contact(data.out_of_contact)
        self._fill_moves(data.moves)
        self.chart.set_data(data.per_month)
        chart_empty = not any(sent or received for _k, sent, received in data.per_month)
        self.sections["chart"].show_empty(chart_empty)
        self.stack.setCurrentIndex(1 if data.counts.is_empty else 0)
        self.new_letter_button.setVisible(not data.counts.is_empty)  # the welcome has one
        self.loaded.emit()

    def _fill_cards(self, data: OverviewData) -> None:
        n = len(data.overdue)
        self.cards["overdue"].set_value(n, ngettext("reply overdue", "replies overdue", n),
                                        "alert")
        n = len(data.awaiting)
        self.cards["awaiting"].set_value(n, ngettext("letter awaiting a reply",
                                                     "letters awaiting a reply", n))
        n = len(data.out_of_contact)
        self.cards["out_of_contact"].set_value(n, ngettext(
            "prisoner out of contact", "prisoners out of contact", n), "warn")
        n = len(data.drafts)
        self.cards["drafts"].set_value(n, ngettext("draft to send", "drafts to send", n))
        n = data.counts.translations_queued
        self.cards["translations"].set_value(n, ngettext(
            "letter to translate", "letters to translate", n))

    def _fill_section(self, name: str, count: int) -> None:
        section = self.sections[name]
        section.set_count(count)
        section.show_empty(count == 0)

    def _fill_overdue(self, data: OverviewData) -> None:
        view = self.list("overdue")
        view.clear()
        groups = data.overdue_by_cause()
        for cause, items in groups:
            if len(groups) > 1 or cause is not OverdueCause.OVERDUE:
                view.add_heading(cause_heading(cause, len(items)),
                                 "warn" if cause is not OverdueCause.OVERDUE else "alert")
            for item in items:
                other = [cause_label(c) for c in item.causes[1:]]
                detail = letter_line(item)
                if other:
                    detail += " · " + _("also: {causes}").format(causes=", ".join(other))
                view.add_entry(item.prisoner_name, detail, Target("letter", item.letter_id),
                               badge=days_late(item.days_late), tone="alert")
        self._fill_section("overdue", len(data.overdue))

    def _fill_due(self, view: OverviewList, items: list[DueItem]) -> None:
        view.clear()
        for item in items:
            badge = (_("due {date}").format(date=format_partial_date(item.due, short=True))
                     if item.due else None)
            view.add_entry(item.prisoner_name, letter_line(item),
                           Target("letter", item.letter_id), badge=badge)
        self._fill_section("awaiting", len(items))

    def _fill_drafts(self, items: list[DraftItem]) -> None:
        view = self.list("drafts")
        view.clear()
        for item in items:
            reason = held_reason(item.held_reason)
            view.add_entry(item.prisoner_name, item.title or _("(untitled letter)"),
                           Target("letter", item.letter_id),
                           badge=reason or enum_label(item.status, LetterStatus),
                           tone="warn" if reason else None)
        self._fill_section("drafts", len(items))

    def _fill_contact(self, items: list[ContactItem]) -> None:
        view = self.list("contact")
        view.clear()
        for item in items:
            detail = " · ".join((
                _("last contact {date}").format(date=format_partial_date(item.last_contact)),
                ngettext("target: every {n} day", "target: every {n} days",
                         item.target_days).format(n=item.target_days)))
            where = self.data.where_now.get(item.prisoner_id) if self.data else None
            if where is not None and where.place is not None:  # first: where to write
                detail = _("now: {place}").format(place=where_now_text(where)) + " · " + detail
            view.add_entry(item.prisoner_name, detail, Target("prisoner", item.prisoner_id),
                           badge=no_contact_text(item.days_without or 0), tone="warn")
        self._fill_section("contact", len(items))

    def _fill_moves(self, items: list[MoveItem]) -> None:
        view = self.list("moves")
        view.clear()
        for item in items:
            when = format_partial_date(item.start) if item.start else _("date unknown")
            if item.facility_name is None:
                detail = _("in transit (etap) since {date}").format(date=when)
                badge, tone = _("in transit"), "warn"
            else:
                detail = _("moved to {facility} · {date}").format(
                    facility=item.facility_name, date=when)
                badge, tone = None, None
            view.add_entry(item.prisoner_name, detail, Target("prisoner", item.prisoner_id),
                           badge=badge, tone=tone)
        self._fill_section("moves", len(items))

    def _open_target(self, target: Target) -> None:
        if target.kind == "letter" and target.id:
            self.open_letter.emit(target.id)
        elif target.kind == "prisoner" and target.id:
            self.open_prisoner.emit(target.id)
        elif target.kind == "translations":
            self.open_translations.emit()


def where_now_text(where: WhereNow) -> str:
    """"Penal colony …, since 2024", "In transit, since March 2024", "Free"."""
    if where.place is Place.HELD:
        place = where.facility_name or _("Unknown facility")
    elif where.place is Place.IN_TRANSIT:
        place = _("In transit")
    else:
        place = _("Free")
    if not where.since:
        return place
    return _("{place}, since {date}").format(
        place=place, date=format_partial_date(where.since, in_phrase=True))
