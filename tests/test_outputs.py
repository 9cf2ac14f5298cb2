"""Safe outputs: atomic writes, no overwriting without --force, nothing half-written."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from sekalk.cli import main
from sekalk.outputs import OutputError, check_writable, write_atomic, write_text_atomic

from .conftest import UNCERTAIN_TOML


@pytest.fixture
def scenario_file(tmp_path):
    p = tmp_path / "s.toml"
    p.write_text(UNCERTAIN_TOML, encoding="utf-8")
    return p


def _files(directory: Path) -> set[str]:
    return {p.name for p in directory.iterdir()}


def _fail_midway(tmp: Path) -> None:
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write("half a file")
        fh.flush()
        raise OSError(28, "No space left on device")


def test_write_atomic_replaces_in_one_step(tmp_path):
    target = tmp_path / "out.txt"
    write_text_atomic(target, "first")
    write_text_atomic(target, "second")
    assert target.read_text(encoding="utf-8") == "second"
    assert _files(tmp_path) == {"out.txt"}


def test_failure_midway_leaves_neither_target_nor_temp(tmp_path):
    target = tmp_path / "out.txt"
    with pytest.raises(OutputError, match="No space left on device") as info:
        write_atomic(target, _fail_midway)
    assert info.value.file == str(target)
    assert _files(tmp_path) == set()


def test_failure_midway_keeps_the_old_file(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")

    def boom(tmp: Path) -> None:
        tmp.write_text("new, partly", encoding="utf-8")
        raise RuntimeError("programming error")

    with pytest.raises(RuntimeError):
        write_atomic(target, boom)
    assert target.read_text(encoding="utf-8") == "old"
    assert _files(tmp_path) == {"out.txt"}


def test_check_writable(tmp_path, monkeypatch):
    existing = tmp_path / "x.json"
    existing.write_text("{}", encoding="utf-8")
    with pytest.raises(OutputError, match="--force"):
        check_writable(existing)
    assert check_writable(existing, force=True) == existing
    with pytest.raises(OutputError, match="is a directory"):
        check_writable(tmp_path)
    with pytest.raises(OutputError, match="does not exist"):
        check_writable(tmp_path / "missing" / "x.json")
    monkeypatch.setattr(os, "access", lambda *a, **k: False)
    with pytest.raises(OutputError, match="not writable"):
        check_writable(tmp_path / "y.json")


# ---------------------------------------------------------------------------------------------
# through the CLI


def _run(*args):
    return CliRunner().invoke(main, ["run", *map(str, args)])


def test_scenario_error_leaves_no_output(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[scenario]\ntitle = 1\n", encoding="utf-8")
    res = _run(bad, "--json", tmp_path / "out.json", "--draws-out", tmp_path / "d.csv")
    assert res.exit_code == 2
    assert _files(tmp_path) == {"bad.toml"}


def test_failed_draws_export_leaves_nothing(scenario_file, tmp_path, monkeypatch):
    import pandas as pd

    def to_csv(self, fh, *args, **kwargs):
        fh.write("draw,x\n0,1\n")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_csv", to_csv)
    res = _run(
        scenario_file, "--draws", 200, "--draws-out", tmp_path / "d.csv", "--json",
        tmp_path / "s.json",
    )  # fmt: skip
    assert res.exit_code == 2
    assert isinstance(res.exception, SystemExit)
    assert (
        f"{tmp_path / 'd.csv'}: filen går inte att skriva (No space left on device)" in res.output
    )
    assert _files(tmp_path) == {"s.toml"}


def test_failed_json_removes_the_draws_already_written(scenario_file, tmp_path, monkeypatch):
    import sekalk.outputs

    def fail_json(path, text):
        raise OutputError("cannot write the file (disk quota exceeded)", file=str(path))

    monkeypatch.setattr(sekalk.outputs, "write_text_atomic", fail_json)
    res = _run(
        scenario_file, "--draws", 200, "--draws-out", tmp_path / "d.csv", "--json",
        tmp_path / "s.json",
    )  # fmt: skip
    assert res.exit_code == 2
    assert "disk quota exceeded" in res.output
    assert _files(tmp_path) == {"s.toml"}


def test_existing_outputs_are_kept_without_force(scenario_file, tmp_path):
    out = tmp_path / "d.csv"
    out.write_text("mine", encoding="utf-8")
    res = _run(scenario_file, "--draws", 100, "--draws-out", out)
    assert res.exit_code == 2 and "--force" in res.output
    assert out.read_text(encoding="utf-8") == "mine"
    res = _run(scenario_file, "--draws", 100, "--draws-out", out, "--force")
    assert res.exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("# sekalk_version")


def test_json_and_draws_out_must_differ(scenario_file, tmp_path):
    res = _run(scenario_file, "--json", tmp_path / "x.csv", "--draws-out", tmp_path / "x.csv")
    assert res.exit_code == 2 and "--json och --draws-out anger samma fil" in res.output


def test_json_output_is_a_complete_document(scenario_file, tmp_path):
    out = tmp_path / "s.json"
    assert _run(scenario_file, "--draws", 100, "--json", out).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["settings"]["draws"] == 100
    assert _files(tmp_path) == {"s.toml", "s.json"}


def test_new_file_gets_the_usual_permissions(tmp_path):
    umask = os.umask(0o022)
    try:
        write_text_atomic(tmp_path / "new.txt", "x")
        assert (tmp_path / "new.txt").stat().st_mode & 0o777 == 0o644
        old = tmp_path / "old.txt"
        old.write_text("x", encoding="utf-8")
        old.chmod(0o640)
        write_text_atomic(old, "y")
        assert old.stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(umask)
