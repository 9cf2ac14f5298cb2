"""Hypothesis strategies: random VALID scenario documents (plain dicts, as parsed from TOML)
and random mutations of them.

Every distribution kind appears with valid parameters whose support lies where the format
requires it (probabilities in [0, 1], costs >= 0, growth > -1, ...).
"""

from __future__ import annotations

import math
import os

from hypothesis import strategies as st

from sekalk.scenario import DEFAULT_ACTORS

#: Examples per fuzz test; ``SEKALK_FUZZ_EXAMPLES=2000`` for a long run.
FUZZ_EXAMPLES = int(os.environ.get("SEKALK_FUZZ_EXAMPLES", "30"))


def _floats(lo: float, hi: float) -> st.SearchStrategy[float]:
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False, allow_subnormal=False)


# Beta, PERT and gamma quantiles are tabulated once per parameter set (about 0.1 s each), so
# their parameters come from small grids that the table cache reuses across examples.
_FRACTIONS = (0.0, 0.1, 0.25, 0.5, 0.75, 1.0)


def _grid(lo: float, hi: float) -> st.SearchStrategy[float]:
    return st.sampled_from([min(max(lo + (hi - lo) * f, lo), hi) for f in _FRACTIONS])


@st.composite
def bounded_dist(draw, lo: float, hi: float, *, fixed_ok: bool = True):
    """A number or a distribution table with support inside [lo, hi] (finite bounds)."""
    kinds = ["uniform", "triangular", "pert", "normal", "beta_scaled", "discrete", "fixed_table"]
    if fixed_ok:
        kinds.append("number")
    kind = draw(st.sampled_from(kinds))
    width = hi - lo
    a = draw(_floats(lo, hi - width * 0.01))
    b = draw(_floats(a + width * 0.005, hi))
    if kind == "number":
        return a
    if kind == "fixed_table":
        return {"dist": "fixed", "value": a}
    if kind == "uniform":
        return {"dist": "uniform", "min": a, "max": b}
    if kind == "triangular":
        return {"dist": kind, "min": a, "mode": draw(_floats(a, b)), "max": b}
    if kind in ("pert", "beta_scaled"):
        a = draw(_grid(lo, lo + 0.5 * width))
        b = draw(_grid(lo + 0.75 * width, hi))
    if kind == "pert":
        table = {"dist": kind, "min": a, "mode": draw(_grid(a, b)), "max": b}
        if draw(st.booleans()):
            table["lambda"] = draw(st.sampled_from([1.0, 4.0, 8.0]))
        return table
    if kind == "normal":
        mean = draw(_floats(a, b))
        return {"dist": "normal", "mean": mean, "sd": (b - a) * draw(_floats(0.01, 2.0)),
                "min": a, "max": b}  # fmt: skip
    if kind == "beta_scaled":
        shapes = st.sampled_from([0.5, 1.0, 2.5, 10.0])
        return {"dist": "beta", "alpha": draw(shapes), "beta": draw(shapes), "min": a, "max": b}
    n = draw(st.integers(1, 4))
    values = draw(st.lists(_floats(lo, hi), min_size=n, max_size=n))
    table = {"dist": "discrete", "values": values}
    if draw(st.booleans()):
        table["weights"] = draw(st.lists(_floats(0.1, 5.0), min_size=n, max_size=n))
    return table


@st.composite
def probability(draw):
    """A share or risk in [0, 1], including the beta forms of the format."""
    form = draw(st.sampled_from(["bounded", "beta_mean_sd", "beta_p", "edge"]))
    if form == "bounded":
        return draw(bounded_dist(0.0, 1.0))
    if form == "edge":
        return draw(st.sampled_from([0.0, 1.0, 0, 1]))
    if form == "beta_mean_sd":
        m = draw(st.sampled_from([0.05, 0.3, 0.5, 0.8]))
        sd = draw(st.sampled_from([0.1, 0.5, 0.9])) * math.sqrt(m * (1 - m))
        return {"dist": "beta", "mean": m, "sd": sd}
    p05, p95 = draw(st.sampled_from([(0.05, 0.2), (0.3, 0.7), (0.6, 0.95), (0.1, 0.9)]))
    return {"dist": "beta", "p05": p05, "p95": p95}


