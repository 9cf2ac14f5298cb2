"""Numbers as people type them into a form (the workbench's one reader of typed numbers)."""

from __future__ import annotations

import math
import re

_GROUP_SPACE = re.compile(r"(?<=\d)[ \u00a0\u202f\u2009](?=\d{3}(?!\d))")


def parse_number(text: str) -> float:
    """A number as people type it: ``0,7``, ``150 000``, ``−5``, ``3,5 %`` (a fraction).

    Raises ``ValueError`` for anything else; nothing is evaluated.
    """
    s = text.strip().replace("\u2212", "-")
    percent = s.endswith("%")
    if percent:
        s = s[:-1].rstrip()
    s = _GROUP_SPACE.sub("", s)  # spaces only as thousands separators: "150 000"
    if s.count(",") == 1 and "." not in s:
        s = s.replace(",", ".")
    if not re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?", s):
        raise ValueError(text)
    value = float(s)
    if not math.isfinite(value):  # 1e400: too large to be anything a calculation means
        raise ValueError(text)
    return value / 100 if percent else value
