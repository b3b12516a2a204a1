"""The query page in a real browser: headless Chromium (Debian's package), driven by Playwright, runs a
bundled query against `kg serve` and reads the result table; a screenshot is kept in test-output/.

Without Chromium the test skips and says how to install it; `.ci/run` installs it and sets
KG_REQUIRE_BROWSER=1, under which a missing browser fails the run instead.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.queries import find_query
from kg.sparql import with_values
from kg.store import Store
from tests.serving import Served, copy_store, serving

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / "test-output"
#: The flags the browser runs with here: no sandbox (root in a container), no GPU, and none of its
#: own connections to Google's services, which a closed network refuses.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
         "--no-first-run", "--disable-component-update", "--disable-sync"]
WAIT_MS = 30_000


def chromium() -> str:
    """The system browser's path, or a skip (a failure when KG_REQUIRE_BROWSER is set) saying what is missing."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        message = "Chromium is not installed (Debian: apt-get install chromium); the browser test needs it"
        if os.environ.get("KG_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    return found


@pytest.fixture(scope="module")
def served(example_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with serving(copy_store(example_store, tmp_path_factory.mktemp("browser") / "store")) as server:
        yield server


@pytest.fixture(scope="module")
def expected_sources(example_store: Path, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The sanction sources of Russia as the embedded store lists them, row by row."""
    store = Store.open(str(copy_store(example_store, tmp_path_factory.mktemp("browser-reference") / "store")))
    named = find_query("sanctions-against")
    try:
        rows = list(store.query(with_values(named.text, named.bindings({"target": "Q159"}))))
    finally:
        store.close()
    return [str(row["sourceLabel"]) for row in rows]


@pytest.fixture
def page(served: Served) -> Iterator:
    sync_api = pytest.importorskip("playwright.sync_api")
    executable = chromium()
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=FLAGS, headless=True)
        tab = browser.new_page(viewport={"width": 1400, "height": 900})
        tab.problems = []  # console errors and failed requests: a page that breaks quietly fails the test
        tab.on("console", lambda message: message.type == "error" and tab.problems.append(message.text))
        tab.on("pageerror", lambda error: tab.problems.append(str(error)))
        tab.on("requestfailed", lambda request: tab.problems.append(f"request failed: {request.url}"))
        tab.goto(f"{served.base}/")
        tab.wait_for_selector("body[data-ready=yes]", timeout=WAIT_MS)
        yield tab
        browser.close()


def test_the_page_runs_a_bundled_query_and_shows_the_table(page, expected_sources: list[str]) -> None:
    assert expected_sources, "the example store holds sanctions against Russia"
    page.select_option("#examples", "sanctions-against")
    assert page.input_value("#params input[name=target]") == "Q159"  # the example its description gives
    page.click("#run")
    page.wait_for_selector("#table tbody tr", timeout=WAIT_MS)
    header = page.locator("#table thead th").all_inner_texts()
    column = header.index("sourceLabel")
    shown = [row.locator("td").nth(column).inner_text() for row in page.locator("#table tbody tr").all()]
    assert sorted(shown) == sorted(expected_sources)
    assert page.inner_text("#status").startswith(f"{len(expected_sources)} row")
    assert page.locator("#downloads a").all_inner_texts() == ["CSV", "TSV", "JSON", "XML"]
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "query-page.png"), full_page=True)
    print(f"\nscreenshot of the query page: {SCREENSHOTS / 'query-page.png'}")
    assert page.problems == []


def test_edited_queries_of_every_form_run_as_written_and_an_error_is_shown(page) -> None:
    page.fill("#editor", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#table tbody tr", timeout=WAIT_MS)
    assert int(page.locator("#table tbody td").inner_text()) > 1000
    page.fill("#editor", "ASK { ?s a <https://w3id.org/dipkg/ontology#Event> }")
    page.click("#run")
    page.wait_for_selector("#boolean", timeout=WAIT_MS)
    assert page.inner_text("#boolean") == "Answer: true"
    page.fill("#editor", "CONSTRUCT { ?e a <https://w3id.org/dipkg/ontology#Event> } "
                         "WHERE { ?e a <https://w3id.org/dipkg/ontology#Summit> }")
    page.click("#run")
    page.wait_for_selector("#turtle", timeout=WAIT_MS)
    assert "ontology#Event" in page.inner_text("#turtle") or "dip:Event" in page.inner_text("#turtle")
    assert page.locator("#downloads a").all_inner_texts() == ["Turtle", "N-Triples", "JSON-LD"]
    page.fill("#editor", "SELEC nonsense")
    page.click("#run")
    page.wait_for_selector("#error:not([hidden])", timeout=WAIT_MS)
    assert page.inner_text("#error").startswith("400 Bad Request: SPARQL syntax error")
    assert page.locator("#table").count() == 0
    page.problems = [p for p in page.problems if "400" not in p]  # the browser logs the refused request itself
    assert page.problems == []


def test_the_interactive_network_page_draws_every_state(page, example_store: Path, tmp_path: Path) -> None:
    import kg

    with kg.open(copy_store(example_store, tmp_path / "store")) as graph:
        drawn = graph.plot_network(tmp_path / "network.html")
        actors = {row["aLabel"] for row in graph.query("relation-network")} | {
            row["bLabel"] for row in graph.query("relation-network")}
    page.goto(drawn.as_uri())
    page.wait_for_selector("svg .node", timeout=WAIT_MS)
    assert set(page.locator("svg .node text").all_text_contents()) == actors
    before = page.locator("svg path").count()
    page.uncheck("#controls label:has-text('cooperation') input")  # switch one relation off
    assert 0 < page.locator("svg path").count() < before
    page.screenshot(path=str(SCREENSHOTS / "network-page.png"))
    assert page.problems == []
