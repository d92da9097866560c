"""A friendly "nothing here yet" panel: an icon, a message, an optional hint and actions.

Put it in a QStackedWidget (or QStackedLayout) next to the table it stands in for and switch
to it when the table has no rows, so a blank grid never leaves the user guessing.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)


class EmptyState(QWidget):
    """Centred icon, message and hint, with up to a few buttons.

    `EmptyState(_("No letters yet"), hint=..., action_text=_("New letter…"))` emits
    `action_triggered` when its main button is clicked; more buttons via `add_action()`.
    """

    action_triggered = Signal()

    def __init__(
        self,
        message: str,
        *,
        hint: str = "",
        icon: QIcon | QStyle.StandardPixmap | None = None,
        action_text: str | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("EmptyState")
        self.setAutoFillBackground(False)

        self._icon = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self._message = QLabel(message, alignment=Qt.AlignmentFlag.AlignCenter)
        self._message.setWordWrap(True)
        font = self._message.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self._message.setFont(font)
        self._hint = QLabel(hint, alignment=Qt.AlignmentFlag.AlignCenter)
        self._hint.setWordWrap(True)
        palette = self._hint.palette()
        palette.setColor(QPalette.ColorRole.WindowText,
                         palette.color(QPalette.ColorRole.PlaceholderText))
        self._hint.setPalette(palette)
        self._hint.setVisible(bool(hint))
        for label in (self._message, self._hint):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)

        self._buttons = QHBoxLayout()
        self._buttons.setSpacing(8)
        self._buttons.addStretch(1)
        self._buttons.addStretch(1)

        # The text column is at most 520 px wide and centred; labels fill it, so wrapped text
        # breaks at the column's width rather than at a narrow size hint.
        content = QWidget()
        content.setMaximumWidth(520)
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(10)
        column.addWidget(self._icon)
        column.addWidget(self._message)
        column.addWidget(self._hint)
        column.addSpacing(6)
        column.addLayout(self._buttons)

        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(content, 100)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 24, 24, 24)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

        self.set_icon(icon)
        self.primary_button: QPushButton | None = None
        if action_text:
            self.primary_button = self.add_action(action_text, self.action_triggered.emit)
            self.primary_button.setDefault(True)

    def set_icon(self, icon: QIcon | QStyle.StandardPixmap | None) -> None:
        if icon is None:
            icon = QStyle.StandardPixmap.SP_FileDialogInfoView
        if isinstance(icon, QStyle.StandardPixmap):
            icon = self.style().standardIcon(icon)
        self._icon.setPixmap(icon.pixmap(48, 48))
        self._icon.setVisible(not icon.isNull())

    def set_message(self, message: str, hint: str | None = None) -> None:
        self._message.setText(message)
        if hint is not None:
            self._hint.setText(hint)
            self._hint.setVisible(bool(hint))

    def message(self) -> str:
        return self._message.text()

    def hint(self) -> str:
        return self._hint.text()

    def add_action(self, text: str, slot: Callable[[], object]) -> QPushButton:
        """Add a button (before the trailing stretch) that calls `slot` when clicked."""
        button = QPushButton(text)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False: slot())
        self._buttons.insertWidget(self._buttons.count() - 1, button)
        return button
