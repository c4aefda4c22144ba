"""Table column widths that fit their numbers: a number, a unit or a signed percentage never
wraps inside its cell ("+153.3%" stays on one line), in the PDF and in Word alike."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth

from simulator.report.model import Table

#: Non-breaking space: joins a word to the unit after it ("Change %").
NBSP = "\u00a0"


def keep_units(text: str) -> str:
    """``text`` with a space before ``%`` (or a lone ``£``) made non-breaking."""
    return text.replace(" %", NBSP + "%").replace(" £ ", NBSP + "£" + NBSP)


def _longest_word(text: str, font: str, size: float) -> float:
    return max((stringWidth(w, font, size) for w in text.split(" ")), default=0.0)


def fit_widths(table: Table, total: float, size: float, padding: float) -> list[float]:
    """Column widths (points) summing to ``total``: each column at least as wide as its longest
    unbreakable word (header words in bold) plus ``padding``; the room a column needs is taken
    from the others in proportion to what they can spare. Relative widths are kept otherwise."""
    share = sum(table.widths)
    widths = [total * w / share for w in table.widths]
    need = []
    for i, head in enumerate(table.header):
        words = [_longest_word(keep_units(head), "Helvetica-Bold", size)]
        cells = [_longest_word(row[i], "Helvetica", size) for row in table.rows if i < len(row)]
        if not table.numeric[i]:  # text wraps; a very long word may break rather than squeeze all
            cells = [min(w, total / 4) for w in cells]
        need.append(max(words + cells) + padding)
    if sum(need) >= total:  # cannot fit: in proportion to need
        return [total * n / sum(need) for n in need]
    short = sum(max(0.0, n - w) for n, w in zip(need, widths))
    spare = [max(0.0, w - n) for n, w in zip(need, widths)]
    if short <= 0:
        return widths
    room = sum(spare)
    return [max(n, w - short * s / room) if w >= n else n for n, w, s in zip(need, widths, spare)]
