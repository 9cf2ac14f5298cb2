"""The JSON documents are byte-identical to main's before the summaries layer (issue #14).

The hashes in ``tests/data/summary_json_sha256.json`` were computed on main (2ccf076) before
the summaries layer and the metric registry were built; this test recomputes every document
and compares the sha256 of its bytes. ``sekalk_version`` and file paths are blanked first (a
version bump or a different checkout folder is not a change of the document).

Regenerate (only when a document is meant to change, with a schema bump):
``SEKALK_REGEN_JSON_HASHES=1 python -m pytest tests/test_summary_json_identity.py``.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from sekalk.comparison import ComparisonResult, summary_with_deltas
from sekalk.scenario import load
from sekalk.scenario.overrides import apply_all
from sekalk.simulation import simulate

from .conftest import ROOT

EXAMPLES = sorted((ROOT / "scenarios").glob("*.toml"))
HASHES = Path(__file__).parent / "data" / "summary_json_sha256.json"
DRAWS = 2048
SEED = 11


def _bytes(doc: dict) -> bytes:
    doc = dict(doc)
    doc["sekalk_version"] = "<version>"
    for sc in doc.get("scenarios", ()):
        sc["path"] = Path(sc["path"]).name if sc.get("path") else sc.get("path")
    return json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False).encode("utf-8")


def _summary(path: Path, sampler: str) -> bytes:
    return _bytes(summary_with_deltas(simulate(load(path), DRAWS, SEED, sampler), None))


def _cases() -> dict[str, callable]:
    cases = {}
    for p in EXAMPLES:
        for sampler in ("random", "lhs", "sobol"):
            cases[f"summary/{p.stem}/{sampler}"] = lambda p=p, s=sampler: _summary(p, s)

    def with_set() -> bytes:
        base_sc = load(ROOT / "scenarios" / "tutorial.toml")
        sc = apply_all(base_sc, overlays=(), sets=("scenario.discount_rate=0.05",))
        result = simulate(sc, DRAWS, SEED)
        base = simulate(base_sc, DRAWS, SEED, payback=False)
        return _bytes(summary_with_deltas(result, base))

    def compared() -> bytes:
        results = tuple(
            simulate(load(ROOT / "scenarios" / name), DRAWS, SEED, payback=False)
            for name in ("par_genomsnittlig_skillnad.toml", "par_livstid_utanforskap.toml")
        )
        return _bytes(ComparisonResult(results=results).to_dict())

    cases["summary/tutorial/set"] = with_set
    cases["compare/par"] = compared
    return cases


CASES = _cases()


@pytest.fixture(scope="module")
def expected() -> dict[str, str]:
    if os.environ.get("SEKALK_REGEN_JSON_HASHES"):
        got = {k: hashlib.sha256(f()).hexdigest() for k, f in CASES.items()}
        HASHES.write_text(json.dumps(got, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return json.loads(HASHES.read_text(encoding="utf-8"))


def test_every_case_is_pinned(expected):
    assert sorted(expected) == sorted(CASES)


@pytest.mark.parametrize("case", sorted(CASES))
def test_json_bytes_unchanged(case, expected):
    assert hashlib.sha256(CASES[case]()).hexdigest() == expected[case]
