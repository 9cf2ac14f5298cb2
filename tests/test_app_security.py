"""The workbench's door: host and origin checks, body limit, headers, path confinement."""

import os
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from sekalk.app.security import CONTENT_SECURITY_POLICY, OutsideFolder, resolve_inside
from sekalk.app.server import create_app

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = (ROOT / "scenarios" / "narvaroteam.toml").read_text(encoding="utf-8")
OWN = "http://testserver"


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "app.toml").write_text(SCENARIO, encoding="utf-8")
    return tmp_path


@pytest.fixture
def client(folder):
    return TestClient(create_app(folder, hosts=("testserver",), draws=2000))


# --- paths -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "bad",
    ["", "../x.toml", "a/../../x.toml", "/etc/passwd", "C:/x.toml", "a\\b.toml", "x\x00.toml", "."],
)
def test_resolve_inside_refuses_escapes(tmp_path, bad):
    with pytest.raises(OutsideFolder):
        resolve_inside(tmp_path, bad)


def test_resolve_inside_refuses_symlink_out_of_folder(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.toml").write_text("x = 1")
    root = tmp_path / "root"
    root.mkdir()
    os.symlink(outside / "secret.toml", root / "link.toml")
    os.symlink(outside, root / "dir")
    for rel in ("link.toml", "dir/secret.toml"):
        with pytest.raises(OutsideFolder):
            resolve_inside(root, rel)


def test_resolve_inside_accepts_files_inside_and_checks_suffix(tmp_path):
    (tmp_path / "sub").mkdir()
    assert resolve_inside(tmp_path, "sub/a.toml") == (tmp_path / "sub" / "a.toml").resolve()
    with pytest.raises(OutsideFolder):
        resolve_inside(tmp_path, "sub/a.py", suffixes=(".toml",))


# --- host and origin -------------------------------------------------------------------------
def test_foreign_host_is_refused_even_for_reads(folder):
    """DNS rebinding: a foreign name resolving to 127.0.0.1 must not reach the routes."""
    client = TestClient(create_app(folder, hosts=("127.0.0.1",), port=8765))
    assert client.get("/", headers={"host": "evil.example:8765"}).status_code == 403
    assert client.get("/", headers={"host": "127.0.0.1:8765"}).status_code == 200
    assert client.get("/", headers={"host": "127.0.0.1:9999"}).status_code == 403


@pytest.mark.parametrize("path", ["/panel", "/overlay", "/report", "/new"])
def test_state_changing_requests_need_our_origin(client, path):
    data = {
        "file": "app.toml",
        "name": "x.toml",
        "overlay": "o.toml",
        "mode.scenario.discount_rate": "0.03",
    }
    assert client.post(path, data=data).status_code == 403  # neither Origin nor Referer
    assert (
        client.post(path, data=data, headers={"origin": "http://evil.example"}).status_code == 403
    )
    assert client.post(path, data=data, headers={"origin": "null"}).status_code == 403
    bad_ref = {"referer": "http://evil.example/open?file=app.toml"}
    assert client.post(path, data=data, headers=bad_ref).status_code == 403
    ok_ref = {"referer": f"{OWN}/open?file=app.toml"}
    assert client.post(path, data=data, headers=ok_ref).status_code != 403
    assert client.post(path, data=data, headers={"origin": OWN}).status_code != 403


def test_refused_requests_write_nothing(client, folder):
    before = sorted(p.name for p in folder.iterdir())
    client.post("/new", data={"name": "x.toml"}, headers={"origin": "http://evil.example"})
    client.post(
        "/overlay",
        data={"file": "app.toml", "overlay": "o.toml", "mode.scenario.discount_rate": "0.03"},
        headers={"origin": "http://evil.example"},
    )
    assert sorted(p.name for p in folder.iterdir()) == before


def test_oversize_body_is_refused(client):
    big = "x" * 1_100_000
    r = client.post("/panel", data={"file": "app.toml", "note.x": big}, headers={"origin": OWN})
    assert r.status_code == 413


def test_security_headers_on_every_answer(client):
    for r in (client.get("/"), client.get("/open?file=nope.toml"), client.post("/panel")):
        assert r.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert "unsafe-eval" not in CONTENT_SECURITY_POLICY


@pytest.mark.parametrize("rel", ["../app.toml", "/etc/passwd", "..%2Fapp.toml", "link.toml"])
def test_open_outside_folder_is_not_found(client, folder, tmp_path_factory, rel):
    outside = tmp_path_factory.mktemp("outside") / "s.toml"
    outside.write_text(SCENARIO, encoding="utf-8")
    (folder / "link.toml").symlink_to(outside)
    r = client.get("/open", params={"file": rel})
    assert r.status_code == 404
    assert "Närvaroteam" not in r.text


def test_pages_escape_scenario_text(folder, client):
    hostile = SCENARIO.replace(
        'title = "', 'title = "<script>alert(1)</script><img src=x onerror=alert(2)>', 1
    )
    (folder / "hostile.toml").write_text(hostile, encoding="utf-8")
    r = client.get("/open", params={"file": "hostile.toml"})
    assert r.status_code == 200
    assert "<script>alert" not in r.text and "<img src=x" not in r.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text
