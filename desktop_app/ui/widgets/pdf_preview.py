"""A PDF shown from bytes, page after page, that can also be printed."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QWidget


class PdfPreview(QPdfView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Not the view's child: a loaded document closing while its view is half destroyed crashes Qt.
        self.document_ = QPdfDocument()
        self.setDocument(self.document_)
        self.setPageMode(QPdfView.PageMode.MultiPage)
        self.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._buffer: QBuffer | None = None
        self.data = b""

    def show_pdf(self, data: bytes) -> None:
        self.data = data
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(data))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document_.load(self._buffer)

    def print_pdf(self, parent: QWidget) -> bool:
        """Print every page through the system's print dialog; False if the user cancelled."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, parent).exec() != QPrintDialog.DialogCode.Accepted:
            return False
        print_document(self.document_, printer)
        return True


def print_document(document: QPdfDocument, printer: QPrinter) -> None:
    """Draw each page of `document` on `printer`, scaled to the printable area."""
    painter = QPainter(printer)
    try:
        area = printer.pageRect(QPrinter.Unit.DevicePixel).toRect()
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            image = document.render(page, QSize(area.width(), area.height()))
            painter.drawImage(area.topLeft(), image)
    finally:
        painter.end()
