"""The look: Fusion with the system's light or dark palette, and a few named styles. Colours come
from the palette, so dark mode follows the system without a second stylesheet."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

ACCENT = "#2f6f6a"

_SHEET = """
QLabel#pageTitle { font-size: 17pt; font-weight: 600; }
QLabel#formTitle { font-size: 13pt; font-weight: 600; padding: 4px 0; }
QLabel#fieldError { color: #c0392b; font-size: 9pt; }
QLabel#emptyState { color: palette(mid); font-size: 12pt; padding: 40px; }
QLineEdit[invalid="true"], QComboBox[invalid="true"] { border: 1px solid #c0392b; border-radius: 3px; }
QListWidget#navigation { border: none; background: palette(alternate-base); font-size: 11pt; padding-top: 8px;
                         outline: none; }
QListWidget#navigation::item { padding: 9px 12px; border-radius: 6px; margin: 1px 6px; }
QListWidget#navigation::item:selected { background: palette(highlight); color: palette(highlighted-text); }
QGroupBox { font-weight: 600; margin-top: 10px; }
QGroupBox::title { subcontrol-origin: margin; left: 6px; padding: 0 3px; }
"""


def is_dark() -> bool:
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def apply_style(app: QApplication, dark: bool | None = None) -> None:
    """Fusion style, dark when the system is dark (or when `dark` says so: the screenshots, on a platform
    without a colour scheme), our accent for selections."""
    app.setStyle("Fusion")
    palette = _dark_palette() if (is_dark() if dark is None else dark) else app.style().standardPalette()
    palette.setColor(QPalette.ColorRole.Highlight, QColor(ACCENT))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    app.setPalette(palette)
    app.setStyleSheet(_SHEET)


def _dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#2b2b2b"), (QPalette.ColorRole.WindowText, "#e6e6e6"),
                         (QPalette.ColorRole.Base, "#1f1f1f"), (QPalette.ColorRole.AlternateBase, "#262626"),
                         (QPalette.ColorRole.Text, "#e6e6e6"), (QPalette.ColorRole.Button, "#333333"),
                         (QPalette.ColorRole.ButtonText, "#e6e6e6"), (QPalette.ColorRole.ToolTipBase, "#333333"),
                         (QPalette.ColorRole.ToolTipText, "#e6e6e6"), (QPalette.ColorRole.Mid, "#8a8a8a"),
                         (QPalette.ColorRole.PlaceholderText, "#8a8a8a")):
        palette.setColor(role, QColor(colour))
    # Greyed out, as the light palette does: a disabled button must not look like one that works.
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7a7a"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Button, QColor("#2e2e2e"))
    return palette


def follow_color_scheme(app: QApplication) -> None:
    """Switch between light and dark as the system does, while the application runs."""
    QGuiApplication.styleHints().colorSchemeChanged.connect(lambda _scheme: apply_style(app))
