"""The applicant's editor: document <-> form, saving into TOML with comments kept, errors."""

import json
import re
import tomllib
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from scipy import stats
from starlette.testclient import TestClient

import sekalk
from sekalk.app import editor
from sekalk.app.server import create_app
from sekalk.cli import main
from sekalk.report.i18n import fmt_number

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "scenarios").glob("*.toml"))
OWN = {"origin": "http://testserver"}


class FormFields(HTMLParser):
    """The fields a browser posts for the form with ``form_id``: inputs (not unticked boxes)
    and each select's selected (else first) option."""

    def __init__(self, form_id: str) -> None:
        super().__init__()
        self.form_id, self.inside, self.fields, self.select = form_id, False, {}, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside:
            return
        if tag == "input" and a.get("name") and a.get("type") not in ("checkbox", "button"):
            self.fields[a["name"]] = a.get("value") or ""
        elif tag == "select":
            self.select, self.first = a.get("name"), True
        elif tag == "option" and self.select:
            if self.first or "selected" in a:
                self.fields[self.select] = a.get("value", "")
            self.first = False

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "form":
            self.inside = False


def form_fields(html: str, form_id: str = "edit-form") -> dict[str, str]:
    parser = FormFields(form_id)
    parser.feed(html)
    return parser.fields


@pytest.fixture
def folder(tmp_path):
    for path in EXAMPLES:
        (tmp_path / path.name).write_bytes(path.read_bytes())
    return tmp_path


@pytest.fixture
def client(folder):
    return TestClient(create_app(folder, hosts=("testserver",), draws=2000))


def _open(client, name):
    r = client.get("/edit", params={"file": name})
    assert r.status_code == 200, r.text[:500]
    return form_fields(r.text)


# --- round trips -----------------------------------------------------------------------------
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_saved_unchanged_is_byte_identical(client, folder, path):
    before = (folder / path.name).read_bytes()
    r = client.post("/edit/save", data=_open(client, path.name), headers=OWN)
    assert r.status_code == 200, r.text
    assert (folder / path.name).read_bytes() == before


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_document_view_round_trip(path):
    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    fields = editor.flatten(editor.document_view(doc))
    fields["_form.lists"] = ",".join(editor.list_paths(editor.document_view(doc)))
    back, errors = editor.form_to_document(fields, doc)
    assert errors == {}
    assert back == doc


def test_a_changed_value_is_saved_with_comments_kept_and_runs(client, folder):
    fields = _open(client, "tutorial.toml")
    fields["intervention.participants_per_year.dist"] = "fixed"
    for key in [k for k in fields if k.startswith("intervention.participants_per_year.p.")]:
        del fields[key]
    fields["intervention.participants_per_year.p.value"] = "40"
    fields["scenario.title"] = "Läxhjälp i Borås"
    r = client.post("/edit/save", data=fields, headers=OWN)
    assert r.status_code == 200, r.text
    text = (folder / "tutorial.toml").read_text(encoding="utf-8")
    assert 'title = "Läxhjälp i Borås"' in text
    assert "# all amounts are real, in 2023 prices" in text  # a comment on another line stays
    assert "# paid in years 0, 1 and 2" in text
    doc = tomllib.loads(text)
    assert doc["intervention"]["participants_per_year"] == {
        "dist": "fixed",
        "value": 40,
        "evidence": "assumption",
        "note": "Invented for the tutorial",
    }
    out = folder / "s.json"
    res = CliRunner().invoke(
        main, ["run", str(folder / "tutorial.toml"), "--draws", "500", "--json", str(out)]
    )
    assert res.exit_code == 0, res.output
    # 40 participants in each of the cohort years 0, 1, 2: 120 in every draw.
    assert json.loads(out.read_text())["breakeven"]["participants"]["p50"] == 120


def test_typed_text_that_is_no_number_is_an_error_beside_it_and_nothing_is_saved(client, folder):
    before = (folder / "tutorial.toml").read_bytes()
    fields = _open(client, "tutorial.toml")
    fields["intervention.costs.0.annual.p.min"] = "7OO 000"
    r = client.post("/edit/panel", data=fields, headers=OWN)
    assert r.status_code == 200
    span = re.search(r'<span id="e-intervention--costs--0--annual--p--min"[^>]*>([^<]*)<', r.text)
    assert span and "Skriv ett tal" in span.group(1)
    assert "räknas om när de markerade fälten är rättade" in r.text
    r = client.post("/edit/save", data=fields, headers=OWN)
    assert r.status_code == 422
    assert (folder / "tutorial.toml").read_bytes() == before


