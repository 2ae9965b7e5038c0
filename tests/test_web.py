"""The caseworker's page in a real headless chromium (Debian's), driven by playwright, with
axe-core (from npm, frontend/) for accessibility. Skipped with the reason printed when the
browser, playwright or the npm packages are missing (.ci/run installs them)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .server import ROOT, Server, draaiende_server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = ROOT / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
NLDS = ROOT / "frontend" / "node_modules" / "@utrecht" / "component-library-css" / "dist" / "index.css"
SCHERM = ROOT / "docs" / "img" / "balie-pagina.png"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

playwright = pytest.importorskip("playwright.sync_api",
                                 reason="playwright niet geïnstalleerd (pip install -e '.[test]')")
if not Path(CHROMIUM).exists():
    pytest.skip("chromium niet gevonden: apt-get install -y chromium (.ci/run doet dat)", allow_module_level=True)
if not AXE.exists() or not NLDS.exists():
    pytest.skip("npm-pakketten ontbreken: cd frontend && npm ci (.ci/run doet dat)", allow_module_level=True)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with draaiende_server(tmp_path_factory.mktemp("web")) as s:
        yield s


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _eerste_contact(pagina: Any) -> None:
    """Story 000 (Bergeijk) as the caseworker hears it at first contact."""
    pagina.fill("#f-peildatum", "16-08-2021")
    pagina.fill("#f-geboortedatum", "10-03-2005")
    pagina.fill("#f-gemeente", "Bergeijk")
    pagina.select_option("#f-onderwijs", "geen")
    pagina.select_option("#f-hoogste_diploma", "vmbo")


def _axe(pagina: Any) -> list[dict[str, Any]]:
    # (the page forbids inline scripts; the test pages bypass that CSP only to inject axe)
    pagina.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    uitslag = pagina.evaluate("async () => await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', "
                              "'wcag21aa', 'best-practice']})")
    return [v for v in uitslag["violations"] if v["impact"] in ("serious", "critical")]


def _kern(pagina: Any) -> str:
    return str(pagina.inner_text(".kern"))


def _beantwoord_eerste_vraag(pagina: Any) -> str:
    """Answer the page's first open question with its first real option; return the field name.
    Which question comes first is the engine's business (vraagvolgorde), not this test's."""
    veld = pagina.locator(".eerste-vraag select, .eerste-vraag input").first
    naam = str(veld.get_attribute("name"))
    if veld.evaluate("e => e.tagName") == "SELECT":
        waarde = veld.evaluate("e => [...e.options].map(o => o.value).find(v => v)")
        veld.select_option(waarde)
    else:  # a ja/nee or meer question: "ja" or its first option
        veld.check()
    return naam


def test_form_answer_first_then_a_question_updates_the_advice(server: Server, browser: Any) -> None:
    pagina = browser.new_page(viewport={"width": 1100, "height": 1400}, bypass_csp=True)
    pagina.goto(server.basis + "/")
    assert pagina.get_attribute("html", "lang") == "nl"
    _eerste_contact(pagina)
    pagina.click("text=Geef advies")
    pagina.wait_for_selector("#kop-kern")
    voor = _kern(pagina)
    # 16 on 31-07-2021 and vmbo is no startkwalificatie: kwalificatieplicht (a regular vo
    # diploma settles the vso exception, so no question stands in the way)
    assert "Jeugdwet" in voor and "Kwalificatieplicht" in voor
    # every conclusion links its article on wetten.overheid.nl, pinned to the peildatum
    links = pagina.eval_on_selector_all(".kern a.utrecht-link", "as => as.map(a => a.href)")
    assert links and all("wetten.overheid.nl" in u and "g=2021-08-16" in u for u in links if "overheid" in u)
    # the first open question is a field; answering it updates the advice in place (JS)
    with pagina.expect_response(lambda r: r.request.method == "POST"):
        eerste = _beantwoord_eerste_vraag(pagina)
    assert eerste
    pagina.wait_for_function("document.querySelector('#melding') && "
                             "document.querySelector('#melding').textContent.includes('bijgewerkt')")
    na = _kern(pagina)
    assert na != voor
    # fold open one "why" for the screenshot
    pagina.click(".kern details.waarom summary >> nth=0")
    SCHERM.parent.mkdir(parents=True, exist_ok=True)
    pagina.screenshot(path=str(SCHERM), full_page=False)
    assert not _axe(pagina), json.dumps(_axe(pagina), indent=1)[:3000]
    pagina.close()


def test_works_without_javascript(server: Server, browser: Any) -> None:
    context = browser.new_context(java_script_enabled=False)
    pagina = context.new_page()
    pagina.goto(server.basis + "/")
    _eerste_contact(pagina)
    pagina.fill("#f-gemeente", "Den Bosch")
    pagina.click("text=Geef advies")
    pagina.wait_for_selector("#kop-kern")
    assert "'s-Hertogenbosch" in _kern(pagina)
    voor = _kern(pagina)
    _beantwoord_eerste_vraag(pagina)
    pagina.click("text=Werk het advies bij >> nth=0")
    pagina.wait_for_selector("#kop-kern")
    assert _kern(pagina) != voor
    # the facts travelled in the form: nothing was kept on the server
    assert pagina.input_value("#f-geboortedatum") == "10-03-2005"
    context.close()


def test_errors_name_the_field_and_are_accessible(server: Server, browser: Any) -> None:
    pagina = browser.new_page(bypass_csp=True)
    pagina.goto(server.basis + "/")
    pagina.fill("#f-geboortedatum", "31-02-2005")
    pagina.fill("#f-gemeente", "Atlantis")
    pagina.click("text=Geef advies")
    pagina.wait_for_selector("#fouten")
    fouten = pagina.inner_text("#fouten")
    assert "deze datum bestaat niet" in fouten
    assert pagina.get_attribute("#f-geboortedatum", "aria-invalid") == "true"
    assert not _axe(pagina)
    pagina.close()


def test_first_page_is_accessible_and_reads_at_200_percent(server: Server, browser: Any) -> None:
    pagina = browser.new_page(viewport={"width": 640, "height": 900}, bypass_csp=True)  # 1280 px at 200% zoom
    pagina.goto(server.basis + "/")
    # keyboard: the skip link is the first stop and leads to the content
    pagina.keyboard.press("Tab")
    assert pagina.evaluate("document.activeElement.textContent").strip() == "Naar de inhoud"
    assert not _axe(pagina)
    _eerste_contact(pagina)
    pagina.click("text=Geef advies")
    pagina.wait_for_selector("#kop-kern")
    breedte = pagina.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert breedte[0] <= breedte[1], "horizontaal scrollen bij 200% zoom"
    pagina.close()


def test_print_view_has_the_receipt(server: Server, browser: Any) -> None:
    pagina = browser.new_page(bypass_csp=True)
    pagina.goto(server.basis + "/")
    _eerste_contact(pagina)
    pagina.click("text=Geef advies")
    pagina.wait_for_selector("#kop-kern")
    pagina.emulate_media(media="print")
    assert not pagina.is_visible("#casus")
    ontvangst = pagina.inner_text(".ontvangst")
    assert "peildatum 16-08-2021" in ontvangst and "regels " in ontvangst
    pagina.close()
