"""The registry of distribution kinds: each kind describes itself, and every face that lists
kinds or their parameters (loader, JSON Schema, Excel, web editor, catalogues) takes them from
the registry, so a new kind reaches all of them."""

from __future__ import annotations

import tomllib

import pytest

from sekalk.distributions import DISTRIBUTION_KINDS, Distribution, parse_distribution
from sekalk.distributions.base import KINDS, META_KEYS, register
from sekalk.text import catalog, languages

# One table per kind and parameter set; a new kind adds its own (the first test says so).
EXAMPLES = [
    {"dist": "fixed", "value": 2},
    {"dist": "uniform", "min": 1, "max": 2},
    {"dist": "triangular", "min": 1, "mode": 2, "max": 4},
    {"dist": "pert", "min": 1, "mode": 2, "max": 4, "lambda": 3},
    {"dist": "normal", "mean": 1, "sd": 0.5, "min": 0, "max": 3},
    {"dist": "lognormal", "mean": 1, "sd": 0.5},
    {"dist": "lognormal", "p05": 0.5, "p95": 0.9},
    {"dist": "lognormal", "mu": 0, "sigma": 0.3},
    {"dist": "beta", "mean": 0.4, "sd": 0.1},
    {"dist": "beta", "alpha": 2, "beta": 3, "min": 0.1, "max": 0.9},
    {"dist": "beta", "p05": 0.2, "p95": 0.5},
    {"dist": "gamma", "mean": 3, "sd": 1},
    {"dist": "gamma", "shape": 2, "scale": 1.5},
    {"dist": "discrete", "values": [1, 2], "weights": [1, 3]},
    {"dist": "loguniform", "min": 0.1, "max": 10},
]


def _set_of(table):
    cls = DISTRIBUTION_KINDS[table["dist"]]
    keys = set(table) - {"dist", *META_KEYS}
    return next(i for i, (req, _) in enumerate(cls.param_sets) if set(req) <= keys)


def test_every_kind_and_parameter_set_has_an_example():
    covered = {(t["dist"], _set_of(t)) for t in EXAMPLES}
    wanted = {(k, i) for k, cls in DISTRIBUTION_KINDS.items() for i in range(len(cls.param_sets))}
    assert covered == wanted


def test_the_registry_is_the_one_dict_and_each_kind_describes_itself():
    assert DISTRIBUTION_KINDS is KINDS
    for kind, cls in KINDS.items():
        assert cls.kind == kind and cls.__doc__ and cls.param_sets
        assert issubclass(cls, Distribution)
        assert cls.form_keys is None or cls.form_keys in {r for r, _ in cls.param_sets}
        assert cls.list_keys <= {k for r, o in cls.param_sets for k in (*r, *o)}


@pytest.mark.parametrize("table", EXAMPLES, ids=lambda t: t["dist"] + ":" + ",".join(t))
def test_each_example_parses_describes_widens_and_round_trips(table):
    from sekalk.scenario.loader import Bounds
    from sekalk.scenario.widen import widen_distribution

    d = parse_distribution(table, path="x")
    assert parse_distribution(d.to_table(), path="x") == d
    desc = d.description()
    assert desc.kind == d.kind and (desc.args or desc.items)
    assert d.describe().startswith(d.kind + "(") or d.is_fixed
    wide = widen_distribution(d, 0.25, Bounds(None, None))  # a domain without bounds
    assert wide is not None and wide.sd > d.sd


def test_register_refuses_a_kind_twice_or_without_parameter_sets():
    with pytest.raises(ValueError):
        register(DISTRIBUTION_KINDS["pert"])

    class Nameless(Distribution):
        __slots__ = ()
        kind = "nameless"

    with pytest.raises(ValueError):
        register(Nameless)
    assert "nameless" not in KINDS


@pytest.mark.parametrize("lang", languages())
def test_every_kind_has_a_name_in_every_catalogue(lang):
    for kind in DISTRIBUTION_KINDS:
        assert catalog(lang).has(f"dist.name.{kind}"), (lang, kind)


def test_the_json_schema_has_every_kind_and_parameter_set():
    jsonschema = pytest.importorskip("jsonschema")
    from sekalk.scenario.json_schema import scenario_schema

    schema = scenario_schema()
    dist = schema["$defs"]["distribution"]
    assert dist["properties"]["dist"]["enum"] == list(DISTRIBUTION_KINDS)
    assert len(dist["oneOf"]) == sum(len(c.param_sets) for c in DISTRIBUTION_KINDS.values())
    validator = jsonschema.Draft202012Validator({**dist, "$defs": schema["$defs"]})
    for table in EXAMPLES:
        assert not list(validator.iter_errors(table)), table


