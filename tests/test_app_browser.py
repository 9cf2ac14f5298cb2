"""The workbench in a real headless Chromium (Debian's), driven by Playwright offline.

Skipped with a reason where no Chromium exists, but never in CI (CI installs it).
Screenshots go to ``$SEKALK_SCREENSHOTS`` (default: the test's temporary folder).
"""

import json
import os
import shutil
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from sekalk.cli import main

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = next(
    (
        p
        for p in ("/usr/bin/chromium", "/usr/lib/chromium/chromium", shutil.which("chromium"))
        if p and Path(p).exists()
    ),
    None,
)
DRAWS = 2000
EFFECT = "outcomes.ej_behorig.effect"


def _need_browser():
    if CHROMIUM is None or pytest.importorskip("playwright") is None:
        if os.environ.get("CI"):
            pytest.fail("CI must run the browser tests: install Debian's chromium")
        pytest.skip("no Chromium on this machine (apt-get install chromium)")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    _need_browser()
    import uvicorn

    from sekalk.app import free_socket
    from sekalk.app.server import create_app

    folder = tmp_path_factory.mktemp("bench")
    shutil.copy(ROOT / "scenarios" / "narvaroteam.toml", folder / "ansokan.toml")
    sock = free_socket(0)
    port = sock.getsockname()[1]
    app = create_app(folder, port=port, draws=DRAWS)
    srv = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", folder
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    _need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture
def shots(tmp_path):
    out = Path(os.environ.get("SEKALK_SCREENSHOTS", tmp_path))
    out.mkdir(parents=True, exist_ok=True)
    return out


def _page(browser, errors):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.on(
        "console", lambda m: errors.append(f"{m.text} {m.location}") if m.type == "error" else None
    )
    page.on("pageerror", lambda e: errors.append(str(e)))
    return page


def test_evaluator_changes_an_effect_saves_overlay_and_compare_agrees(server, browser, shots):
    url, folder = server
    errors: list[str] = []
    page = _page(browser, errors)
    from playwright.sync_api import expect

    page.goto(f"{url}/?lang=sv")
    page.get_by_role("link", name="bedöm ansokan.toml").click()
    page.wait_for_selector("#panel .figures")
    page.screenshot(path=str(shots / "app_open_sv.png"))

    # A typing mistake is shown next to its field, and what was typed stays.
    low = page.get_by_label("lägst").and_(page.locator(f'input[name="low.{EFFECT}"]'))
    low.fill("0,9x")
    dom = EFFECT.replace(".", "--")
    # (the page's CSP forbids eval, so waits use locators, not JavaScript strings)
    expect(page.locator(f"#err-{dom}")).to_contain_text("Skriv ett tal")
    assert low.input_value() == "0,9x"

    # Fixed: the panel shows before and after.
    low.fill("0,9")
    page.locator(f'input[name="high.{EFFECT}"]').fill("1,0")
    page.locator(f'input[name="note.{EFFECT}"]').fill("Svagare effekt i vår målgrupp")
    page.wait_for_selector("text=Med mina antaganden")
    expect(page.locator(f"#err-{dom}")).to_have_text("")
    delta = page.locator(".delta").inner_text()
    assert "procentenheter" in delta
    page.screenshot(path=str(shots / "app_before_after_sv.png"), full_page=False)

    page.get_by_label("Spara mina antaganden som fil").fill("bedomning.toml")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_selector("#saved .ok")
    assert (folder / "bedomning.toml").is_file()
    assert errors == []

    # `sekalk compare` with the saved overlay agrees with the panel's P(gain) after the change.
    out = folder / "cmp.json"
    app_file = str(folder / "ansokan.toml")
    res = CliRunner().invoke(
        main,
        [
            "compare",
            app_file,
            f"{app_file}+{folder / 'bedomning.toml'}",
            "--draws",
            str(DRAWS),
            "--seed",
            "1",
            "--json",
            str(out),
        ],
    )
    assert res.exit_code == 0, res.output
    from sekalk.report.i18n import fmt_pct

    probs = [s["prob_npv_positive"] for s in json.loads(out.read_text())["scenarios"]]
    panel = page.locator("#panel").inner_text()
    before, after = panel.split("Med mina antaganden", 1)
    assert fmt_pct(probs[0], "sv") in before
    assert fmt_pct(probs[1], "sv") in after


