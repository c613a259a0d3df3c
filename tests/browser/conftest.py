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
import threading

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SITE = ROOT / "_build" / "html"
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


@pytest.fixture(scope="session")
def site_url():
    if not (SITE / "index.html").exists():
        pytest.fail(NOT_BUILT)
    handler = functools.partial(QuietHandler, directory=str(SITE))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
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


@pytest.fixture
def page_probe(browser, site_url):
    """A fresh page that records console errors, failed requests and any request that leaves
    localhost (those are aborted: the site must work offline)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems = []

    def route(r):
        if r.request.url.startswith(site_url) or r.request.url.startswith("data:"):
            r.continue_()
        else:
            problems.append(f"external request: {r.request.url}")
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: m.type == "error" and problems.append(f"console error: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"failed request: {r.url}"))
    page.on("response", lambda r: r.status >= 400 and problems.append(f"HTTP {r.status}: {r.url}"))
    page.problems = problems
    yield page
    context.close()
