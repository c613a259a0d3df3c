"""The built site in a real browser: every page loads cleanly offline, math renders, images
decode, the language switch finds each page's twin, Korean and English search work, and the
interactive figure responds to its slider."""

import html
import pathlib
import re
import sys
from urllib.parse import quote

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "tools"))
from toc_notebooks import toc_files  # noqa: E402

SITE = ROOT / "_build" / "html"
PAGES = toc_files()
EDITION_PAGES = [p for p in PAGES if p.startswith(("book/ko/", "book/en/"))]
SCREENSHOTS = ROOT / "_build" / "screenshots"
PAGE_BUDGET = 2 * 1024 * 1024


def built_html(page: str, drop: str = r"<script.*?</script>|<style.*?</style>") -> str:
    """The built page's HTML with the parts matching ``drop`` blanked out."""
    return re.sub(drop, " ", (SITE / f"{page}.html").read_text(encoding="utf-8"), flags=re.S)


def has_math(page: str) -> bool:
    sources = [p for p in (ROOT / page).parent.glob(pathlib.Path(page).name + ".*")
               if p.suffix in (".md", ".ipynb")]
    return any("$" in p.read_text(encoding="utf-8") for p in sources)


@pytest.mark.parametrize("page", PAGES)
def test_page_works_offline(page_probe, site_url, page):
    """One visit per page: it loads with no console error, failed or external request; its
    images decode; its math is typeset by the bundled MathJax; its source downloads; code
    cells get copy buttons; and, in an edition, it is served in its language and its language
    link points to the twin page (followed by a click in the next test)."""
    page_probe.goto(f"{site_url}/{page}.html", wait_until="load")
    assert page_probe.title()
    if has_math(page):
        page_probe.wait_for_selector("mjx-container", state="attached", timeout=20_000)
        assert page_probe.locator("mjx-merror").count() == 0, "MathJax reported a TeX error"
    images = page_probe.eval_on_selector_all(
        "img", "els => els.map(e => [e.getAttribute('src'), e.complete && e.naturalWidth > 0])")
    assert all(ok for _, ok in images), f"images that did not decode: {[s for s, ok in images if not ok]}"
    downloads = page_probe.eval_on_selector_all("a[href*='_sources/']", "els => els.map(e => e.href)")
    assert downloads, "no download link for the page's source"
    assert all(page_probe.request.get(url).ok for url in downloads), f"broken download link in {downloads}"
    if page.endswith(tuple(p.stem for p in (ROOT / "book").rglob("*.ipynb"))):
        page_probe.wait_for_selector("button.copybtn", state="attached", timeout=10_000)
    if page in EDITION_PAGES:
        edition = page.split("/")[1]
        other = "en" if edition == "ko" else "ko"
        assert page_probe.get_attribute("html", "lang") == edition
        link = page_probe.locator("a.language-link")
        assert link.count() == 1
        href = link.evaluate("a => a.href")  # resolved against the page, as a click would
        assert href == f"{site_url}/{page.replace(f'/{edition}/', f'/{other}/')}.html"
        assert page_probe.request.get(href).ok  # the twin's own visit checks its language
    page_probe.wait_for_load_state("networkidle")
    assert page_probe.problems == []


@pytest.mark.parametrize("start, twin", [("ko", "en"), ("en", "ko")])
def test_clicking_the_language_link_opens_the_twin(page_probe, site_url, start, twin):
    page_probe.goto(f"{site_url}/book/{start}/03_terminal_momentum.html", wait_until="domcontentloaded")
    page_probe.locator("a.language-link").click()
    page_probe.wait_for_load_state("domcontentloaded")
    assert page_probe.url == f"{site_url}/book/{twin}/03_terminal_momentum.html"
    assert page_probe.get_attribute("html", "lang") == twin


def test_landing_page_offers_both_editions(page_probe, site_url):
    page_probe.goto(f"{site_url}/book/index.html", wait_until="domcontentloaded")
    hrefs = page_probe.eval_on_selector_all("a.sd-stretched-link", "els => els.map(e => e.getAttribute('href'))")
    assert any("ko/00_preface" in h for h in hrefs) and any("en/00_preface" in h for h in hrefs)


def search(page, site_url, query):
    page.goto(f"{site_url}/search.html?q={quote(query)}", wait_until="networkidle")
    page.wait_for_function(
        "() => { const s = document.querySelector('#search-results'); "
        "return s && s.querySelector('p.search-summary, .search-summary') && "
        "!/Searching|검색 중/.test(s.innerText.split('\\n')[0]); }",
        timeout=20_000,
    )
    return page.eval_on_selector_all("#search-results ul.search li a", "els => els.map(e => e.getAttribute('href'))")


# Common particles and endings, listed here independently of the site's splitter.
PARTICLES = ("이", "가", "을", "를", "은", "는", "의", "에", "로", "으로", "와", "과", "도", "에서",
             "합니다", "하고", "하는", "하면", "한다", "할", "한")