def test_the_workbook_names_every_kind_and_has_a_column_for_every_key():
    from sekalk.scenario.xlsx import COLUMNS, DIST_COLUMNS, DIST_NAMES, WRITE_ORDER

    assert list(DIST_NAMES) == list(DISTRIBUTION_KINDS)
    assert DIST_NAMES["loguniform"] == ("loglikformig", "loguniform")
    keys = {k for c in DISTRIBUTION_KINDS.values() for r, o in c.param_sets for k in (*r, *o)}
    assert keys <= set(DIST_COLUMNS) and keys <= set(WRITE_ORDER) and keys <= set(COLUMNS)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_loguniform_survives_toml_xlsx_toml(lang, tmp_path):
    from sekalk.scenario.xlsx import read_workbook, workbook_bytes
    from tests.test_xlsx import KITCHEN_SINK

    doc = tomllib.loads(KITCHEN_SINK)
    kinds = {
        v["dist"]
        for o in doc["outcomes"]
        for v in o.values()
        if isinstance(v, dict) and "dist" in v
    }
    assert "loguniform" in kinds
    assert read_workbook(workbook_bytes(doc, lang=lang)).doc == doc


def test_a_loguniform_typed_in_a_swedish_workbook_is_read():
    from sekalk.scenario.xlsx import _CODES

    assert _CODES["dist"]["loglikformig"] == "loguniform"
    assert _CODES["dist"]["loguniform"] == "loguniform"


def test_the_web_editor_offers_every_kind_with_form_keys():
    from sekalk.app import editor
    from sekalk.report.i18n import has

    offered = {k: c.form_keys for k, c in DISTRIBUTION_KINDS.items() if c.form_keys}
    assert editor.KIND_PARAMETERS == offered
    assert "loguniform" in editor.EDITABLE_KINDS and "discrete" not in editor.EDITABLE_KINDS
    for kind in editor.EDITABLE_KINDS:
        assert has(f"app.kind.{kind}"), kind
    # the boxes of a log-uniform become its table, and the table its boxes
    errors = editor.FieldErrors()
    fields = {"dist": "loguniform", "p": {"min": "50 000", "max": "5 000 000"}}
    table = editor._quantity(fields, None, "annual", errors)
    assert not errors and table == {"dist": "loguniform", "min": 50000, "max": 5000000}
    assert editor.quantity_view(table)["p"] == {"min": "50000", "max": "5000000"}
    assert editor.empty_quantity("loguniform")["p"] == {"min": "", "max": ""}


def test_a_scenario_with_a_loguniform_draws_it_within_4_standard_errors():
    import math

    from sekalk.scenario import loads
    from sekalk.simulation import simulate
    from tests.test_xlsx import KITCHEN_SINK

    sc = loads(KITCHEN_SINK)
    pid = "outcomes.o2.attribution"
    assert sc.parameters[pid].distribution.kind == "loguniform"
    n = 20000
    x = simulate(sc, n, seed=1).parameters[pid]
    # loguniform(0.3, 1): mean (1 - 0.3) / log(1 / 0.3), E[X^2] = (1 - 0.09) / (2 log(1 / 0.3))
    mean = 0.7 / math.log(1 / 0.3)
    sd = math.sqrt(0.91 / (2 * math.log(1 / 0.3)) - mean**2)
    assert x.min() >= 0.3 and x.max() <= 1.0
    assert abs(x.mean() - mean) < 4 * sd / math.sqrt(n)


def test_every_name_imported_from_the_old_module_still_is():
    import sekalk.distributions as pkg

    names = (
        "DISTRIBUTION_KINDS EVIDENCE_GRADES Z95 Beta Discrete Distribution Fixed Gamma Lognormal "
        "Normal Pert Triangular Uniform parse_distribution round_sig evidence_error _META_KEYS "
        "_PARAM_SETS beta_from_mean_sd beta_from_p05_p95 lognormal_from_mean_sd "
        "lognormal_from_p05_p95 _beta_table _gamma_table"
    ).split()
    for name in names:
        assert hasattr(pkg, name), name
    assert pkg._PARAM_SETS == {k: c.param_sets for k, c in DISTRIBUTION_KINDS.items()}
    assert pkg._META_KEYS == ("evidence", "source", "note")


def test_evidence_grades_are_defined_once():
    from sekalk.app import editor
    from sekalk.distributions import EVIDENCE_GRADES
    from sekalk.scenario import schema, widen

    assert schema.EVIDENCE_GRADES is EVIDENCE_GRADES
    assert editor.EVIDENCE is EVIDENCE_GRADES
    assert widen.GRADES == (*EVIDENCE_GRADES, "none")
