"""The site served from a sub-path, as GitHub Pages serves a project (https://USER.github.io/REPO/):
every link and asset must be relative. The server here answers only under /momentum/; conftest's
page_probe aborts and reports any request that leaves it (a link to the server's root)."""

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
    """Serves SITE under PREFIX only; everything else is 404."""

    def translate_path(self, path):
        parts = urlsplit(path)
        if parts.path != PREFIX and not parts.path.startswith(PREFIX + "/"):
            return str(SITE / "__outside_the_sub_path__")
        return super().translate_path(parts.path[len(PREFIX) :] or "/")

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site_url():
    """Overrides conftest's server for this module: the site under PREFIX only. conftest's
    page_probe then records any 404, and any request outside the sub-path as external."""
    if not (SITE / "index.html").exists():
        pytest.fail("the site is not built: run `make book` first")
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(SubPathHandler, directory=str(SITE))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    server.shutdown()


def links_on(p) -> list[str]:
    return p.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")


def outside_the_sub_path(urls: list[str], site_url: str) -> list[str]:
    host = site_url[: -len(PREFIX)]
    return [u for u in urls if u.startswith(host) and not u.startswith(site_url + "/")]


def test_no_link_or_asset_points_at_the_server_root():
    """Static scan: no href/src/action in any built page, no url() in any stylesheet, starts with
    a single slash (which would leave the sub-path)."""
    absolute = re.compile(r"""(?:href|src|action)\s*=\s*["']/(?!/)[^"']*|url\(\s*["']?/(?!/)""")
    found = []
    for path in SITE.rglob("*"):
        if path.suffix in (".html", ".css"):
            found += [
                f"{path.relative_to(SITE)}: {m}" for m in absolute.findall(path.read_text(encoding="utf-8"))
            ]
    assert found == []


def test_landing_page_under_the_sub_path(page_probe, site_url):
    page_probe.goto(site_url + "/", wait_until="networkidle")  # index.html forwards to book/index.html
    assert page_probe.url == f"{site_url}/book/index.html"
    hrefs = links_on(page_probe)
    for edition in ("ko", "en"):
        assert f"{site_url}/book/{edition}/00_preface.html" in hrefs
        pdf = f"{site_url}/pdf/momentum-{edition}.pdf"
        assert pdf in hrefs, f"the landing page does not link {pdf}"
        if (SITE / "pdf" / f"momentum-{edition}.pdf").exists():  # make pdf runs before this stage
            response = page_probe.request.get(pdf)
            assert response.ok and response.headers["content-type"] == "application/pdf"
    assert outside_the_sub_path(hrefs, site_url) == []
    assert page_probe.problems == []


@pytest.mark.parametrize("edition", ["ko", "en"])
def test_a_chapter_of_each_edition_under_the_sub_path(page_probe, site_url, edition):
    page_probe.goto(f"{site_url}/book/{edition}/03_terminal_momentum.html", wait_until="networkidle")
    page_probe.wait_for_selector("mjx-container", state="attached", timeout=20_000)
    broken = page_probe.eval_on_selector_all(
        "img", "els => els.filter(e => !(e.complete && e.naturalWidth)).map(e => e.src)"
    )
    assert broken == []
    hrefs = links_on(page_probe)
    assert f"{site_url}/book/{edition}/04_flat_regions_and_local_minima.html" in hrefs  # "next"
    assert outside_the_sub_path(hrefs, site_url) == []
    assert page_probe.problems == []


def test_search_under_the_sub_path(page_probe, site_url):
    page_probe.goto(f"{site_url}/search.html?q={quote('momentum')}", wait_until="networkidle")
    page_probe.wait_for_selector("#search-results ul.search li a", timeout=20_000)
    hits = page_probe.eval_on_selector_all("#search-results ul.search li a", "els => els.map(e => e.href)")
    assert any("/book/en/" in h for h in hits), hits
    assert outside_the_sub_path(hits, site_url) == []
    first = unquote(hits[0].split("#")[0].split("?")[0])
    assert page_probe.request.get(first).ok, f"the first hit {first} does not load"
    assert page_probe.problems == []


@pytest.mark.parametrize("start, twin", [("ko", "en"), ("en", "ko")])
def test_language_switch_under_the_sub_path(page_probe, site_url, start, twin):
    page_probe.goto(f"{site_url}/book/{start}/02_momentum.html", wait_until="domcontentloaded")
    page_probe.locator("a.language-link").click()
    page_probe.wait_for_load_state("networkidle")
    assert page_probe.url == f"{site_url}/book/{twin}/02_momentum.html"
    assert page_probe.get_attribute("html", "lang") == twin
    assert page_probe.problems == []