def test_a_model_error_is_placed_beside_its_field(client):
    fields = _open(client, "tutorial.toml")
    fields["scenario.horizon_years"] = "0"
    r = client.post("/edit/panel", data=fields, headers=OWN)
    span = re.search(r'<span id="e-scenario--horizon_years"[^>]*>([^<]+)<', r.text)
    assert span, r.text[-800:]


def test_adding_a_row_keeps_what_was_typed(client):
    fields = _open(client, "tutorial.toml")
    fields["scenario.title"] = "Ändrad men inte sparad"
    r = client.post(
        "/edit/panel", data={**fields, "_form.action": "add:intervention.costs"}, headers=OWN
    )
    assert r.status_code == 200
    again = form_fields(r.text)
    assert again["scenario.title"] == "Ändrad men inte sparad"
    assert again["intervention.costs.1.label"] == ""
    assert {"intervention.costs.1.annual.p.min", "intervention.costs.1.annual.p.max"} <= set(again)


def test_removing_a_row_keeps_the_hidden_keys_of_the_others(client, folder):
    fields = _open(client, "foraldrastod_fullfoljda_studier.toml")
    doc = tomllib.loads(
        (folder / "foraldrastod_fullfoljda_studier.toml").read_text(encoding="utf-8")
    )
    costs = doc["intervention"]["costs"]
    assert len(costs) >= 2
    r = client.post(
        "/edit/panel", data={**fields, "_form.action": "remove:intervention.costs.0"}, headers=OWN
    )
    r = client.post("/edit/save", data=form_fields(r.text), headers=OWN)
    assert r.status_code == 200, r.text
    saved = tomllib.loads(
        (folder / "foraldrastod_fullfoljda_studier.toml").read_text(encoding="utf-8")
    )
    assert saved["intervention"]["costs"] == costs[1:]  # ids and all other keys of the rest kept


def test_changing_the_kind_offers_its_parameters_and_keeps_matching_ones(client):
    fields = _open(client, "tutorial.toml")
    name = "intervention.costs.0.annual"
    fields[f"{name}.dist"] = "uniform"
    r = client.post("/edit/panel", data={**fields, "_form.action": f"kind:{name}"}, headers=OWN)
    again = form_fields(r.text)
    params = sorted(k for k in again if k.startswith(f"{name}.p."))
    assert params == [f"{name}.p.max", f"{name}.p.min"]
    assert again[f"{name}.p.min"] == "700000" and again[f"{name}.p.max"] == "1000000"


def test_a_file_changed_on_disk_is_not_overwritten_without_asking(client, folder):
    fields = _open(client, "tutorial.toml")
    path = folder / "tutorial.toml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# changed elsewhere\n", encoding="utf-8")
    changed = path.read_bytes()
    fields["scenario.title"] = "Mitt namn"
    r = client.post("/edit/save", data=fields, headers=OWN)
    assert r.status_code == 409 and "ändrats utanför" in r.text
    assert path.read_bytes() == changed
    r = client.post("/edit/save", data={**fields, "_form.overwrite": "1"}, headers=OWN)
    assert r.status_code == 200
    assert 'title = "Mitt namn"' in path.read_text(encoding="utf-8")


def test_funnel_uses_the_medians(client):
    """Tutorial: participants triangular(20, 30, 35) in 3 cohort years, then beta(0.6, 0.1)."""
    r = client.post("/edit/panel", data=_open(client, "tutorial.toml"), headers=OWN)
    funnel = re.search(r'<p id="funnel"[^>]*>([^<]*)</p>', r.text).group(1)
    people = stats.triang(c=10 / 15, loc=20, scale=15).median() * 3
    mean, sd = 0.6, 0.1
    k = mean * (1 - mean) / sd**2 - 1
    reached = people * stats.beta(mean * k, (1 - mean) * k).median()
    assert funnel.startswith(f"{fmt_number(people, 'sv')} deltagare → {fmt_number(reached, 'sv')} ")


# --- pure pieces -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "payer"),
    [
        ("kommun", "kommun"),
        ("region 0,5; kommun 0,5", {"region": 0.5, "kommun": 0.5}),
        ("region=50 %; kommun: 50 %", {"region": 0.5, "kommun": 0.5}),
    ],
)
def test_parse_payer(text, payer):
    assert editor.parse_payer(text) == payer


def test_payer_text_round_trip():
    for payer in ("stat", {"region": 0.55, "kommun": 0.3, "stat": 0.15}):
        assert editor.parse_payer(editor.payer_text(payer)) == payer


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("scenario.horizon_years", "scenario.horizon_years"),
        ("intervention.costs.staff.annual.min", "intervention.costs.0.annual.p.min"),
        ("logic.attends.share", "logic.0.share"),
        ("outcomes.not_eligible.effect.relative_risk.p05", "outcomes.0.effect.q.p.p05"),
        ("logic#1", "logic.0"),
        (None, ""),
    ],
)
def test_field_of_error(path, field):
    doc = tomllib.loads((ROOT / "scenarios" / "tutorial.toml").read_text(encoding="utf-8"))
    assert doc["outcomes"][0]["id"] == "not_eligible"
    assert editor.field_of_error(path, doc) == field


