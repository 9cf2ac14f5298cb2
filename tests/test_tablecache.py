"""The disk cache of inverse-CDF tables: same draws as fresh tables, safe against bad files."""

from __future__ import annotations

import threading

import numpy as np
import pytest

import sekalk
from sekalk import distributions, tablecache
from sekalk.distributions import Beta, Gamma, Pert


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """An empty cache folder of this test, and cold in-memory tables."""
    monkeypatch.setenv("SEKALK_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("SEKALK_NO_CACHE", raising=False)
    distributions._beta_table.cache_clear()
    distributions._gamma_table.cache_clear()
    yield tmp_path / "tables"
    distributions._beta_table.cache_clear()
    distributions._gamma_table.cache_clear()


def _fresh(dist, u, monkeypatch):
    """Draws from a table built now, with the cache switched off."""
    with monkeypatch.context() as m:
        m.setenv("SEKALK_NO_CACHE", "1")
        distributions._beta_table.cache_clear()
        distributions._gamma_table.cache_clear()
        out = dist.ppf(u)
    distributions._beta_table.cache_clear()
    distributions._gamma_table.cache_clear()
    return out


DISTS = [
    Pert(min=150_000.0, mode=250_000.0, max=400_000.0),
    Beta(alpha=2.5, beta=0.7),
    Gamma(shape=0.8, scale=3.0),
]


@pytest.mark.parametrize("dist", DISTS, ids=lambda d: type(d).__name__)
def test_cached_tables_give_bit_identical_draws(dist, cache, monkeypatch):
    u = np.random.default_rng(5).random(200_000)
    u[:3] = [1e-9, 0.5, 1 - 1e-9]  # the exact tails as well
    fresh = _fresh(dist, u, monkeypatch)
    first = dist.ppf(u)  # builds and stores
    assert len(list(cache.glob("*.bin"))) == 1
    distributions._beta_table.cache_clear()
    distributions._gamma_table.cache_clear()
    again = dist.ppf(u)  # read from disk
    assert np.array_equal(first, fresh) and np.array_equal(again, fresh)


def test_simulation_identical_with_cold_and_warm_disk_cache(cache, monkeypatch):
    path = "scenarios/foraldrastod_fullfoljda_studier.toml"
    from tests.conftest import ROOT

    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("SEKALK_NO_CACHE", "1")
    distributions._beta_table.cache_clear()
    fresh = sekalk.simulate(path, 3000).to_json()
    monkeypatch.delenv("SEKALK_NO_CACHE")
    distributions._beta_table.cache_clear()
    cold = sekalk.simulate(path, 3000).to_json()
    assert len(list(cache.glob("*.bin"))) > 5
    distributions._beta_table.cache_clear()
    warm = sekalk.simulate(path, 3000).to_json()
    assert fresh == cold == warm


def _one_file(cache):
    files = list(cache.glob("*.bin"))
    assert len(files) == 1
    return files[0]


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[:-8],  # truncated by one node
        lambda b: b[:100],  # truncated in the middle
        lambda b: b[:-8] + np.float64(np.nan).tobytes(),  # a NaN node
        lambda b: b[:-1] + bytes([b[-1] ^ 1]),  # one bit flipped
        lambda b: b"",  # empty
        lambda b: b"junk" + b[4:],  # wrong magic
    ],
)
def test_damaged_file_is_rebuilt(damage, cache, monkeypatch):
    dist = DISTS[0]
    u = np.linspace(0.001, 0.999, 1001)
    fresh = _fresh(dist, u, monkeypatch)
    dist.ppf(u)
    path = _one_file(cache)
    path.write_bytes(damage(path.read_bytes()))
    distributions._beta_table.cache_clear()
    assert np.array_equal(dist.ppf(u), fresh)
    # and the damaged file was replaced by a good one
    key_files = list(cache.glob("*.bin"))
    assert key_files == [path]
    distributions._beta_table.cache_clear()
    assert np.array_equal(dist.ppf(u), fresh)


def test_valid_file_with_wrong_key_is_ignored(cache):
    x = np.linspace(0.0, 1.0, 4097)
    tablecache.store("a", x)
    stored = _one_file(cache)
    assert np.array_equal(tablecache.load("a", (4097,)), x)
    # the same bytes under another key's name do not pass the digest
    other = tablecache._path(cache, "b")
    other.write_bytes(stored.read_bytes())
    assert tablecache.load("b", (4097,)) is None
    # nor a size that no table can have, nor nodes out of order
    assert tablecache.load("a", (8193,)) is None
    tablecache.store("c", x[::-1].copy())
    assert tablecache.load("c", (4097,)) is None


def test_switched_off_reads_and_writes_nothing(cache, monkeypatch):
    monkeypatch.setenv("SEKALK_NO_CACHE", "1")
    assert tablecache.cache_dir() is None
    DISTS[0].ppf(np.array([0.3, 0.6]))
    assert not cache.exists()


def test_default_folder_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.delenv("SEKALK_CACHE_DIR", raising=False)
    monkeypatch.delenv("SEKALK_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(tablecache.sys, "platform", "linux")
    assert tablecache.cache_dir() == tmp_path / "sekalk" / "tables"


def test_unwritable_folder_only_means_no_cache(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("SEKALK_CACHE_DIR", str(blocker))
    tablecache.store("k", np.linspace(0.0, 1.0, 4097))  # no exception
    assert tablecache.load("k", (4097,)) is None


def test_concurrent_writers_leave_a_whole_file(cache):
    x = np.cumsum(np.random.default_rng(2).random(8193))
    errors = []

    def write():
        try:
            for _ in range(20):
                tablecache.store("same", x)
                got = tablecache.load("same", (8193,))
                assert got is None or np.array_equal(got, x)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write) for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors
    assert np.array_equal(tablecache.load("same", (8193,)), x)
    assert [p.name for p in cache.iterdir()] == [tablecache._path(cache, "same").name]