def test_new_calculation_from_template_in_english(server, browser, shots):
    url, folder = server
    errors: list[str] = []
    page = _page(browser, errors)
    page.goto(f"{url}/?lang=en")
    page.get_by_label("File name").fill("our_project")
    page.get_by_role("button", name="Create").click()
    page.wait_for_selector("#panel .figures")
    assert (folder / "our_project.toml").is_file()
    assert "Basic facts" in page.content()
    page.screenshot(path=str(shots / "app_new_en.png"))
    # Keyboard only: Tab reaches the first assumption box.
    page.keyboard.press("Tab")
    assert errors == []


def test_applicant_builds_from_template_fixes_an_error_and_saves(server, browser, shots):
    from playwright.sync_api import expect

    url, folder = server
    errors: list[str] = []
    page = _page(browser, errors)
    page.goto(f"{url}/?lang=sv")
    page.get_by_label("Filnamn").fill("var_ansokan")
    page.get_by_role("button", name="Skapa").click()
    page.wait_for_selector("#panel .figures")
    expect(page.locator("#funnel")).to_contain_text("deltagare")
    headline = page.locator("#panel .interval-text").inner_text()

    staff_min = page.locator('input[name="intervention.costs.0.annual.p.min"]')
    staff_min.fill("nio hundra tusen")
    error = page.locator("#e-intervention--costs--0--annual--p--min")
    expect(error).to_contain_text("Skriv ett tal")
    assert staff_min.input_value() == "nio hundra tusen"  # what was typed stays
    page.screenshot(path=str(shots / "app_editor_error_sv.png"))

    # Fixed, and the costs doubled: the headline moves.
    page.locator('input[name="intervention.costs.0.annual.p.max"]').fill("2 600 000")
    page.locator('input[name="intervention.costs.0.annual.p.mode"]').fill("2 000 000")
    staff_min.fill("1 800 000")
    expect(error).to_have_text("")
    expect(page.locator("#panel .interval-text")).not_to_have_text(headline)
    page.screenshot(path=str(shots / "app_editor_sv.png"))

    page.get_by_role("button", name="Spara kalkylen").click()
    expect(page.locator("#saved")).to_contain_text("Sparat i var_ansokan.toml")
    assert errors == []
    import tomllib

    saved = tomllib.loads((folder / "var_ansokan.toml").read_text(encoding="utf-8"))
    annual = saved["intervention"]["costs"][0]["annual"]
    assert (annual["min"], annual["mode"], annual["max"]) == (1_800_000, 2_000_000, 2_600_000)
    res = CliRunner().invoke(main, ["run", str(folder / "var_ansokan.toml"), "--draws", "1000"])
    assert res.exit_code == 0, res.output


CONTRAST_JS = """() => {
  const lum = (rgb) => {
    const [r, g, b] = rgb.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const parse = (c) => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(',').map((x) => parseFloat(x)); return {rgb: p.slice(0, 3), a: p.length > 3 ? p[3] : 1}; };
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0.5) return c.rgb;
    }
    return [255, 255, 255];
  };
  const worst = [];
  for (const el of document.querySelectorAll('body *')) {
    const text = Array.from(el.childNodes).filter((n) => n.nodeType === 3 && n.textContent.trim()).length;
    if (!text || !el.getClientRects().length) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    const fg = parse(style.color).rgb, bg = background(el);
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight) >= 700;
    const large = size >= 24 || (bold && size >= 18.66);
    if (ratio < (large ? 3 : 4.5)) worst.push([el.tagName, el.textContent.trim().slice(0, 40), ratio]);
  }
  return worst;
}"""


@pytest.mark.parametrize(
    "route", ["/?lang=sv", "/open?file=ansokan.toml", "/edit?file=ansokan.toml&lang=en"]
)
def test_text_contrast_meets_wcag_aa(server, browser, route):
    """Every piece of text on the pages, measured as rendered (WCAG 2 contrast ratio >= 4.5,
    >= 3 for large text). The page is opened with its CSP bypassed only so that the
    measuring script may run."""
    url, _ = server
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, bypass_csp=True)
    page.goto(url + route)
    page.wait_for_load_state("networkidle")
    assert page.evaluate(CONTRAST_JS) == []


def test_keyboard_focus_stays_on_the_control_after_the_editor_is_redrawn(server, browser):
    url, _ = server
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, bypass_csp=True)
    page.goto(url + "/edit?file=ansokan.toml&lang=en")
    add = page.locator("#act-add-intervention-costs")
    add.focus()
    count = page.locator("select[name$='.annual.dist']").count()
    page.keyboard.press("Enter")
    page.wait_for_function(
        f"document.querySelectorAll(\"select[name$='.annual.dist']\").length > {count}"
    )
    # the focus comes back once the new editor has settled
    page.wait_for_function(
        "document.activeElement && document.activeElement.id === 'act-add-intervention-costs'",
        timeout=5000,
    )
