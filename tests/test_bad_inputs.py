"""The bad-input catalogue (``tests/bad/``): one mistake per file, one clear message each.

``tests/bad/EXPECTED.toml`` maps every file to the code of its error, the key path it must
name, the line for syntax errors, a phrase of the English message and, where one mistake is
several problems, their count. Every file goes through ``sekalk validate`` and ``sekalk run``
(CliRunner, in English and in Swedish) and, all at once, through a real
``python -m sekalk.cli`` process, so that no traceback can reach a user.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib

import pytest
from click.testing import CliRunner

from sekalk.cli import main
from sekalk.errors import ScenarioError
from sekalk.scenario import load

from .conftest import ROOT

BAD = ROOT / "tests" / "bad"
EXPECTED: dict[str, dict] = tomllib.loads((BAD / "EXPECTED.toml").read_text(encoding="utf-8"))
NAMES = sorted(EXPECTED)


def _stderr(res) -> str:
    return res.stderr if hasattr(res, "stderr") else res.output


def test_catalogue_is_complete_and_large():
    files = {p.name for p in BAD.iterdir()} - {"EXPECTED.toml"}
    assert files == set(EXPECTED), "every bad file needs an entry in EXPECTED.toml, and back"
    assert len(files) >= 45


@pytest.mark.parametrize("name", NAMES)
def test_load_raises_scenario_error_at_the_expected_place(name):
    exp = EXPECTED[name]
    with pytest.raises(ScenarioError) as info:
        load(BAD / name)
    err = info.value
    assert len(err.errors) == exp.get("count", 1), str(err)
    assert err.code == exp["code"]
    assert err.file == str(BAD / name)
    assert err.path == exp.get("path")
    if "line" in exp:
        assert err.line == exp["line"]
    elif err.path is not None and name.endswith(".toml"):
        # every problem of a TOML file with a key path names its line
        assert isinstance(err.line, int) and err.line >= 1, str(err)
    assert exp["message"] in err.message
    if err.code != "error.plain":
        assert err.render("sv") != err.render("en"), "a coded error reads differently in Swedish"


#: The word an error line starts with, per language (catalogue entry ``cli.error``).
PREFIX = {"sv": "fel", "en": "error"}


def _lines(name: str, lang: str | None) -> list[str]:
    """The stderr lines that the CLI prints for one bad file, rendered independently."""
    with pytest.raises(ScenarioError) as info:
        load(BAD / name)
    err = info.value
    language = lang or err.lang or "sv"
    lines = [f"{PREFIX[language]}: {e.describe(language)}" for e in err.errors]
    if len(err.errors) > 1:
        lines.append(
            f"{BAD / name}: {len(err.errors)} " + ("problems" if language == "en" else "problem")
        )
    return lines


@pytest.mark.parametrize("lang", ["en", None])
@pytest.mark.parametrize("command", ["validate", "run"])
@pytest.mark.parametrize("name", NAMES)
def test_cli_gives_one_clear_message_and_exit_2(name, command, lang):
    exp = EXPECTED[name]
    path = str(BAD / name)
    args = [command, path] + (["--draws", "10"] if command == "run" else [])
    args += ["--lang", lang] if lang else []
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 2
    assert isinstance(res.exception, SystemExit)  # not an escaped exception
    err = _stderr(res)
    assert "Traceback" not in res.output
    lines = err.strip().splitlines()
    assert lines == _lines(name, lang), err
    msg = lines[0]
    assert msg.startswith((f"fel: {path}", f"error: {path}"))
    if "line" in exp:
        assert f"{path}:{exp['line']}:" in msg
    if "path" in exp:
        assert f": {exp['path']}: " in msg
    if lang == "en":
        assert exp["message"] in msg


def test_real_process_prints_no_traceback():
    """The whole catalogue through ``python -m sekalk.cli validate`` in one real process."""
    paths = [str(BAD / n) for n in NAMES]
    proc = subprocess.run(
        [sys.executable, "-m", "sekalk.cli", "validate", *paths],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    expected = [line for n in NAMES for line in _lines(n, None)]
    assert lines == expected


@pytest.mark.parametrize(
    "name", ["binary_garbage.toml", "non_utf8.toml", "json_syntax_error.json", "empty.toml"]
)
def test_real_process_run(name):
    proc = subprocess.run(
        [sys.executable, "-m", "sekalk.cli", "run", str(BAD / name), "--draws", "10"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith((f"fel: {BAD / name}", f"error: {BAD / name}"))
    assert len(proc.stderr.strip().splitlines()) == 1


# ---------------------------------------------------------------------------------------------
# every key of a full valid scenario, misspelt


def _misspell(key: str) -> str:
    """Drop a letter: the second for longer keys (keeping the first), the last for short ones."""
    return key[0] + key[2:] if len(key) > 2 else key[:-1]


def _keys_with_paths(node, trail=(), path=""):
    """(trail to the dict, key, key path of that dict) for every key of every table."""
    from sekalk.scenario.loader import slugify

    if isinstance(node, dict):
        for key, value in node.items():
            yield trail, key, path
            child = f"{path}.{key}" if path else key
            if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
                for i, item in enumerate(value):
                    if child == "correlations":
                        seg = f"correlations#{i + 1}"
                    else:
                        seg = f"{child}.{item.get('id') or slugify(item['label'])}"
                    for t, k, p in _keys_with_paths(item, (*trail, key, i), seg):
                        if k == "id" and t == (*trail, key, i):
                            p = f"{child}.{slugify(item['label'])}"  # the id is gone
                        yield t, k, p
            elif isinstance(value, dict):
                yield from _keys_with_paths(value, (*trail, key), child)


def _full_doc() -> dict:
    from .conftest import UNCERTAIN_TOML

    doc = tomllib.loads(UNCERTAIN_TOML)
    # add every optional key the fixture lacks, so that each is misspelt once
    doc["scenario"].update(currency="SEK", description="d", actors=["kyrkan"])
    doc["intervention"]["costs"][0]["note"] = "n"
    doc["logic"][0]["note"] = "n"
    out = doc["outcomes"][0]
    out.update(attribution={"dist": "normal", "mean": 0.9, "sd": 0.05, "min": 0, "max": 1})
    out["note"] = "n"
    out["baseline_risk"].update(source="s", note="n", evidence="research")
    out["consequences"][0]["note"] = "n"
    return doc


FULL = _full_doc()
MISSPELLINGS = list(_keys_with_paths(FULL))


def test_full_document_is_valid():
    import json

    from sekalk.scenario import loads

    loads(json.dumps(FULL), file="full.json", fmt="json")
    assert len(MISSPELLINGS) > 80


@pytest.mark.parametrize(
    ("trail", "key", "path"),
    MISSPELLINGS,
    ids=[f"{p}.{k}" for _, k, p in MISSPELLINGS],
)
def test_every_misspelt_key_is_named_with_a_suggestion(trail, key, path):
    import copy
    import json

    from sekalk.scenario import loads

    doc = copy.deepcopy(FULL)
    node = doc
    for step in trail:
        node = node[step]
    wrong = _misspell(key)
    node[wrong] = node.pop(key)
    with pytest.raises(ScenarioError) as info:
        loads(json.dumps(doc), file="full.json", fmt="json")
    text = str(info.value)
    expected_path = f"{path}.{wrong}" if path else wrong
    assert f"full.json: {expected_path}: " in text
    hint = text.split("(did you mean ", 1)[1].split("?)", 1)[0]
    assert f"'{key}'" in hint.split(" or ")


@pytest.mark.parametrize("path", sorted((ROOT / "scenarios").glob("*.toml")), ids=lambda p: p.name)
def test_every_misspelt_key_of_the_example_scenarios(path):
    """The same for every key of every shipped example (unit references, levels, ...)."""
    import copy
    import json

    from sekalk.scenario import loads

    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    failures = []
    for trail, key, where in _keys_with_paths(doc):
        wrong = _misspell(key)
        mutated = copy.deepcopy(doc)
        node = mutated
        for step in trail:
            node = node[step]
        if wrong in node:
            continue
        node[wrong] = node.pop(key)
        try:
            loads(json.dumps(mutated), file="x.json", fmt="json")
            failures.append(f"{where}.{key}: accepted")
        except ScenarioError as exc:
            text = str(exc)
            expected = f"{where}.{wrong}" if where else wrong
            hint = text.partition("(did you mean ")[2].partition("?)")[0]
            if f"x.json: {expected}: " not in text or f"'{key}'" not in hint.split(" or "):
                failures.append(f"{where}.{key}: {text}")
    assert not failures, "\n".join(failures)
