"""Drawing envelopes and address labels with QPainter, to a printer, a PDF or an image.

The layout is the one Russian post expects: the sender ("От кого") top left, the recipient
("Кому") and the address ("Куда") bottom right with the 6-digit postcode on the last line, and
the postcode again in a box of six cells bottom left, where the sorting machines read it.
Sizes are physical: fonts in points and lengths in millimetres on any device.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPageLayout,
    QPageSize,
    QPaintDevice,
    QPainter,
    QPen,
)
from PySide6.QtPrintSupport import QPrinter

from ..i18n import N_, _


@dataclass(frozen=True)
class PaperFormat:
    key: str
    label: str  # marked with N_, translated where shown
    width_mm: float
    height_mm: float
    sheet: bool = False  # a sheet of labels rather than one envelope


FORMATS: dict[str, PaperFormat] = {f.key: f for f in (
    PaperFormat("dl", N_("Envelope DL (220 × 110 mm)"), 220, 110),
    PaperFormat("c5", N_("Envelope C5 (229 × 162 mm)"), 229, 162),
    PaperFormat("c6", N_("Envelope C6 (162 × 114 mm)"), 162, 114),
    PaperFormat("labels", N_("Address labels, A4 sheet of 2 × 7"), 210, 297, sheet=True),
)}

# A4 sheet of 2 × 7 labels, 99.1 × 38.1 mm (the common L7163 layout).
LABEL_COLUMNS, LABEL_ROWS = 2, 7
LABEL_SIZE = QSizeF(99.1, 38.1)
LABEL_ORIGIN = QPointF(4.65, 15.15)
LABEL_PITCH = QSizeF(101.6, 38.1)
LABELS_PER_SHEET = LABEL_COLUMNS * LABEL_ROWS


@dataclass(frozen=True)
class EnvelopeText:
    """What is printed, as plain text (the dialog fills it from store.envelopes)."""
    recipient: str
    address_lines: list[str]
    postcode: str
    sender: str


def page_layout(paper: PaperFormat) -> QPageLayout:
    """The page of a format: envelopes landscape, the label sheet A4 portrait, no margins."""
    if paper.sheet:
        size = QPageSize(QPageSize.PageSizeId.A4)
        orientation = QPageLayout.Orientation.Portrait
    else:
        size = QPageSize(QSizeF(paper.height_mm, paper.width_mm), QPageSize.Unit.Millimeter,
                         paper.key.upper(), QPageSize.SizeMatchPolicy.ExactMatch)
        orientation = QPageLayout.Orientation.Landscape
    return QPageLayout(size, orientation, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)


class _Mm:
    """Millimetres to device pixels."""

    def __init__(self, device: QPaintDevice):
        self.x = device.logicalDpiX() / 25.4
        self.y = device.logicalDpiY() / 25.4

    def rect(self, left: float, top: float, width: float, height: float) -> QRectF:
        return QRectF(left * self.x, top * self.y, width * self.x, height * self.y)


def _font(points: float, bold: bool = False) -> QFont:
    font = QFont("DejaVu Sans")
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


def _fit_text(painter: QPainter, rect: QRectF, text: str, points: float, bold: bool = False,
              flags: int = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)) -> float:
    """Draw word-wrapped text in rect, shrinking the font until it fits; the height used."""
    flags |= int(Qt.TextFlag.TextWordWrap)
    size = points
    while True:
        painter.setFont(_font(size, bold))
        bound = painter.boundingRect(rect, flags, text)
        if (bound.height() <= rect.height() and bound.width() <= rect.width() + 0.5) \
                or size <= 6:
            break
        size -= 0.5
    painter.drawText(rect, flags, text)
    return min(bound.height(), rect.height())


def _postcode_cells(painter: QPainter, mm: _Mm, left: float, top: float, postcode: str,
                    cell: float = 7.0) -> None:
    """The six-cell postcode box, digits large and bold."""
    painter.setPen(QPen(QColor("black"), 0.3 * mm.x))
    painter.setFont(_font(cell * 2.3, bold=True))
    digits = (postcode if len(postcode) == 6 else "").ljust(6)
    for index, digit in enumerate(digits):
        box = mm.rect(left + index * (cell + 1.2), top, cell, cell * 1.45)
        painter.drawRect(box)
        if digit.strip():
            painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), digit)


def draw_envelope(painter: QPainter, device: QPaintDevice, paper: PaperFormat,
                  text: EnvelopeText) -> None:
    """One envelope filling the device's page (landscape, no margins)."""
    mm = _Mm(device)
    width, height = paper.width_mm, paper.height_mm
    margin = 10.0 if width > 200 else 8.0
    painter.setPen(QColor("black"))

    # Sender: top left, under "От кого".
    sender_width = width * 0.46
    painter.setFont(_font(7, bold=True))
    painter.drawText(mm.rect(margin, margin, sender_width, 4), 0, "От кого:")
    _fit_text(painter, mm.rect(margin, margin + 4.5, sender_width, height * 0.32),
              text.sender or "", 9)

    # Postcode box: bottom left.
    cell = 6.0 if height < 120 else 7.0
    _postcode_cells(painter, mm, margin, height - margin - cell * 1.45, text.postcode, cell)

    # Recipient and address: bottom right.
    left = width * 0.42
    block_width = width - left - margin
    top = height * 0.40
    bottom = height - margin
    rule = QPen(QColor("#777777"), 0.15 * mm.x)
    painter.setFont(_font(7, bold=True))
    painter.drawText(mm.rect(left, top, 12, 4), 0, "Кому:")
    used = _fit_text(painter, mm.rect(left + 11, top - 0.6, block_width - 11, 12),
                     text.recipient, 11, bold=True) / mm.y
    y = top + max(used, 5.0) + 1.5
    painter.setPen(rule)
    painter.drawLine(mm.rect(left, y - 1, block_width, 0).topLeft(),
                     mm.rect(left, y - 1, block_width, 0).topRight())
    painter.setPen(QColor("black"))
    painter.setFont(_font(7, bold=True))
    painter.drawText(mm.rect(left, y + 0.6, 12, 4), 0, "Куда:")
    address = "\n".join(text.address_lines)
    postcode_height = 6.0
    _fit_text(painter, mm.rect(left + 11, y, block_width - 11, bottom - y - postcode_height - 1),
              address, 10)
    painter.setFont(_font(7, bold=True))
    painter.drawText(mm.rect(left, bottom - postcode_height + 1.2, 14, 4), 0, "Индекс:")
    painter.setFont(_font(13, bold=True))
    painter.drawText(mm.rect(left + 14, bottom - postcode_height, block_width - 14,
                             postcode_height), int(Qt.AlignmentFlag.AlignLeft
                                                   | Qt.AlignmentFlag.AlignVCenter),
                     text.postcode)