def test_merged_toml_adds_and_removes_rows_and_keeps_comments():
    text = "# top\n[a]\nx = 1 # one\n\n[[rows]]\nv = 1\n\n[[rows]]\nv = 2 # two\n"
    doc = {
        "a": {"x": 1, "annual": {"dist": "uniform", "min": 0.5, "max": 2.0}},
        "rows": [{"v": 2}, {"v": 3}, {"v": 4}],
    }
    out = editor.merged_toml(text, doc)
    assert tomllib.loads(out) == doc
    assert out.startswith("# top\n[a]\nx = 1 # one\n")
    assert 'annual = {dist = "uniform"' in out.replace("{ ", "{")  # a new quantity is inline


def test_merged_toml_keeps_a_rows_comments_with_that_row():
    text = '[[rows]]\nid = "a"\nv = 1 # about a\n\n[[rows]]\nid = "b"\nv = 2 # about b\n'
    out = editor.merged_toml(text, {"rows": [{"id": "b", "v": 2}]})
    assert "# about b" in out and "# about a" not in out
    out = editor.merged_toml(text, {"rows": [{"id": "b", "v": 2}, {"id": "a", "v": 5}]})
    assert tomllib.loads(out) == {"rows": [{"id": "b", "v": 2}, {"id": "a", "v": 5}]}
    assert out.index("# about b") < out.index('id = "a"')


# --- sourced unit costs and the report -------------------------------------------------------
def test_units_search_lists_sourced_amounts_not_rates(client):
    r = client.get("/units", params={"_form.q": "hvb", "target": "x.annual"})
    assert r.status_code == 200
    assert "hvb_varddygn" in r.text
    assert "per tid: blir ett årligt belopp" in r.text
    from sekalk.units import search_units

    rates = [u.id for u in search_units(None) if u.basis == "rate"]
    listed = client.get("/units", params={"_form.q": "a", "target": "x.annual"}).text
    assert not any(f"<code>{rid}</code>" in listed for rid in rates)


def _use_unit(client, fields, target, unit_id):
    action = {"_form.action": f"unit:{target}:{unit_id}"}
    r = client.post("/edit/panel", data={**fields, **action}, headers=OWN)
    assert r.status_code == 200
    return form_fields(r.text)


def test_a_yearly_unit_is_inserted_as_a_reference_and_saved(client, folder):
    fields = _open(client, "tutorial.toml")
    target = "outcomes.0.consequences.1.annual"  # social assistance, 10 years
    fields = _use_unit(client, fields, target, "hvb_varddygn")
    assert fields[f"{target}.ref"] == "hvb_varddygn" and fields[f"{target}.per"] == "year"
    r = client.post("/edit/save", data=fields, headers=OWN)
    assert r.status_code == 200, r.text
    doc = tomllib.loads((folder / "tutorial.toml").read_text(encoding="utf-8"))
    assert doc["outcomes"][0]["consequences"][1]["annual"] == {"ref": "hvb_varddygn", "per": "year"}
    assert sekalk.load(folder / "tutorial.toml")  # the reference resolves


def test_a_one_off_unit_where_it_would_recur_is_an_error_beside_it(client, folder):
    before = (folder / "tutorial.toml").read_bytes()
    fields = _open(client, "tutorial.toml")
    target = "outcomes.0.consequences.1.annual"  # lasts 10 years
    fields = _use_unit(client, fields, target, "bbic_utredning")
    assert fields[f"{target}.per"] == "case"
    r = client.post("/edit/panel", data=fields, headers=OWN)
    span = re.search(rf'<span id="e-{target.replace(".", "--")}"[^>]*>([^<]+)<', r.text)
    assert span and "bbic_utredning" in span.group(1)
    assert client.post("/edit/save", data=fields, headers=OWN).status_code == 422
    assert (folder / "tutorial.toml").read_bytes() == before
    # In a consequence that lasts one year it is accepted.
    fields = _open(client, "tutorial.toml")
    fields = _use_unit(client, fields, "outcomes.0.consequences.0.annual", "bbic_utredning")
    assert client.post("/edit/save", data=fields, headers=OWN).status_code == 200


