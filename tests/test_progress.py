"""The progress bar: shown only on a terminal, after a delay, erased at the end."""

from __future__ import annotations

import io

from sekalk.report.progress import format_progress, progress_bar
from tests.conftest import sv_numbers


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_format_progress_by_hand():
    line = format_progress(250_000, 1_000_000, 2.0, "en", "run")
    # 25 % done in 2 s: 6 s left; 6 of 24 cells filled.
    assert line == "run [######..................]   25% 250,000/1,000,000 draws, ~6 s left"
    sv = format_progress(500_000, 1_000_000, 3.0, "sv")
    assert sv.endswith(sv_numbers("500 000/1 000 000 dragningar, ~3 s kvar"))
    assert sv_numbers("50 %") in sv
    assert format_progress(10, 10, 1.0, "en").endswith("10/10 draws")


def test_bar_drawn_on_a_terminal_after_the_delay_and_erased():
    out = FakeTerminal()
    now = [0.0]
    with progress_bar("x", stream=out, delay=1.0, clock=lambda: now[0]) as update:
        update(1, 4)  # before the delay: nothing
        assert out.getvalue() == ""
        now[0] = 2.0
        update(2, 4)
        assert "2/4 draws" in out.getvalue()
        now[0] = 2.05
        update(3, 4)  # within 0.1 s of the last redraw: skipped
        assert "3/4" not in out.getvalue()
        update(4, 4)  # the final update is always drawn
        assert "4/4" in out.getvalue()
    assert out.getvalue().endswith("\r")


def test_no_bar_off_a_terminal_or_when_quiet():
    plain = io.StringIO()
    with progress_bar(stream=plain, delay=0.0) as update:
        update(1, 2)
    assert plain.getvalue() == ""
    term = FakeTerminal()
    with progress_bar(stream=term, delay=0.0, enabled=False) as update:
        update(1, 2)
    assert term.getvalue() == ""
