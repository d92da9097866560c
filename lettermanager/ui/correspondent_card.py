"""A correspondent found by the search: who they are and the letters they are part of.
Correspondents have no page of their own; this small window shows one, and a double click
(or Enter) on a letter opens it."""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import select

from ..domain.enums import CorrespondentRole, Direction
from ..i18n import _, ngettext
from ..store.models import Correspondent, Letter, Prisoner
from ..store.service import Store
from .display import enum_label, format_partial_date, language_name
from .guards import if_alive
from .worker import DatabaseWorker

MAX_LETTERS = 500


@dataclass(frozen=True)
class CorrespondentView:
    name: str
    role: str
    languages: list[str]
    contact: str | None
    notes: str | None
    letters: list[tuple[str, str, str, str | None, str]]  # id, title, direction, date, prisoner


def load_correspondent(store: Store, correspondent_id: str) -> CorrespondentView:
    """On the worker thread: the correspondent and their letters, newest first."""
    person = store.get(Correspondent, correspondent_id)
    with store.db.session() as session:
        rows = session.exec(
            select(Letter, Prisoner.full_name).join(Prisoner, Prisoner.id == Letter.prisoner_id)
            .where(Letter.correspondent_id == correspondent_id)).all()
    letters = [(letter.id, letter.title or "", letter.direction,
                letter.written_on or letter.sent_on or letter.received_on, name)
               for letter, name in rows]
    letters.sort(key=lambda row: row[3] or "", reverse=True)
    return CorrespondentView(person.name, person.role, list(person.languages or []),
                             person.contact, person.notes, letters[:MAX_LETTERS])


class CorrespondentCard(QDialog):
    open_letter = Signal(str)

    def __init__(self, worker: DatabaseWorker, correspondent_id: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Correspondent"))
        self.heading = QLabel(_("Loading…"))
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.letters = QListWidget()
        self.letters.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.letters.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.letters.itemActivated.connect(self._open)
        self.count = QLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.count)
        layout.addWidget(self.letters, 1)
        layout.addWidget(buttons)
        self.resize(560, 440)
        worker.submit(lambda store: load_correspondent(store, correspondent_id),
                      on_done=if_alive(self, self.show_view),
                      on_error=if_alive(self, lambda exc: self.heading.setText(str(exc))))

    def show_view(self, view: CorrespondentView) -> None:
        lines = [f"<h3>{html.escape(view.name)}</h3>",
                 html.escape(enum_label(view.role, CorrespondentRole))]
        if view.languages:
            lines.append(html.escape(", ".join(language_name(code) for code in view.languages)))
        if view.contact:
            lines.append(html.escape(view.contact))
        if view.notes:
            lines.append("<i>" + html.escape(view.notes).replace("\n", "<br>") + "</i>")
        self.heading.setText("<br>".join(lines))
        count = ngettext("{n} letter", "{n} letters", len(view.letters)).format(
            n=len(view.letters))
        if view.letters:
            count += " · " + _("double-click one to open it")
        self.count.setText(count)
        for letter_id, title, direction, date, prisoner in view.letters:
            parts = [format_partial_date(date, short=True) if date else "",
                     enum_label(direction, Direction), title or _("Untitled letter"), prisoner]
            item = QListWidgetItem(" · ".join(part for part in parts if part))
            item.setToolTip(item.text())
            item.setData(Qt.ItemDataRole.UserRole, letter_id)
            self.letters.addItem(item)

    def _open(self, item: QListWidgetItem) -> None:
        self.open_letter.emit(item.data(Qt.ItemDataRole.UserRole))