def draw_label(painter: QPainter, mm: _Mm, rect_mm: QRectF, text: EnvelopeText) -> None:
    """One address label: recipient, address and postcode, left aligned."""
    pad = 3.0
    inner = QRectF(rect_mm.left() + pad, rect_mm.top() + pad, rect_mm.width() - 2 * pad,
                   rect_mm.height() - 2 * pad)
    painter.setPen(QColor("black"))
    used = _fit_text(painter, mm.rect(inner.left(), inner.top(), inner.width(), 10),
                     text.recipient, 9.5, bold=True) / mm.y
    lines = [*text.address_lines, text.postcode]
    _fit_text(painter, mm.rect(inner.left(), inner.top() + used + 1, inner.width(),
                               inner.height() - used - 1), "\n".join(x for x in lines if x), 8.5)


def draw_label_sheet(painter: QPainter, device: QPaintDevice, text: EnvelopeText,
                     count: int = 1, start: int = 1, outlines: bool = False) -> None:
    """`count` labels from position `start` (1-based, row by row) on an A4 sheet."""
    mm = _Mm(device)
    first = max(1, min(start, LABELS_PER_SHEET)) - 1
    for index in range(first, min(first + max(count, 1), LABELS_PER_SHEET)):
        row, column = divmod(index, LABEL_COLUMNS)
        rect = QRectF(LABEL_ORIGIN.x() + column * LABEL_PITCH.width(),
                      LABEL_ORIGIN.y() + row * LABEL_PITCH.height(),
                      LABEL_SIZE.width(), LABEL_SIZE.height())
        if outlines:
            painter.setPen(QPen(QColor("#bbbbbb"), 0))
            painter.drawRoundedRect(mm.rect(rect.left(), rect.top(), rect.width(),
                                            rect.height()), 2 * mm.x, 2 * mm.y)
        draw_label(painter, mm, rect, text)


def render(device: QPaintDevice, paper: PaperFormat, text: EnvelopeText, *, count: int = 1,
           start: int = 1, outlines: bool = False) -> None:
    """Paint one page on a device whose page layout is already `page_layout(paper)`."""
    painter = QPainter(device)
    if not painter.isActive():
        raise OSError(_("Could not start printing on this device."))
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        if paper.sheet:
            draw_label_sheet(painter, device, text, count, start, outlines)
        else:
            draw_envelope(painter, device, paper, text)
    finally:
        painter.end()


def save_pdf(path: str, paper: PaperFormat, text: EnvelopeText, **options) -> None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(path)
    printer.setPageLayout(page_layout(paper))
    printer.setFullPage(True)
    printer.setDocName(text.recipient or "envelope")
    render(printer, paper, text, **options)


def render_image(paper: PaperFormat, text: EnvelopeText, dpi: int = 150, **options) -> QImage:
    """The page as an image, white, with the outline of the envelope or the labels."""
    size = QSizeF(paper.width_mm, paper.height_mm) * dpi / 25.4
    image = QImage(size.toSize(), QImage.Format.Format_RGB32)
    dots_per_metre = round(dpi / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    image.fill(QColor("white"))
    render(image, paper, text, outlines=True, **options)
    if not paper.sheet:  # the edge of the envelope
        painter = QPainter(image)
        painter.setPen(QPen(QColor("#999999"), 1))
        painter.drawRect(image.rect().adjusted(0, 0, -1, -1))
        painter.end()
    return image
