"""The Overview's building blocks: a titled section holding a list (or a chart) with its
own empty state, and a number card that can be clicked."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from .overview_list import OverviewList

SECTION_STYLE = """
QFrame#OverviewSection, QFrame#StatCard {
    background: palette(base);
    border: 1px solid palette(midlight);
    border-radius: 6px;
}
QFrame#StatCard[clickable="true"]:hover, QFrame#StatCard[clickable="true"]:focus {
    border: 1px solid palette(highlight);
}
QFrame#OverviewSection QLabel, QFrame#StatCard QLabel { background: transparent; border: none; }
"""


def dim(label: QLabel) -> QLabel:
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText,
                     palette.color(QPalette.ColorRole.PlaceholderText))
    label.setPalette(palette)
    return label


class Section(QFrame):
    """A title, a count, and either its body or a one-line empty state."""

    def __init__(self, title: str, empty_text: str, body: QWidget | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("OverviewSection")
        self.title = QLabel(title)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.08)
        self.title.setFont(font)
        self.count = dim(QLabel())
        self.list = body if body is not None else OverviewList()
        self.empty = dim(QLabel(empty_text))
        self.empty.setWordWrap(True)
        self.empty.setContentsMargins(8, 4, 8, 8)
        self.body = QStackedWidget()
        self.body.addWidget(self.list)
        self.body.addWidget(self.empty)

        header = QHBoxLayout()
        header.setContentsMargins(10, 8, 10, 2)
        header.addWidget(self.title)
        header.addWidget(self.count)
        header.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 4)
        layout.setSpacing(2)
        layout.addLayout(header)
        layout.addWidget(self.body)

    def set_count(self, count: int | None) -> None:
        self.count.setText(f"({count})" if count else "")

    def show_empty(self, empty: bool) -> None:
        self.body.setCurrentWidget(self.empty if empty else self.list)
        if isinstance(self.list, OverviewList):
            if empty:
                self.list.setFixedHeight(0)
            else:
                self.list.fit_height()
        self.body.setFixedHeight(self.body.currentWidget().sizeHint().height() if empty
                                 else self.list.height())

    def is_empty(self) -> bool:
        return self.body.currentWidget() is self.empty

    def empty_text(self) -> str:
        return self.empty.text()


class StatCard(QFrame):
    """A number with a caption; `clicked()` when it is clickable (mouse, Enter or Space)."""

    clicked = Signal()

    def __init__(self, caption: str, *, clickable: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("StatCard")
        self.setProperty("clickable", clickable)
        self.clickable = clickable
        if clickable:
            self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.number = QLabel("–")
        font = self.number.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.number.setFont(font)
        self.caption = QLabel(caption)
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 8)
        layout.setSpacing(0)
        layout.addWidget(self.number)
        layout.addWidget(self.caption)
        layout.addStretch(1)

    def set_value(self, value: int, caption: str, tone: str | None = None) -> None:
        self.number.setText(f"{value:,}".replace(",", "\u202f"))
        self.caption.setText(caption)
        colors = {"alert": "#b3261e", "warn": "#9a5b00"}
        self.number.setStyleSheet(f"color: {colors[tone]};" if tone in colors and value
                                  else "")

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        if self.clickable and event.button() == Qt.MouseButton.LeftButton \
                and self.rect().contains(event.position().toPoint()):
            self.clicked.emit()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if self.clickable and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter,
                                              Qt.Key.Key_Space):
            self.clicked.emit()
            return
        super().keyPressEvent(event)
