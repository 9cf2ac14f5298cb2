"""Shared fixtures: small scenarios written as TOML text, so tests create what they need."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from sekalk.scenario import loads

ROOT = Path(__file__).resolve().parent.parent


def sv_numbers(text: str) -> str:
    """Expected Swedish text written with plain spaces, in the typography of
    :mod:`sekalk.text.numbers`: a no-break thin space (U+202F) between digit groups
    (``1 400 000``) and a no-break space before a per cent sign (``25 %``)."""
    import re

    text = re.sub(r"(?<=\d) (?=\d{3}(?!\d))", "\u202f", text)
    return re.sub(r"(?<=\d) %", "\u00a0%", text)


_CACHE_ENV: dict[str, str | None] = {}


def pytest_configure(config):
    """The inverse-CDF table cache (sekalk.tablecache) of the whole run in a temp dir.

    Set before collection, so module-level simulations never touch the user's cache."""
    _CACHE_ENV["old"] = os.environ.get("SEKALK_CACHE_DIR")
    _CACHE_ENV["dir"] = tempfile.mkdtemp(prefix="sekalk-test-cache-")
    os.environ["SEKALK_CACHE_DIR"] = _CACHE_ENV["dir"]


def pytest_unconfigure(config):
    if _CACHE_ENV.get("old") is None:
        os.environ.pop("SEKALK_CACHE_DIR", None)
    else:
        os.environ["SEKALK_CACHE_DIR"] = _CACHE_ENV["old"]
    if _CACHE_ENV.get("dir"):
        shutil.rmtree(_CACHE_ENV["dir"], ignore_errors=True)


# A fully fixed scenario small enough to compute by hand (see test_engine.py for the table).
HAND_TOML = """
[scenario]
title = "Hand calculation"
price_year = 2024
horizon_years = 6
discount_rate = 0.05
language = "en"

[intervention]
years = [0, 1]
participants_per_year = 10

[[intervention.costs]]
id = "staff"
label = "Staff"
payer = { kommun = 0.5, region = 0.5 }
years = [0, 1]
annual = 2000

[[logic]]
id = "completes"
label = "Completes the programme"
share = 0.5

[[outcomes]]
id = "fail"
label = "Leaves school without eligibility"
lag = 1
baseline_risk = 0.4
effect = { relative_risk = 0.5 }
attribution = 0.8
dropoff = 0.1

  [[outcomes.consequences]]
  id = "care"
  label = "Care"
  kind = "resource"
  payer = "region"
  share = 0.5
  annual = 1000
  start = 1
  duration = 2
  growth = 0.02

  [[outcomes.consequences]]
  id = "assistance"
  label = "Social assistance"
  kind = "transfer"
  payer = "kommun"
  recipient = "individ"
  share = 1.0
  annual = 500
"""

# An uncertain scenario with every kind of flow, several cohorts, a correlation.
UNCERTAIN_TOML = """
[scenario]
title = "Uncertain"
price_year = 2024
horizon_years = 25
discount_rate = { dist = "triangular", min = 0.01, mode = 0.035, max = 0.05 }
language = "sv"

[intervention]
years = [0, 2]
participants_per_year = { dist = "discrete", values = [30, 40, 50], weights = [1, 2, 1] }

[[intervention.costs]]
id = "staff"
label = "Personal"
payer = { kommun = 0.55, region = 0.3, stat = 0.15 }
years = [0, 2]
annual = { dist = "pert", min = 1.6e6, mode = 1.8e6, max = 2.4e6 }

[[logic]]
id = "completes"
label = "Fullföljer"
share = { dist = "beta", mean = 0.7, sd = 0.1, evidence = "experience" }

[[outcomes]]
id = "fail"
label = "Ej behörig"
lag = 3
baseline_risk = { dist = "uniform", min = 0.2, max = 0.3 }
effect = { relative_risk = { dist = "lognormal", p05 = 0.6, p95 = 0.95 } }
dropoff = { dist = "uniform", min = 0.0, max = 0.1 }

  [[outcomes.consequences]]
  id = "assistance"
  label = "Ekonomiskt bistånd"
  kind = "transfer"
  payer = "kommun"
  recipient = "individ"
  share = 0.25
  annual = { dist = "triangular", min = 60000, mode = 90000, max = 120000 }
  start = 1
  duration = 10

  [[outcomes.consequences]]
  id = "production"
  label = "Produktion"
  kind = "production"
  payer = { individ = 0.6, stat = 0.4 }
  share = { dist = "uniform", min = 0.2, max = 0.4 }
  annual = { dist = "gamma", mean = 300000, sd = 50000 }
  start = 4
  growth = { dist = "uniform", min = 0.0, max = 0.01 }

  [[outcomes.consequences]]
  id = "school"
  label = "Extra år i gymnasiet"
  kind = "resource"
  payer = "kommun"
  annual = -120000
  start = 0
  duration = 1

[[correlations]]
between = ["outcomes.fail.effect", "logic.completes.share"]
rho = -0.3
"""


@pytest.fixture
def hand_scenario():
    return loads(HAND_TOML, file="hand.toml")


@pytest.fixture
def uncertain_scenario():
    return loads(UNCERTAIN_TOML, file="uncertain.toml")
