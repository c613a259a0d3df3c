"""The site served from a sub-path, as GitHub Pages serves a project (https://USER.github.io/REPO/):
every link and asset must be relative. The server here answers only under /momentum/, so a
link to the server's root gets a 404 and fails the page that asked for it."""

from __future__ import annotations

import functools
import http.server
import pathlib
import re
import threading
from urllib.parse import quote, unquote, urlsplit

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SITE = ROOT / "_build" / "html"
PREFIX = "/momentum"


class SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves SITE under PREFIX only; everything else is 404, as on a project page."""

    def translate_path(self, path):
        parts = urlsplit(path)
        if parts.path != PREFIX and not parts.path.startswith(PREFIX + "/"):
            return str(SITE / "__outside_the_sub_path__")
        return super().translate_path(parts.path[len(PREFIX):] or "/")

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def subpath_url():
    if not (SITE / "index.html").exists():
        pytest.fail("the site is not built: run `make book` first")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(SubPathHandler, directory=str(SITE)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    server.shutdown()


@pytest.fixture
def page(browser, subpath_url):
    """A page that records every failed, outside or 404 request and console error."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    p = context.new_page()
    problems = []
    host = subpath_url[: -len(PREFIX)]

    def route(r):
        if r.request.url.startswith(host) or r.request.url.startswith("data:"):
            r.continue_()
        else:
            problems.append(f"external request: {r.request.url}")
            r.abort()

    p.route("**/*", route)
    p.on("console", lambda m: m.type == "error" and problems.append(f"console error: {m.text}"))
    p.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    p.on("requestfailed", lambda r: problems.append(f"failed request: {r.url}"))
    p.on("response", lambda r: r.status >= 400 and problems.append(f"HTTP {r.status}: {r.url}"))
    p.problems = problems
    yield p
    context.close()


def links_on(p) -> list[str]:
    return p.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")


def outside_the_sub_path(urls: list[str], subpath_url: str) -> list[str]:
    host = subpath_url[: -len(PREFIX)]
    return [u for u in urls if u.startswith(host) and not u.startswith(subpath_url + "/")]


def test_no_link_or_asset_points_at_the_server_root():
    """Static scan: no href/src/action in any built page, no url() in any stylesheet, starts with
    a single slash (which would leave the sub-path)."""
    absolute = re.compile(r"""(?:href|src|action)\s*=\s*["']/(?!/)[^"']*|url\(\s*["']?/(?!/)""")
    found = []
    for path in SITE.rglob("*"):
        if path.suffix in (".html", ".css"):
            found += [f"{path.relative_to(SITE)}: {m}" for m in absolute.findall(path.read_text(encoding="utf-8"))]
    assert found == []


def test_landing_page_under_the_sub_path(page, subpath_url):
    page.goto(subpath_url + "/", wait_until="networkidle")  # index.html forwards to book/index.html
    assert page.url == f"{subpath_url}/book/index.html"
    hrefs = links_on(page)
    for edition in ("ko", "en"):
        assert f"{subpath_url}/book/{edition}/00_preface.html" in hrefs
        pdf = f"{subpath_url}/pdf/momentum-{edition}.pdf"
        assert pdf in hrefs, f"the landing page does not link {pdf}"
        if (SITE / "pdf" / f"momentum-{edition}.pdf").exists():  # make pdf runs before this stage
            response = page.request.get(pdf)
            assert response.ok and response.headers["content-type"] == "application/pdf"
    assert outside_the_sub_path(hrefs, subpath_url) == []
    assert page.problems == []


@pytest.mark.parametrize("edition", ["ko", "en"])
def test_a_chapter_of_each_edition_under_the_sub_path(page, subpath_url, edition):
    page.goto(f"{subpath_url}/book/{edition}/03_terminal_momentum.html", wait_until="networkidle")
    page.wait_for_selector("mjx-container", state="attached", timeout=20_000)
    broken = page.eval_on_selector_all("img", "els => els.filter(e => !(e.complete && e.naturalWidth)).map(e => e.src)")
    assert broken == []
    hrefs = links_on(page)
    assert f"{subpath_url}/book/{edition}/04_flat_regions_and_local_minima.html" in hrefs  # "next"
    assert outside_the_sub_path(hrefs, subpath_url) == []
    assert page.problems == []


def test_search_under_the_sub_path(page, subpath_url):
    page.goto(f"{subpath_url}/search.html?q={quote('momentum')}", wait_until="networkidle")
    page.wait_for_selector("#search-results ul.search li a", timeout=20_000)
    hits = page.eval_on_selector_all("#search-results ul.search li a", "els => els.map(e => e.href)")
    assert any("/book/en/" in h for h in hits), hits
    assert outside_the_sub_path(hits, subpath_url) == []
    first = unquote(hits[0].split("#")[0].split("?")[0])
    assert page.request.get(first).ok, f"the first hit {first} does not load"
    assert page.problems == []


@pytest.mark.parametrize("start, twin", [("ko", "en"), ("en", "ko")])
def test_language_switch_under_the_sub_path(page, subpath_url, start, twin):
    page.goto(f"{subpath_url}/book/{start}/02_momentum.html", wait_until="domcontentloaded")
    page.locator("a.language-link").click()
    page.wait_for_load_state("networkidle")
    assert page.url == f"{subpath_url}/book/{twin}/02_momentum.html"
    assert page.get_attribute("html", "lang") == twin
    assert page.problems == []