@st.composite
def positive_amount(draw, scale: float):
    """A non-negative amount [SEK]: bounded kinds, lognormal, gamma or log-uniform."""
    form = draw(st.sampled_from(["bounded", "lognormal", "lognormal_p", "gamma", "loguniform"]))
    if form == "bounded":
        return draw(bounded_dist(0.0, scale))
    if form == "gamma":
        mean = scale * draw(st.sampled_from([1e-3, 0.1, 1.0]))
        return {"dist": "gamma", "mean": mean, "sd": mean * draw(st.sampled_from([0.2, 1.0]))}
    mean = draw(_floats(scale * 1e-3, scale))
    sd = mean * draw(_floats(0.05, 1.5))
    if form == "loguniform":
        return {"dist": "loguniform", "min": mean, "max": mean * draw(_floats(1.1, 1000.0))}
    if form == "lognormal":
        return {"dist": "lognormal", "mean": mean, "sd": sd}
    return {"dist": "lognormal", "p05": mean, "p95": mean * draw(_floats(1.1, 10.0))}


def _allocation(draw, actors):
    if draw(st.booleans()):
        return draw(st.sampled_from(actors))
    chosen = draw(st.lists(st.sampled_from(actors), min_size=1, max_size=3, unique=True))
    weights = draw(st.lists(st.integers(1, 9), min_size=len(chosen), max_size=len(chosen)))
    total = sum(weights)
    shares = {a: w / total for a, w in zip(chosen, weights, strict=True)}
    return shares


@st.composite
def scenarios(draw):
    """A random valid scenario document (a dict as ``tomllib`` would return it)."""
    horizon = draw(st.integers(1, 40))
    actors = list(DEFAULT_ACTORS)
    extra = draw(st.lists(st.sampled_from(["kyrkan", "foretag"]), max_size=2, unique=True))
    actors += extra
    first = draw(st.integers(0, horizon - 1))
    last = draw(st.integers(first, min(horizon - 1, first + 4)))
    scale = draw(st.sampled_from([1e3, 1e6, 1e9, 1e15]))
    doc: dict = {
        "scenario": {
            "title": draw(st.text(min_size=1, max_size=20).filter(str.strip)),
            "price_year": draw(st.integers(1900, 2200)),
            "horizon_years": horizon,
            "discount_rate": draw(
                st.one_of(st.just(0.0), bounded_dist(-0.05, 0.2), st.just(0.035))
            ),
            "language": draw(st.sampled_from(["sv", "en"])),
        },
        "intervention": {
            "years": [first, last],
            "participants_per_year": draw(
                st.one_of(st.just(0), bounded_dist(0.0, 500.0), positive_amount(200.0))
            ),
            "costs": [],
        },
        "outcomes": [],
    }
    if extra:
        doc["scenario"]["actors"] = extra
    for i in range(draw(st.integers(1, 3))):
        c_first = draw(st.integers(0, horizon - 1))
        doc["intervention"]["costs"].append(
            {
                "id": f"cost{i}",
                "label": f"Cost {i}",
                "payer": _allocation(draw, actors),
                "years": [c_first, draw(st.integers(c_first, horizon - 1))],
                "annual": draw(st.one_of(st.just(0.0), positive_amount(scale))),
            }
        )
    logic = [
        {"id": f"step{i}", "label": f"Step {i}", "share": draw(probability())}
        for i in range(draw(st.integers(0, 3)))
    ]
    if logic:
        doc["logic"] = logic
    for i in range(draw(st.integers(1, 3))):
        if draw(st.booleans()):
            effect = {"relative_risk": draw(st.one_of(positive_amount(2.0), bounded_dist(0, 3)))}
        else:
            effect = {"risk_difference": draw(bounded_dist(-1.0, 1.0))}
        outcome = {
            "id": f"out{i}",
            "label": f"Outcome {i}",
            "lag": draw(st.integers(0, horizon + 5)),
            "baseline_risk": draw(probability()),
            "effect": effect,
            "consequences": [],
        }
        if draw(st.booleans()):
            outcome["attribution"] = draw(probability())
        if draw(st.booleans()):
            outcome["dropoff"] = draw(probability())
        for j in range(draw(st.integers(1, 3))):
            kind = draw(st.sampled_from(["resource", "transfer", "production"]))
            con = {
                "id": f"con{j}",
                "label": f"Consequence {j}",
                "kind": kind,
                "payer": _allocation(draw, actors),
                "annual": draw(
                    st.one_of(bounded_dist(-scale, scale), positive_amount(scale), st.just(0))
                ),
            }
            if kind == "transfer":
                con["recipient"] = _allocation(draw, actors)
            if draw(st.booleans()):
                con["share"] = draw(probability())
            if draw(st.booleans()):
                con["start"] = draw(st.integers(0, horizon + 2))
            if draw(st.booleans()):
                con["duration"] = draw(st.integers(1, horizon + 2))
            if draw(st.booleans()):
                con["growth"] = draw(
                    st.one_of(bounded_dist(-0.99, 0.1), st.sampled_from([-0.999999, 0.0, 0.5]))
                )
            outcome["consequences"].append(con)
        doc["outcomes"].append(outcome)
    return _with_correlations(draw, doc)


