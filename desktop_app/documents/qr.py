"""QR code symbols from reportlab's own QR encoder, drawn as one vector path.

reportlab's QrCodeWidget costs ~45 ms per symbol (8 full mask trials in Python, then one Rect
object per module); that alone would halve the invoice throughput. Here the encoder builds the
symbol once with mask 0, the other seven masks are applied as big-integer XORs, scored with string
and bit operations (ISO/IEC 18004 §7.8.3 penalty rules), and the dark runs of each row are drawn as
integer rectangles of a single path: about 3 ms in all.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import pairwise

from reportlab.graphics.barcode.qrencoder import QR8bitByte, QRCode, QRErrorCorrectLevel, QRUtil
from reportlab.pdfgen.canvas import Canvas

LEVELS = {"L": QRErrorCorrectLevel.L, "M": QRErrorCorrectLevel.M,
          "Q": QRErrorCorrectLevel.Q, "H": QRErrorCorrectLevel.H}
QUIET_ZONE = 4          # modules of white around the symbol
_RUNS = re.compile(r"0{5,}|1{5,}")
_FINDER_LIKE = re.compile(r"(?=10111010000|00001011101)")
_DARK = re.compile(r"1+")

# The Reed-Solomon generator polynomial depends only on the number of error-correction codewords,
# yet the encoder rebuilds it for every block of every symbol (40 % of its time). It is a pure
# function returning a value nobody mutates, so remembering it changes nothing but the speed.
if not hasattr(QRUtil.getErrorCorrectPolynomial, "cache_info"):
    QRUtil.getErrorCorrectPolynomial = staticmethod(cache(QRUtil.getErrorCorrectPolynomial))


def qr_matrix(data: bytes, level: str = "M") -> tuple[str, ...]:
    """The symbol's rows as strings of '0' (light) and '1' (dark), best mask chosen."""
    code = QRCode(None, LEVELS[level])
    code.addData(QR8bitByte(data))
    code.version = code.calculate_version()
    code.makeImpl(False, 0)
    size = code.moduleCount
    masks, formats = _mask_bits(code.version), _format_bits(code.version, LEVELS[level])
    format_area = 0
    for bits in formats:
        format_area |= bits
    built = int("".join("1" if dark else "0" for row in code.modules for dark in row), 2)
    unmasked = (built ^ masks[0]) & ~format_area
    candidates = [(unmasked ^ masks[m]) | formats[m] for m in range(8)]
    best = min(candidates, key=lambda symbol: _penalty(symbol, size))
    text = format(best, f"0{size * size}b")
    return tuple(text[row * size:(row + 1) * size] for row in range(size))


def draw_qr(canvas: Canvas, rows: tuple[str, ...], x: float, y: float, size: float) -> None:
    """Draw the symbol (quiet zone included) in a `size`-point square whose lower-left is (x, y).

    The coordinate system is scaled to one unit per module, so every dark run is an integer
    rectangle: one path, one fill, no seams between modules and no float formatting per module.
    """
    count = len(rows)
    module = size / (count + 2 * QUIET_ZONE)
    runs = [f"{run.start()} {-index - 1} {run.end() - run.start()} 1 re"
            for index, row in enumerate(rows) for run in _DARK.finditer(row)]
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    canvas.translate(x + QUIET_ZONE * module, y + size - QUIET_ZONE * module)
    canvas.scale(module, module)
    canvas.addLiteral("\n".join(runs) + "\nf")
    canvas.restoreState()


def _penalty(symbol: int, size: int) -> int:
    """ISO/IEC 18004 mask penalty: runs, 2×2 blocks, finder-like patterns, dark/light balance."""
    text = format(symbol, f"0{size * size}b")
    rows = [text[i * size:(i + 1) * size] for i in range(size)]
    lines = rows + [text[i::size] for i in range(size)]
    runs = _RUNS.findall("\n".join(lines))
    score = sum(map(len, runs)) - 2 * len(runs)
    values = [int(row, 2) for row in rows]
    inner = (1 << (size - 1)) - 1
    for upper, lower in pairwise(values):
        same_vertical = ~(upper ^ lower)
        same_horizontal = ~(upper ^ (upper >> 1))
        score += 3 * (same_vertical & (same_vertical >> 1) & same_horizontal & inner).bit_count()
    # The light area around the symbol counts as the four light modules of a finder-like pattern.
    score += 40 * len(_FINDER_LIKE.findall("0000" + "0000\n0000".join(lines) + "0000"))
    dark_percent = text.count("1") * 100 // (size * size)
    score += 10 * (abs(dark_percent - 50) // 5)
    return score


def _bit(size: int, row: int, col: int) -> int:
    """The bit of module (row, col) in a symbol held as one integer, row-major, first row highest."""
    return 1 << (size * size - 1 - (row * size + col))


@cache
def _mask_bits(version: int) -> tuple[int, ...]:
    """For each mask pattern, the data modules it darkens, as one integer per mask."""
    code = QRCode(version, QRErrorCorrectLevel.M)
    code.moduleCount = size = version * 4 + 17
    positions = code.dataPosIterator()
    masks = []
    for pattern in range(8):
        condition = QRUtil.getMask(pattern)
        bits = 0
        for col, row in positions:
            if condition(row, col):
                bits |= _bit(size, row, col)
        masks.append(bits)
    return tuple(masks)


@cache
def _format_bits(version: int, level: int) -> tuple[int, ...]:
    """For each mask pattern, the dark modules of the format information (and the dark module)."""
    size = version * 4 + 17
    result = []
    for pattern in range(8):
        code = QRCode(version, level)
        code.moduleCount = size
        code.modules = [[False] * size for _ in range(size)]
        code.setupTypeInfo(False, pattern)
        bits = 0
        for row, cells in enumerate(code.modules):
            for col, dark in enumerate(cells):
                if dark:
                    bits |= _bit(size, row, col)
        result.append(bits)
    return tuple(result)