def test_report_of_the_saved_file_is_sekalk_report(client, folder):
    from sekalk.report.html import render_report

    r = client.get("/report", params={"file": "tutorial.toml", "lang": "en"})
    assert r.status_code == 200
    expected = render_report(
        sekalk.simulate(sekalk.load(folder / "tutorial.toml"), draws=2000, seed=1), lang="en"
    )
    assert r.text == expected


def test_removing_a_middle_row_keeps_every_rows_comments_with_it(client, folder):
    name = "foraldrastod_tre_nivaer.toml"
    fields = _open(client, name)
    action = {"_form.action": "remove:outcomes.0.consequences.1"}
    r = client.post("/edit/panel", data={**fields, **action}, headers=OWN)
    assert client.post("/edit/save", data=form_fields(r.text), headers=OWN).status_code == 200
    text = (folder / name).read_text(encoding="utf-8")
    assert "(2) NEGATIVT belopp" not in text  # the removed row's own comment went with it
    kept = "  # (3) Produktionsbortfall"
    assert kept in text  # and the next row's comment stayed in front of that row
    assert text.index(kept) < text.index('id = "produktionsbortfall"')


def test_rows_written_inline_get_new_rows_inline(client, folder):
    compact = (ROOT / "scenarios" / "tutorial.toml").read_text(encoding="utf-8")
    doc = tomllib.loads(compact)
    logic = doc.pop("logic")
    inline = (
        "logic = ["
        + ", ".join(
            "{ "
            + ", ".join(f"{k} = {json.dumps(v)}" for k, v in row.items() if not isinstance(v, dict))
            + ', share = { dist = "beta", mean = 0.6, sd = 0.1 } }'
            for row in logic
        )
        + "]\n"
    )
    start = compact.index("\n[[logic]]")
    end = compact.index("\n[[outcomes]]")
    # a top-level key must come before the first table header
    text = inline + "\n" + compact[:start] + compact[end:]
    (folder / "compact.toml").write_text(text, encoding="utf-8")
    share = {"dist": "beta", "mean": 0.6, "sd": 0.1}
    assert tomllib.loads(text)["logic"][0]["share"] == share
    fields = _open(client, "compact.toml")
    r = client.post("/edit/panel", data={**fields, "_form.action": "add:logic"}, headers=OWN)
    fields = form_fields(r.text)
    fields["logic.1.label"] = "Ett steg till"
    fields["logic.1.share.dist"] = "fixed"
    fields = {k: v for k, v in fields.items() if not k.startswith("logic.1.share.p.")}
    fields["logic.1.share.p.value"] = "0.5"
    r = client.post("/edit/save", data=fields, headers=OWN)
    assert r.status_code == 200, r.text
    saved = tomllib.loads((folder / "compact.toml").read_text(encoding="utf-8"))
    assert [s["share"] for s in saved["logic"]] == [share, 0.5]


def test_json_saved_unchanged_is_byte_identical_and_changes_keep_whole_numbers(client, folder):
    doc = tomllib.loads((ROOT / "scenarios" / "tutorial.toml").read_text(encoding="utf-8"))
    text = json.dumps(doc, ensure_ascii=False, indent=1)
    (folder / "t.json").write_text(text, encoding="utf-8")
    fields = _open(client, "t.json")
    assert client.post("/edit/save", data=fields, headers=OWN).status_code == 200
    assert (folder / "t.json").read_text(encoding="utf-8") == text
    fields["scenario.title"] = "Ny"
    assert client.post("/edit/save", data=fields, headers=OWN).status_code == 200
    saved = (folder / "t.json").read_text(encoding="utf-8")
    assert '"min": 20,' in saved.replace("\n", "").replace("  ", " ") or '"min": 20' in saved
    assert "20.0" not in saved


def test_an_action_on_a_file_gone_keeps_what_was_typed(client, folder):
    fields = _open(client, "tutorial.toml")
    fields["scenario.title"] = "Skrivet men inte sparat"
    (folder / "tutorial.toml").unlink()
    r = client.post("/edit/panel", data={**fields, "_form.action": "add:logic"}, headers=OWN)
    assert r.status_code == 200
    assert form_fields(r.text)["scenario.title"] == "Skrivet men inte sparat"
    assert "går inte att läsa just nu" in r.text


@pytest.mark.parametrize(
    "text",
    ['[scenario]\ntitle = "Halvfärdig"\n', "[1, 2]", 'x = 1979-05-27\n[scenario]\ntitle = "d"\n'],
    ids=["half-written", "json-list", "toml-date"],
)
def test_odd_files_get_a_message_not_a_server_error(client, folder, text):
    name = "odd.json" if text.startswith("[1") else "odd.toml"
    (folder / name).write_text(text, encoding="utf-8")
    r = client.get("/edit", params={"file": name})
    assert r.status_code in (200, 422)
    assert "Internal Server Error" not in r.text
