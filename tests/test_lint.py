"""ruff's lint and format checks run with the test suite, so CI fails on either."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _ruff() -> list[str]:
    # The ruff beside this interpreter (the [test] extra's), not whichever is first on PATH.
    sibling = Path(sys.executable).with_name("ruff")
    exe = str(sibling) if sibling.exists() else shutil.which("ruff")
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("ruff is not installed: CI must check lint and format")
        pytest.skip("ruff is not installed (it comes with the [test] extra)")
    return [exe]


@pytest.mark.parametrize(
    "args", [["check", "."], ["format", "--check", "."]], ids=["check", "format"]
)
def test_ruff(args):
    done = subprocess.run([*_ruff(), *args], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
