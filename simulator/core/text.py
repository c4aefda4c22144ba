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


def clean_text(text: object) -> str:
    """``text`` with every character XML/Excel forbids replaced by U+FFFD."""
    return FORBIDDEN.sub(REPLACEMENT, str(text))