def pages_writing_only_inflected(word: str) -> list[str]:
    """Korean pages whose text holds `word` only with a particle or ending attached (관성이,
    수렴합니다), never alone: the pages Sphinx's own search would miss."""
    found = []
    for page in EDITION_PAGES:
        if not page.startswith("book/ko/"):
            continue
        text = html.unescape(built_html(page, r"<script.*?</script>|<style.*?</style>|<[^>]+>"))
        words = set(re.findall(r"\w+", text))
        if word not in words and any(word + p in words for p in PARTICLES):
            found.append(page)
    return found


# Two-syllable terms: Sphinx's search matches parts of words only for queries longer than two
# characters, so for these a page that writes only 수렴합니다 or 관성이 is found only through the
# particle splitter. Which of them a page writes only inflected changes as the prose changes.
SHORT_TERMS = ["관성", "수렴", "발산", "진동", "감쇠", "곡률", "잡음", "궤적"]


def test_korean_search_finds_words_inside_particles(page_probe, site_url):
    cases = {w: pages for w in SHORT_TERMS if (pages := pages_writing_only_inflected(w))}
    assert cases, f"no page writes any of {SHORT_TERMS} only with a particle; this test needs other words"
    for word, inflected_only in list(cases.items())[:2]:
        hits = search(page_probe, site_url, word)
        pages = {h.split("?")[0].split("#")[0].removesuffix(".html").lstrip("./") for h in hits}
        missed = [p for p in inflected_only if p not in pages]
        assert not missed, f"searching {word} missed pages that write it only with a particle: {missed}"
    hits = search(page_probe, site_url, "관성")
    assert [h for h in hits if "book/ko/" in h and "glossary" not in h], f"searching 관성 found no chapter: {hits}"
    assert page_probe.problems == []


def test_english_search_finds_chapters(page_probe, site_url):
    hits = search(page_probe, site_url, "momentum")
    assert [h for h in hits if "book/en/" in h], f"searching momentum found no English page: {hits}"


def test_interactive_figure_slider_changes_the_frame(page_probe, site_url):
    page_probe.goto(f"{site_url}/book/en/02_momentum.html", wait_until="networkidle")
    slider = page_probe.locator(".momentum-slider input.slider").first
    path = page_probe.locator(".momentum-slider polyline.path").first
    before = path.get_attribute("points")
    label_before = page_probe.locator(".momentum-slider .value").first.inner_text()
    slider.focus()
    page_probe.keyboard.press("End")
    after, label_after = path.get_attribute("points"), page_probe.locator(".momentum-slider .value").first.inner_text()
    assert before != after and label_before != label_after
    assert page_probe.problems == []


@pytest.mark.parametrize("edition", ["ko", "en"])
def test_screenshot_of_terminal_momentum(page_probe, site_url, edition):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page_probe.goto(f"{site_url}/book/{edition}/03_terminal_momentum.html", wait_until="networkidle")
    page_probe.wait_for_selector("mjx-container", state="attached", timeout=20_000)
    target = SCREENSHOTS / f"{edition}_03_terminal_momentum.png"
    page_probe.screenshot(path=str(target), full_page=True)
    assert target.stat().st_size > 10_000


def own_weight(page: str) -> int:
    """The page's HTML plus the images it references from the build (theme assets aside)."""
    html_path = SITE / f"{page}.html"
    size = html_path.stat().st_size
    for src in set(re.findall(r'<img[^>]+src="([^"]+)"', html_path.read_text(encoding="utf-8"))):
        if not src.startswith("data:"):
            f = (html_path.parent / src).resolve()
            if f.is_file():
                size += f.stat().st_size
    return size


@pytest.mark.parametrize("page", PAGES)
def test_page_weight_budget(page):
    assert own_weight(page) <= PAGE_BUDGET, f"{page} weighs {own_weight(page) / 1e6:.2f} MB"


def test_report_site_weight():
    total = sum(f.stat().st_size for f in SITE.rglob("*") if f.is_file())
    heaviest = max(PAGES, key=own_weight)
    print(f"\nsite: {len(PAGES)} pages, {total / 1e6:.1f} MB in all; "
          f"heaviest page {heaviest} at {own_weight(heaviest) / 1e6:.2f} MB")
    assert total > 0


CHROME = {"en": ["Back to top", "Skip to main content", "Contents", "Print to PDF", "previous", "next"],
          "ko": ["맨 위로", "본문으로 건너뛰기", "목차", "PDF로 인쇄", "이전", "다음"]}


@pytest.mark.parametrize("page", [p for p in EDITION_PAGES if p.startswith("book/ko/")])
def test_korean_pages_have_korean_interface(page):
    """The theme's words around a Korean page are Korean; its English twin keeps English."""
    chrome = r"<article.*?</article>|<script.*?</script>"  # keep only what surrounds the text
    korean, english = built_html(page, chrome), built_html(page.replace("book/ko/", "book/en/"), chrome)
    pairs = [(en, ko) for en, ko in zip(CHROME["en"], CHROME["ko"], strict=True) if en in english]
    assert len(pairs) >= 4, f"the English page lacks the theme's usual words: {pairs}"
    assert [ko for en, ko in pairs if ko not in korean] == []
    assert [en for en, ko in pairs[:4] if en in korean] == []
