"""Text that every file format can hold.

Names come from other people's files; a control character such as ``\\x00`` or ``\\x07`` in an
area or scenario name cannot be stored in an Excel workbook, a Word document or any XML, so
inputs are cleaned as they are read (and writers clean again, see ``simulator.outputs.safe``).
"""

from __future__ import annotations

import re

#: Characters XML 1.0 (and so Excel, Word and SVG) cannot hold: C0 controls other than tab,
#: line feed and carriage return; lone surrogates; U+FFFE and U+FFFF.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
REPLACEMENT = "\ufffd"
#: Bidirectional embedding, override and isolate controls (U+202A-U+202E, U+2066-U+2069): they
#: reorder the text around them on screen ("Trojan source"), so a name could show as another.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def clean_text(text: object) -> str:
    """``text`` with every character XML/Excel forbids replaced by U+FFFD and bidirectional
    override controls removed."""
    return BIDI_CONTROLS.sub("", FORBIDDEN.sub(REPLACEMENT, str(text)))


def plain_text_charts() -> None:
    """Draw every chart text as it is written: matplotlib reads ``$...$`` as mathematics unless
    told not to, so a name such as ``$\\frac{a}{b}$`` would be drawn as a fraction,
    ``$\\undefinedmacro$`` would fail to draw and "Costs $5 to $6" would lose its dollar signs.
    fundsim draws no mathematics anywhere, so it turns the parser off for every text (titles,
    labels, tick labels, legends, annotations), whichever code made it. Every module that draws
    calls this when it is imported."""
    import matplotlib

    matplotlib.rcParams["text.parse_math"] = False


def chart_text(text: object) -> str:
    """A user's text (an area, scenario or option name, a title) as a chart shows it: cleaned as
    :func:`clean_text` does, drawn literally (see :func:`plain_text_charts`)."""
    plain_text_charts()
    return clean_text(text)
