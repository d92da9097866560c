"""A small bar chart of letters per month, sent and received, drawn with QPainter."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QHelpEvent, QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from ..i18n import _, ngettext
from .display import babel_locale

SENT_COLOR = QColor("#3b73b9")
RECEIVED_COLOR = QColor("#e0892b")


def month_label(key: str, *, with_year: bool = False) -> str:
    """'2025-03' as the interface language names the month: 'Mar' (or 'Mar 2025')."""
    year, month = int(key[:4]), int(key[5:7])
    name = babel_locale().months["stand-alone"]["abbreviated"][month]
    return f"{name} {year}" if with_year else name


class LettersChart(QWidget):
    """`set_data([(YYYY-MM, sent, received), …])`, oldest first."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.data: list[tuple[str, int, int]] = []
        self.setMinimumHeight(150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)
        self.setAccessibleName(_("Letters per month"))

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(420, 170)

    def set_data(self, data: list[tuple[str, int, int]]) -> None:
        self.data = list(data)
        sent = sum(s for _k, s, _r in self.data)
        received = sum(r for _k, _s, r in self.data)
        self.setAccessibleDescription(_("{sent} sent and {received} received").format(
            sent=sent, received=received))
        self.update()

    # --- geometry ------------------------------------------------------------------------------

    def _plot_rect(self) -> QRectF:
        metrics = self.fontMetrics()
        left = metrics.horizontalAdvance("0000") + 8
        bottom = metrics.lineSpacing() * 2 + 6
        top = metrics.lineSpacing() + 8
        return QRectF(left, top, max(10, self.width() - left - 6),
                      max(10, self.height() - top - bottom))

    def _peak(self) -> int:
        peak = max((max(s, r) for _k, s, r in self.data), default=0)
        if peak <= 4:
            return 4
        step = 5 if peak <= 50 else 10 ** (len(str(peak)) - 1)
        return -(-peak // step) * step

    def month_at(self, x: float) -> int | None:
        plot = self._plot_rect()
        if not self.data or not plot.left() <= x <= plot.right():
            return None
        return min(len(self.data) - 1, int((x - plot.left()) / (plot.width() / len(self.data))))

    # --- painting ------------------------------------------------------------------------------

    def paintEvent(self, _event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.Text)
        dim = palette.color(QPalette.ColorRole.PlaceholderText)
        grid = QColor(dim)
        grid.setAlpha(60)
        plot = self._plot_rect()
        metrics = self.fontMetrics()
        small = QFont(self.font())
        small.setPointSizeF(small.pointSizeF() * 0.85)

        # Legend, top right.
        painter.setFont(small)
        x = self.width() - 6
        for label, color in ((_("received"), RECEIVED_COLOR), (_("sent"), SENT_COLOR)):
            width = painter.fontMetrics().horizontalAdvance(label)
            x -= width
            painter.setPen(text)
            painter.drawText(QRectF(x, 0, width, metrics.lineSpacing()),
                             Qt.AlignmentFlag.AlignVCenter, label)
            x -= 14
            painter.fillRect(QRectF(x, metrics.lineSpacing() / 2 - 4, 9, 9), color)
            x -= 14

        peak = self._peak()
        painter.setPen(dim)
        for step in range(0, 5):
            value = peak * step / 4
            y = plot.bottom() - plot.height() * step / 4
            painter.setPen(grid)
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            if value == int(value):
                painter.setPen(dim)
                painter.drawText(QRectF(0, y - 8, plot.left() - 5, 16),
                                 Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                                 str(int(value)))
        if not self.data:
            painter.end()
            return
        slot = plot.width() / len(self.data)
        bar = max(1.0, min(9.0, (slot - 3) / 2))
        label_every = 3 if slot * 3 > metrics.horizontalAdvance("Mmm 0000") else 6
        for number, (key, sent, received) in enumerate(self.data):
            left = plot.left() + number * slot + (slot - 2 * bar) / 2
            for offset, value, color in ((0, sent, SENT_COLOR), (bar, received, RECEIVED_COLOR)):
                if value:
                    height = max(1.0, plot.height() * value / peak)
                    painter.fillRect(QRectF(left + offset, plot.bottom() - height, bar, height),
                                     color)
            month = int(key[5:7])
            if month == 1 or number == 0 or month % label_every == 1:
                painter.setPen(dim)
                centre = plot.left() + number * slot
                label = month_label(key, with_year=month == 1 or number == 0)
                if centre + metrics.horizontalAdvance(label) > self.width():
                    continue  # no room for the last label
                painter.drawText(QRectF(centre, plot.bottom() + 3, 90, metrics.lineSpacing()),
                                 Qt.AlignmentFlag.AlignLeft, label)
                painter.setPen(grid)
                painter.drawLine(QPointF(centre, plot.bottom()), QPointF(centre,
                                                                         plot.bottom() + 3))
        painter.setPen(dim)
        painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(),
                                                                      plot.bottom()))
        painter.end()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            number = self.month_at(event.pos().x())
            if number is None:
                QToolTip.hideText()
            else:
                key, sent, received = self.data[number]
                QToolTip.showText(event.globalPos(), "\n".join([
                    month_label(key, with_year=True),
                    ngettext("{n} letter sent", "{n} letters sent", sent).format(n=sent),
                    ngettext("{n} letter received", "{n} letters received",
                             received).format(n=received),
                ]), self)
            return True
        return super().event(event)