def _uncertain_ids(doc) -> list[str]:
    """Parameter ids of the document whose value is a non-fixed distribution table."""
    ids = []

    def add(pid, value):
        if isinstance(value, dict) and value.get("dist") not in (None, "fixed"):
            if value.get("dist") == "discrete" and len(set(value["values"])) < 2:
                return
            ids.append(pid)

    add("scenario.discount_rate", doc["scenario"]["discount_rate"])
    add("intervention.participants_per_year", doc["intervention"]["participants_per_year"])
    for c in doc["intervention"]["costs"]:
        add(f"intervention.costs.{c['id']}.annual", c["annual"])
    for s in doc.get("logic", []):
        add(f"logic.{s['id']}.share", s["share"])
    for o in doc["outcomes"]:
        base = f"outcomes.{o['id']}"
        add(f"{base}.baseline_risk", o["baseline_risk"])
        add(f"{base}.effect", next(iter(o["effect"].values())))
    return ids


def _with_correlations(draw, doc):
    ids = _uncertain_ids(doc)
    if len(ids) >= 2 and draw(st.booleans()):
        pairs = [(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :]]
        chosen = draw(st.lists(st.sampled_from(pairs), min_size=1, max_size=2, unique=True))
        # two correlations of |rho| <= 0.5 always give a positive definite matrix
        doc["correlations"] = [
            {"between": list(p), "rho": draw(_floats(-0.5, 0.5))} for p in chosen
        ]
    return doc


# ---------------------------------------------------------------------------------------------
# mutations


def _paths(node, trail=()):
    """Every (trail, key-or-index) in a document."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield trail, k
            yield from _paths(v, (*trail, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield trail, i
            yield from _paths(v, (*trail, i))


BAD_VALUES = [
    float("nan"), float("inf"), -float("inf"), -1.0, -1e300, 1e300, 2.0, 0, "", "text",
    True, [], {}, [1, 2, 3], {"dist": "uniform"}, {"dist": "nope", "min": 1}, None,
]  # fmt: skip


@st.composite
def mutated_scenarios(draw):
    """A valid document with one random mutation: a key deleted or renamed, a value replaced
    by a wrong type, NaN, a negative or huge number, or min and max swapped."""
    import copy

    doc = copy.deepcopy(draw(scenarios()))
    places = list(_paths(doc))
    trail, key = draw(st.sampled_from(places))
    parent = doc
    for step in trail:
        parent = parent[step]
    action = draw(st.sampled_from(["delete", "rename", "replace", "swap"]))
    if action == "swap" and isinstance(parent, dict) and {"min", "max"} <= parent.keys():
        parent["min"], parent["max"] = parent["max"], parent["min"]
    elif action == "delete":
        del parent[key]
    elif action == "rename" and isinstance(parent, dict):
        parent[str(key)[:-1] or "x"] = parent.pop(key)
    else:
        value = draw(st.sampled_from(BAD_VALUES))
        if value is None:
            value = draw(_floats(-1e16, 1e16))
        parent[key] = value
    return doc
