"""The bad-input catalogue for workbooks: every hostile or broken .xlsx gets one clear message
with the sheet and cell (exit 2), or is read correctly as documented; nothing is written.

The workbooks are generated here from the template (no binary fixtures).
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile

import openpyxl
import pytest
from click.testing import CliRunner

from sekalk.cli import main
from sekalk.scenario import xlsx as xlsx_module
from sekalk.scenario.xlsx import read_workbook, workbook_bytes
from sekalk.templates import template_document

from .conftest import ROOT


def _template_wb():
    return openpyxl.load_workbook(io.BytesIO(workbook_bytes(template_document("sv"), lang="sv")))


def _col(ws, title: str) -> int:
    for cell in ws[1]:
        if cell.value == title:
            return cell.column
    raise AssertionError(title)


def _letter(col: int) -> str:
    return openpyxl.utils.get_column_letter(col)


def _stderr(res) -> str:
    return res.stderr if hasattr(res, "stderr") else res.output


def _replace_part(raw: bytes, name: str, edit) -> bytes:
    """The workbook bytes with the zip entry ``name`` replaced by ``edit(old_text)``."""
    src = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == name:
                data = edit(data.decode("utf-8")).encode("utf-8")
            dst.writestr(info, data)
    return out.getvalue()


def _sheet_part(raw: bytes, title: str) -> str:
    """The zip entry of the sheet called ``title``."""
    wb = openpyxl.load_workbook(io.BytesIO(raw))
    return f"xl/worksheets/sheet{wb.sheetnames.index(title) + 1}.xml"


def _expect_exit_2(path, *phrases, tmp_path=None):
    """``validate`` and ``run --json OUT`` both end with one message and exit 2; OUT is absent."""
    runner = CliRunner()
    res = runner.invoke(main, ["validate", str(path), "--lang", "en"])
    assert res.exit_code == 2, res.output
    assert isinstance(res.exception, SystemExit)
    # "Sheet!E7 (Header) (key.path): message": the phrases name the cell, header and message
    msg = re.sub(r"(![A-Z]+\d+ \([^)]*\)) \([^)]*\)", r"\1", _stderr(res).strip())
    assert len(msg.splitlines()) == 1, msg
    assert msg.startswith((f"fel: {path}: ", f"error: {path}: "))
    for phrase in phrases:
        assert phrase in msg, msg
    if tmp_path is not None:
        out = tmp_path / "out.json"
        res = runner.invoke(main, ["run", str(path), "--draws", "10", "--json", str(out)])
        assert res.exit_code == 2
        assert not out.exists()
        conv = tmp_path / "out.toml"
        res = runner.invoke(main, ["convert", str(path), str(conv)])
        assert res.exit_code == 2
        assert not conv.exists()
    return msg


# ---------------------------------------------------------------------------------------------
# not a workbook, bombs, entities, size


def test_not_a_zip(tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_text("title,price\nx,1\n", encoding="utf-8")
    _expect_exit_2(path, "this is not an Excel workbook", tmp_path=tmp_path)


def test_old_xls_file(tmp_path):
    path = tmp_path / "x.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    _expect_exit_2(path, "old Excel file (.xls)")


def test_empty_file(tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"")
    _expect_exit_2(path, "the file is empty")


def test_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "x.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "hello")
    _expect_exit_2(path, "cannot read the workbook")


def test_zip_bomb_is_refused_from_the_directory(tmp_path):
    """A 20 MB part of zeros compresses about 1000 times: refused before it is unpacked."""
    raw = workbook_bytes(template_document("sv"))
    src = zipfile.ZipFile(io.BytesIO(raw))
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info.filename))
        dst.writestr("xl/media/zeros.bin", b"\0" * (20 * 2**20))
    assert path.stat().st_size < 200_000
    _expect_exit_2(path, "possible zip bomb", tmp_path=tmp_path)


def test_too_much_uncompressed_data_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_module, "MAX_UNCOMPRESSED", 50_000)
    path = tmp_path / "big.xlsx"
    path.write_bytes(workbook_bytes(template_document("sv")))
    _expect_exit_2(path, "unpacks to more than")


def test_xml_entity_bomb_is_refused(tmp_path):
    raw = workbook_bytes(template_document("sv"))
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    )
    part = _sheet_part(raw, "Kostnader")
    edited = _replace_part(
        raw,
        part,
        lambda xml: bomb + re.sub(r"^<\?xml[^>]*\?>", "", xml).replace("Projektpersonal", "&lol3;"),
    )
    path = tmp_path / "entities.xlsx"
    path.write_bytes(edited)
    _expect_exit_2(path, "XML entity or DTD declarations", tmp_path=tmp_path)


def test_huge_sheet_is_refused(tmp_path):
    wb = _template_wb()
    wb["Kostnader"].cell(xlsx_module.MAX_ROWS + 10, 2).value = "far away"
    path = tmp_path / "huge.xlsx"
    wb.save(path)
    _expect_exit_2(path, "sheet 'Kostnader' has", "sekalk reads at most")


def test_too_many_columns_is_refused(tmp_path):
    wb = _template_wb()
    wb["Start"].cell(1, xlsx_module.MAX_COLUMNS + 5).value = "x"
    path = tmp_path / "wide.xlsx"
    wb.save(path)
    _expect_exit_2(path, "sheet 'Start' has")


# ---------------------------------------------------------------------------------------------
# formulas


def _with_formula(tmp_path, cached: str | None):
    wb = _template_wb()
    ws = wb["Kostnader"]
    col = _col(ws, "Troligast")
    ws.cell(2, col).value = "=900000+100000"
    raw = io.BytesIO()
    wb.save(raw)
    data = raw.getvalue()
    if cached is not None:  # as Excel saves it: the formula and its last value
        part = _sheet_part(data, "Kostnader")
        data = _replace_part(
            data,
            part,
            lambda xml: xml.replace("<f>900000+100000</f>", f"<f>900000+100000</f><v>{cached}</v>"),
        )
    path = tmp_path / "formula.xlsx"
    path.write_bytes(data)
    return path, f"Kostnader!{_letter(col)}2"


def test_formula_with_a_cached_value_is_read_and_reported(tmp_path):
    path, cell = _with_formula(tmp_path, "1000000")
    assert read_workbook(path.read_bytes()).doc == template_document("sv")
    res = CliRunner().invoke(main, ["validate", str(path)])
    assert res.exit_code == 0
    err = _stderr(res)
    assert f"{cell} (Troligast): cellen innehåller en formel (=900000+100000)" in err
    assert "det senast beräknade värdet 1000000" in err


def test_formula_without_a_value_asks_for_one(tmp_path):
    path, cell = _with_formula(tmp_path, None)
    _expect_exit_2(
        path,
        f"{cell} (Troligast): the cell holds a formula (=900000+100000) with no calculated value",
        "type the value",
        tmp_path=tmp_path,
    )


def test_error_value_in_a_cell(tmp_path):
    path, cell = _with_formula(tmp_path, None)
    data = _replace_part(
        path.read_bytes(),
        _sheet_part(path.read_bytes(), "Kostnader"),
        lambda xml: re.sub(
            r'<c r="(\w+)"([^>]*)><f>900000\+100000</f>', r'<c r="\1" t="e"\2><v>#DIV/0!</v>', xml
        ).replace("<v>#DIV/0!</v></c>", "<v>#DIV/0!</v></c>"),
    )
    path.write_bytes(data)
    _expect_exit_2(path, f"{cell} (Troligast):")


# ---------------------------------------------------------------------------------------------
# cells and layout


def test_merged_parameter_cells_are_refused(tmp_path):
    wb = _template_wb()
    ws = wb["Kostnader"]
    col = _col(ws, "Lägst")
    ws.merge_cells(start_row=2, start_column=col, end_row=2, end_column=col + 1)
    path = tmp_path / "merged.xlsx"
    wb.save(path)
    _expect_exit_2(
        path, f"Kostnader!{_letter(col)}2:{_letter(col + 1)}2: merged cells", tmp_path=tmp_path
    )


def test_an_items_label_merged_down_its_rows_is_read(tmp_path):
    wb = _template_wb()
    ws = wb["Utfall"]
    for title in ("Id", "Benämning", "Fördröjning (år)"):
        col = _col(ws, title)
        for row in range(3, 6):
            ws.cell(row, col).value = None
        ws.merge_cells(start_row=2, start_column=col, end_row=5, end_column=col)
    path = tmp_path / "merged.xlsx"
    wb.save(path)
    assert read_workbook(path.read_bytes()).doc == template_document("sv")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1 500 000", 1_500_000), ("1\u202f500\u202f000", 1_500_000), ("−70 000", -70_000),
     ("0,8", 0.8), ("3,5 %", 0.035), ("25%", 0.25), ("1.5e6", 1.5e6), ("2 000,5", 2000.5)],
)  # fmt: skip
def test_text_in_number_cells_is_read_as_a_number(text, expected):
    assert xlsx_module._number_or_none(text) == pytest.approx(expected, rel=1e-15)


@pytest.mark.parametrize("text", ["ca 5", "1,500,000", "5 kr", "1.2.3", "nan", "inf", "%"])
def test_unreadable_text_in_a_number_cell(text, tmp_path):
    wb = _template_wb()
    ws = wb["Kostnader"]
    col = _col(ws, "Lägst")
    ws.cell(2, col).value = text
    path = tmp_path / "text.xlsx"
    wb.save(path)
    _expect_exit_2(
        path,
        f"Kostnader!{_letter(col)}2 (Lägst): expected a number, found a string ({text!r})",
        "write a number such as 1500000, 1 500 000, 0,8 or 25 %",
    )


def test_a_date_in_a_number_cell(tmp_path):
    import datetime

    wb = _template_wb()
    ws = wb["Kostnader"]
    col = _col(ws, "Första år")
    ws.cell(2, col).value = datetime.date(2024, 1, 1)
    path = tmp_path / "date.xlsx"
    wb.save(path)
    _expect_exit_2(path, f"Kostnader!{_letter(col)}2 (Första år): expected a number, found a date")


def test_empty_required_cell_names_the_cell(tmp_path):
    wb = _template_wb()
    ws = wb["Konsekvenser"]
    col = _col(ws, "Slag")
    ws.cell(2, col).value = None
    path = tmp_path / "empty.xlsx"
    wb.save(path)
    msg = _expect_exit_2(path, "missing required key 'kind'", tmp_path=tmp_path)
    assert "Konsekvenser!" in msg


def test_empty_label_names_the_label_cell(tmp_path):
    wb = _template_wb()
    ws = wb["Kostnader"]
    for title in ("Id", "Benämning"):
        ws.cell(2, _col(ws, title)).value = None
    path = tmp_path / "nolabel.xlsx"
    wb.save(path)
    _expect_exit_2(
        path,
        f"Kostnader!{_letter(_col(ws, 'Benämning'))}2 (Benämning): missing required key 'label'",
    )


def test_values_without_a_parameter_name(tmp_path):
    wb = _template_wb()
    ws = wb["Kostnader"]
    ws.cell(2, _col(ws, "Parameter")).value = None
    path = tmp_path / "noparam.xlsx"
    wb.save(path)
    _expect_exit_2(
        path, f"Kostnader!{_letter(_col(ws, 'Parameter'))}2 (Parameter): which parameter"
    )


def test_unknown_parameter_and_unknown_outcome(tmp_path):
    wb = _template_wb()
    ws = wb["Kostnader"]
    ws.cell(2, _col(ws, "Parameter")).value = "Årlig belopp"
    path = tmp_path / "p.xlsx"
    wb.save(path)
    _expect_exit_2(path, "unknown parameter 'Årlig belopp' (did you mean 'Årligt belopp'?)")
    wb = _template_wb()
    ws = wb["Konsekvenser"]
    ws.cell(2, _col(ws, "Utfall")).value = "ej_behorg"
    path = tmp_path / "o.xlsx"
    wb.save(path)
    _expect_exit_2(
        path,
        f"Konsekvenser!{_letter(_col(ws, 'Utfall'))}2 (Utfall): unknown outcome 'ej_behorg' (did you mean 'ej_behorig'?)",
    )


def test_unknown_code_gets_the_validators_hint_at_the_cell(tmp_path):
    wb = _template_wb()
    ws = wb["Utfall"]
    ws.cell(2, _col(ws, "Fördelning")).value = "uniformm"
    path = tmp_path / "u.xlsx"
    wb.save(path)
    _expect_exit_2(
        path, f"Utfall!{_letter(_col(ws, 'Fördelning'))}2 (Fördelning): ", "did you mean 'uniform'"
    )


def test_extra_sheets_and_columns_are_ignored_and_reported(tmp_path):
    wb = _template_wb()
    wb.create_sheet("Mina beräkningar")["A1"] = "=1+1"
    ws = wb["Kostnader"]
    ws.cell(1, ws.max_column + 1).value = "Mina anteckningar"
    ws.cell(2, ws.max_column).value = "=SUM(A1:A3)"  # not read: no formula message either
    path = tmp_path / "extra.xlsx"
    wb.save(path)
    assert read_workbook(path.read_bytes()).doc == template_document("sv")
    res = CliRunner().invoke(main, ["validate", str(path)])
    assert res.exit_code == 0
    assert "kolumnen 'Mina anteckningar' hör inte till kalkylen och lästes inte" in _stderr(res)


def test_misspelt_column_is_an_error_not_ignored(tmp_path):
    wb = _template_wb()
    ws = wb["Kostnader"]
    col = _col(ws, "Lägst")
    ws.cell(1, col).value = "Lägsta"
    path = tmp_path / "misspelt.xlsx"
    wb.save(path)
    _expect_exit_2(
        path, f"Kostnader!{_letter(col)}1 (Lägsta): unknown column 'Lägsta' (did you mean 'Lägst'?)"
    )


def test_duplicate_column(tmp_path):
    wb = _template_wb()
    ws = wb["Kostnader"]
    ws.cell(1, ws.max_column + 1).value = "Lowest"
    path = tmp_path / "dup.xlsx"
    wb.save(path)
    _expect_exit_2(path, "the column 'Lowest' appears twice")


def test_missing_sheet_suggests_the_near_name(tmp_path):
    wb = _template_wb()
    wb["Kostnader"].title = "Kostnad"
    path = tmp_path / "nosheet.xlsx"
    wb.save(path)
    _expect_exit_2(
        path, "the workbook has no sheet 'Kostnader' (or 'Costs') (did you mean 'Kostnad'?)"
    )


def test_two_sheets_for_the_same_part(tmp_path):
    wb = _template_wb()
    wb.create_sheet("Costs")
    path = tmp_path / "two.xlsx"
    wb.save(path)
    _expect_exit_2(path, "two sheets for the same part")


def test_convert_writes_nothing_when_the_output_cannot_hold_a_text(tmp_path):
    src = tmp_path / "s.toml"
    text = (ROOT / "scenarios" / "tutorial.toml").read_text(encoding="utf-8")
    src.write_text(text.replace('title = "', 'title = "bell\\u0007 ', 1), encoding="utf-8")
    out = tmp_path / "s.xlsx"
    res = CliRunner().invoke(main, ["convert", str(src), str(out)])
    assert res.exit_code == 2
    assert "scenario.title: texten innehåller styrtecknet U+0007" in _stderr(res)  # sv file
    assert not out.exists()
    assert not list(tmp_path.glob(".s.xlsx.*"))  # no temporary file left behind


def test_convert_refuses_unknown_formats_and_overwriting_its_input(tmp_path):
    src = ROOT / "scenarios" / "tutorial.toml"
    res = CliRunner().invoke(main, ["convert", str(src), str(tmp_path / "x.csv")])
    assert res.exit_code == 2 and "okänt utdataformat '.csv'" in _stderr(res)
    copy = tmp_path / "t.toml"
    copy.write_bytes(src.read_bytes())
    res = CliRunner().invoke(main, ["convert", str(copy), str(copy), "--force"])
    assert res.exit_code == 2 and "would overwrite the input" in _stderr(res)


def test_real_process_prints_no_traceback(tmp_path):
    """Hostile workbooks through a real ``python -m sekalk.cli validate`` process."""
    bad = tmp_path / "notzip.xlsx"
    bad.write_text("x", encoding="utf-8")
    wb = _template_wb()
    wb["Kostnader"].cell(2, 8).value = "ca 5"
    wb.save(tmp_path / "text.xlsx")
    proc = subprocess.run(
        [sys.executable, "-m", "sekalk.cli", "validate", str(bad), str(tmp_path / "text.xlsx")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 2


def test_update_asks_for_a_text_file(tmp_path):
    path = tmp_path / "a.xlsx"
    path.write_bytes(workbook_bytes(template_document("sv")))
    obs = tmp_path / "obs.toml"
    obs.write_text('[[observation]]\nid = "logic.fullfoljer.share"\nsuccesses = 1\ntrials = 2\n')
    res = CliRunner().invoke(
        main,
        [
            "update",
            str(path),
            "--observed",
            str(obs),
            "-o",
            str(tmp_path / "n.toml"),
            "--lang",
            "en",
        ],
    )
    assert res.exit_code == 2
    assert "convert the workbook first" in _stderr(res)
    assert not (tmp_path / "n.toml").exists()


# ---------------------------------------------------------------------------------------------
# every cell's problem at once, in the workbook's language


def _three_mistakes(lang: str):
    """A template workbook with three independent cell mistakes; their cells."""
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(template_document(lang), lang=lang)))
    costs, outcomes, cons = (
        wb[xlsx_module.sheet_name(k, lang)] for k in ("costs", "outcomes", "consequences")
    )
    low = _col(costs, xlsx_module.header("min", lang))
    dist = _col(outcomes, xlsx_module.header("dist", lang))
    parent = _col(cons, xlsx_module.header("outcome", lang))
    costs.cell(2, low).value = "ca 5"
    outcomes.cell(2, dist).value = "uniformm"
    cons.cell(2, parent).value = "ej_behorg"
    raw = io.BytesIO()
    wb.save(raw)
    cells = [
        f"{costs.title}!{_letter(low)}2",
        f"{outcomes.title}!{_letter(dist)}2",
        f"{cons.title}!{_letter(parent)}2",
    ]
    return raw.getvalue(), cells


def test_three_cell_mistakes_are_reported_together_each_with_its_cell(tmp_path):
    raw, cells = _three_mistakes("sv")
    with pytest.raises(xlsx_module.ScenarioError) as info:
        read_workbook(raw, file="book.xlsx")
    errors = info.value.errors
    assert [e.location.split(" (")[0] for e in errors] == cells
    assert [e.code for e in errors] == [
        "error.type.not_number",
        "error.value.unknown_choice",
        "error.xlsx.unknown_outcome",
    ]
    assert all(e.file == "book.xlsx" and e.lang == "sv" for e in errors)
    assert errors[0].path.startswith("intervention.costs.") and errors[0].path.endswith(".min")
    assert errors[0].location == f"{cells[0]} (Lägst)"
    path = tmp_path / "three.xlsx"
    path.write_bytes(raw)
    runner = CliRunner()
    # the workbook's own language (Start: Språk = sv) without --lang
    res = runner.invoke(main, ["validate", str(path)])
    assert res.exit_code == 2
    lines = _stderr(res).strip().splitlines()
    assert len(lines) == 4, lines
    for line, cell in zip(lines, cells, strict=False):
        assert line.startswith((f"fel: {path}: {cell} (", f"error: {path}: {cell} ("))
    assert (
        "här ska stå ett tal, men det är en text ('ca 5'); skriv ett tal, till exempel" in lines[0]
    )
    assert "fördelningen kan inte vara 'uniformm' (menade du 'uniform'?)" in lines[1]
    assert "okänt utfall 'ej_behorg' (menade du 'ej_behorig'?)" in lines[2]
    assert lines[3] == f"{path}: 3 problem"
    # --lang en for the same workbook
    res = runner.invoke(main, ["validate", str(path), "--lang", "en"])
    lines = _stderr(res).strip().splitlines()
    assert "expected a number, found a string ('ca 5'); write a number such as" in lines[0]
    assert "unknown distribution 'uniformm' (did you mean 'uniform'?)" in lines[1]
    assert "unknown outcome 'ej_behorg' (did you mean 'ej_behorig'?)" in lines[2]
    assert lines[3] == f"{path}: 3 problems"


def test_an_english_workbook_reports_in_english(tmp_path):
    raw, cells = _three_mistakes("en")
    path = tmp_path / "three.xlsx"
    path.write_bytes(raw)
    res = CliRunner().invoke(main, ["validate", str(path)])
    assert res.exit_code == 2
    err = _stderr(res)
    assert f"{cells[0]} (Lowest)" in err
    assert "unknown distribution 'uniformm' (did you mean 'uniform'?)" in err
    assert "3 problems" in err


@pytest.mark.parametrize(
    ("lang", "phrases"),
    [
        ("en", ["the cell holds a formula (=900000+100000) with no calculated value", "type the value"]),
        ("sv", ["cellen innehåller en formel (=900000+100000) utan beräknat värde", "skriv in värdet"]),
    ],
)  # fmt: skip
def test_formula_without_a_value_in_both_languages(lang, phrases, tmp_path):
    path, cell = _with_formula(tmp_path, None)
    res = CliRunner().invoke(main, ["validate", str(path), "--lang", lang])
    assert res.exit_code == 2
    err = _stderr(res)
    assert f"{cell} (Troligast)" in err
    for phrase in phrases:
        assert phrase in err, err


def test_sheet_problems_in_swedish(tmp_path):
    wb = _template_wb()
    wb["Kostnader"].title = "Kostnad"
    path = tmp_path / "nosheet.xlsx"
    wb.save(path)
    res = CliRunner().invoke(main, ["validate", str(path)])
    assert res.exit_code == 2
    assert "arbetsboken saknar bladet 'Kostnader' (eller 'Costs') (menade du 'Kostnad'?)" in (
        _stderr(res)
    )
    path = tmp_path / "x.xlsx"
    path.write_text("title,price\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["validate", str(path)])
    assert "det här är ingen Excel-arbetsbok" in _stderr(res)
