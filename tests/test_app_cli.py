"""`sekalk app` as a user starts it: 127.0.0.1 only, --port 0, a clean stop on SIGINT/SIGTERM."""

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import httpx2 as httpx
import pytest
from click.testing import CliRunner

from sekalk.cli import main

ROOT = Path(__file__).resolve().parents[1]


def _start(folder: Path, *extra: str) -> tuple[subprocess.Popen, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "sekalk.cli",
            "app",
            str(folder),
            "--port",
            "0",
            "--no-browser",
            *extra,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    line = proc.stdout.readline()
    assert "http://127.0.0.1:" in line, (line, proc.stderr.read() if proc.poll() else "")
    url = line.split()[2].split("/?")[0]
    return proc, url


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_starts_on_loopback_answers_and_stops_cleanly(tmp_path, sig):
    (tmp_path / "a.toml").write_text(
        (ROOT / "scenarios" / "tutorial.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    proc, url = _start(tmp_path, "--lang", "en")
    try:
        r = httpx.get(url + "/", timeout=30)
        assert r.status_code == 200 and "a.toml" in r.text and 'lang="en"' in r.text
        port = int(url.rsplit(":", 1)[1])
        # Not reachable on another interface of this machine (it listens on loopback only).
        addrs = {a[4][0] for a in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)}
        for addr in addrs - {"127.0.0.1"}:
            if addr.startswith("127."):
                continue
            with socket.socket() as s:
                s.settimeout(1)
                assert s.connect_ex((addr, port)) != 0
    finally:
        proc.send_signal(sig)
        assert proc.wait(timeout=20) == 0


def test_port_in_use_is_a_clear_error(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        res = CliRunner().invoke(main, ["app", str(tmp_path), "--port", str(port), "--no-browser"])
    assert res.exit_code == 2
    assert "Traceback" not in res.output and f"127.0.0.1:{port}" in res.output


def test_not_a_folder(tmp_path):
    res = CliRunner().invoke(main, ["app", str(tmp_path / "nope"), "--no-browser"])
    assert res.exit_code == 2
