"""Serve the built site on localhost and drive Debian's Chromium through Playwright.

The site must be built first (`make test` builds it in the stage before; alone: `make book`); a bare
`pytest` without a built site skips these tests and says so, `make test-browser` fails instead.
Playwright's own browser download does not work on these machines, so the system Chromium is
used. Without a browser the tests skip and say so, except under CI, where they must run.
"""

import functools
import http.server
import os
import pathlib
import shutil
import sys
import threading

import pytest
from pages import REPORTS, SITE, pdf_editions, read_reports, site_files

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1366, "height": 900}}
# When the last formula appeared on the page (MathJax puts each in an <mjx-container>).
TIME_MATH = """
new MutationObserver(records => {
  if (records.some(r => [...r.addedNodes].some(n => n.nodeName === "MJX-CONTAINER"))) {
    window.mathTypesetAt = performance.now();
  }
}).observe(document, {childList: true, subtree: true});
"""
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]


def chromium_path():
    for candidate in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if candidate and shutil.which(candidate):
            return shutil.which(candidate)
    return None


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


NOT_BUILT = "the site is not built: run `make book` first; browser tests not run"


def pytest_collection_modifyitems(config, items):
    """Without a built site, skip every browser test (a bare `pytest`), unless the caller
    requires the site (`make test-browser` sets MOMENTUM_REQUIRE_SITE), where they must fail."""
    if (SITE / "index.html").exists() or os.environ.get("MOMENTUM_REQUIRE_SITE"):
        return
    here = pathlib.Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.skip(reason=NOT_BUILT))


class QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A page closed while a file was on its way: not the site's fault.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture(scope="session")
def site_url():
    if not (SITE / "index.html").exists():
        pytest.fail(NOT_BUILT)
    handler = functools.partial(QuietHandler, directory=str(SITE))
    server = QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        message = "no Chromium on this machine (apt-get install chromium); browser tests not run"
        if os.environ.get("CI"):
            pytest.fail(message + " — under CI they must run")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


def open_probe(browser, site_url, **context_options):
    """A fresh page (empty cache) that records console errors, failed requests and any request
    that leaves localhost (those are aborted: the site must work offline).

    A request the browser cancels because the reader left the page (a click on a link while a
    font was still on its way) fails with net::ERR_ABORTED once the next page's request has gone
    out: that is the browser's doing, not the site's, and is not counted. Every other failure
    is, an ERR_ABORTED within one page included; a missing file is a 404, counted too."""
    context = browser.new_context(**context_options)
    page = context.new_page()
    problems = []
    # Main-frame navigations asked for, the one whose page is shown, and the page each request
    # was made by (a request made while the next page is on its way is still the old page's).
    pages = {"asked": 0, "shown": 0, "of": {}}

    def on_request(r):
        if r.is_navigation_request() and r.frame == page.main_frame:
            pages["asked"] += 1
        else:
            pages["of"][r] = pages["shown"]

    def on_navigated(frame):
        if frame == page.main_frame:
            pages["shown"] = pages["asked"]

    def on_failed(r):
        left_behind = r in pages["of"] and pages["of"][r] < pages["asked"]
        if not (r.failure == "net::ERR_ABORTED" and left_behind):
            problems.append(f"failed request: {r.url} ({r.failure})")

    def route(r):
        if r.request.url.startswith(site_url) or r.request.url.startswith("data:"):
            r.continue_()
        else:
            problems.append(f"external request: {r.request.url}")
            r.abort()

    page.add_init_script(TIME_MATH)
    page.route("**/*", route)
    page.on("console", lambda m: m.type == "error" and problems.append(f"console error: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("request", on_request)
    page.on("framenavigated", on_navigated)
    page.on("requestfailed", on_failed)
    page.on("response", lambda r: r.status >= 400 and problems.append(f"HTTP {r.status}: {r.url}"))
    page.problems = problems
    return page


@pytest.fixture
def page_probe(browser, site_url):
    """A desktop-sized page (1366 × 900)."""
    page = open_probe(browser, site_url, **DESKTOP)
    yield page
    page.context.close()


@pytest.fixture
def phone_probe(browser, site_url):
    """A phone: 390 × 844 CSS pixels, touch, a mobile browser's viewport rules."""
    page = open_probe(browser, site_url, **PHONE)
    yield page
    page.context.close()


def pytest_sessionstart(session):
    if not hasattr(session.config, "workerinput"):  # the controller, before any worker writes
        for kind in ("weight", "axe"):
            shutil.rmtree(REPORTS / kind, ignore_errors=True)


def pytest_terminal_summary(terminalreporter, config):
    if hasattr(config, "workerinput"):
        return
    weights, audits = read_reports("weight"), read_reports("axe")
    if weights:
        rows = sorted(weights.items(), key=lambda kv: -kv[1]["bytes"])
        terminalreporter.section("first load of each page (uncompressed)")
        for name, w in rows:
            math = f"{w['math_ms']:>6} ms" if w["math_ms"] is not None else "     —   "
            terminalreporter.write_line(
                f"{name:<48} {w['bytes'] / 1e6:6.2f} MB {w['requests']:>3} requests "
                f"load {w['load_ms']:>5} ms  math typeset {math}")
        total = sum(f.stat().st_size for f in site_files())
        pdfs = ", ".join(f"{f.name} {f.stat().st_size / 1e6:.1f} MB" for f in pdf_editions())
        terminalreporter.write_line(f"built site: {total / 1e6:.1f} MB without the PDF editions"
                                    f" ({pdfs or 'not built'})")
    if audits:
        nodes = sum(v["nodes"] for a in audits.values() for v in a)
        rules = sorted({v["id"] for a in audits.values() for v in a})
        terminalreporter.section("axe-core audit")
        terminalreporter.write_line(
            f"{len(audits)} pages, {nodes} violating elements, rules: {rules or 'none'}")
