"""The built site in a real browser: every page loads cleanly offline, math renders, images
decode, the language switch finds each page's twin, Korean and English search work, and the
interactive figure responds to its slider."""

import html
import json
import pathlib
import re
from urllib.parse import quote

import pytest
from checks import (
    DUPLICATE_IDS,
    ENGLISH_INTERFACE,
    FIGURE_ALT,
    FIRST_LOAD,
    LINE_STARTS,
    NAMES,
    OPAQUE_ANCHORS,
    READING_AREAS,
    UNMARKED_LANGUAGE,
    axe_violations,
    phone_audit,
)
from pages import (
    EDITION_PAGES,
    KOREAN_PAGES,
    PAGES,
    ROOT,
    SCREENSHOTS,
    SITE,
    built_html,
    language_of,
    report,
    site_files,
    twin_of,
)

PAGE_BUDGET = 2_000_000  # a page's first load: HTML, styles, scripts, fonts, math and figures
SITE_BUDGET = 12_000_000


def has_math(page: str) -> bool:
    sources = [p for p in (ROOT / page).parent.glob(pathlib.Path(page).name + ".*")
               if p.suffix in (".md", ".ipynb")]
    return any("$" in p.read_text(encoding="utf-8") for p in sources)


def page_audit(page, name: str) -> dict[str, list]:
    """What a loaded page gets wrong for its readers, by kind; empty lists when it is right."""
    lang = language_of(name)
    found = {
        "duplicate ids": page.evaluate(DUPLICATE_IDS),
        "opaque section anchors": page.evaluate(OPAQUE_ANCHORS),
        "figures without a description": page.evaluate(FIGURE_ALT, lang),
        "text not marked with its language": page.evaluate(UNMARKED_LANGUAGE),
        "lines that start badly at 1366 px": page.evaluate(LINE_STARTS, READING_AREAS),
    }
    if lang == "ko":
        found["English interface words"] = page.evaluate(ENGLISH_INTERFACE, NAMES)
    violations = axe_violations(page)
    report("axe", name, violations)
    found["axe-core violations"] = [f"{v['id']} ({v['impact']}) ×{v['nodes']}: {v['where']}"
                                    for v in violations]
    return found


@pytest.mark.parametrize("page", PAGES)
def test_page_works_offline(page_probe, site_url, page):
    """One visit per page, at 1366 × 900 with an empty cache: it loads with no console error,
    failed or external request; its first load stays within the budget and fetches the search
    index only on the search page; its images decode; its math is typeset by the bundled
    MathJax; its source downloads; code cells get copy buttons; in an edition, it is served in
    its language and its language link points to the twin page (followed by a click in another
    test); and the audit (ids, anchors, figure descriptions, language marks, line starts,
    interface words, axe-core) finds nothing, at 1366 px and then narrowed to a phone's 390 px
    (page width, wide equations, line starts)."""
    page_probe.goto(f"{site_url}/{page}.html", wait_until="load")
    assert page_probe.title()
    if has_math(page):
        page_probe.wait_for_selector("mjx-container", state="attached", timeout=20_000)
        page_probe.evaluate("MathJax.startup.promise")
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
        edition = language_of(page)
        assert page_probe.get_attribute("html", "lang") == edition
        link = page_probe.locator("a.language-link")
        assert link.count() == 1
        href = link.evaluate("a => a.href.split('#')[0]")  # resolved against the page, as a click would
        assert href == f"{site_url}/{twin_of(page)}.html"
        assert page_probe.request.get(href).ok  # the twin's own visit checks its language
    page_probe.wait_for_load_state("networkidle")
    load = page_probe.evaluate(FIRST_LOAD)
    report("weight", page, {k: v for k, v in load.items() if k != "files"})
    heaviest = sorted(load["files"], key=lambda f: -f[1])[:5]
    found = {
        "console or network problems": page_probe.problems,
        "first load over budget": [f"{load['bytes'] / 1e6:.2f} MB: {heaviest}"]
                                  if load["bytes"] > PAGE_BUDGET else [],
        "search index loaded outside the search page": [f for f, _ in load["files"]
                                                        if f.endswith("searchindex.js")],
        **page_audit(page_probe, page),
        **phone_audit(page_probe),
    }
    wrong = {kind: items for kind, items in found.items() if items}
    assert not wrong, json.dumps(wrong, ensure_ascii=False, indent=1)


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


def test_built_site_weight():
    """The website a host serves, within its budget: every file of the build but the PDF
    editions, which `make pdf` adds to it as downloads (tests/test_pdf.py holds their sizes; the
    run's summary prints them)."""
    files = site_files()
    total = sum(f.stat().st_size for f in files)
    heaviest = sorted(files, key=lambda f: -f.stat().st_size)[:5]
    assert total <= SITE_BUDGET, (
        f"the site weighs {total / 1e6:.1f} MB without the PDF editions; heaviest files: "
        f"{[(str(f.relative_to(SITE)), f.stat().st_size) for f in heaviest]}")


CHROME = {"en": ["Back to top", "Skip to main content", "Contents", "Print to PDF", "previous", "next"],
          "ko": ["맨 위로", "본문으로 건너뛰기", "목차", "PDF로 인쇄", "이전", "다음"]}


@pytest.mark.parametrize("page", KOREAN_PAGES)
def test_korean_pages_have_korean_interface(page):
    """The theme's words around a Korean page are Korean; its English twin keeps English."""
    # Keep only what surrounds the text, without class names ("prev-next-area" is not "next").
    chrome = r'<article.*?</article>|<script.*?</script>|class="[^"]*"'
    korean, english = built_html(page, chrome), built_html(page.replace("book/ko/", "book/en/"), chrome)
    pairs = [(en, ko) for en, ko in zip(CHROME["en"], CHROME["ko"], strict=True) if en in english]
    assert len(pairs) >= 4, f"the English page lacks the theme's usual words: {pairs}"
    assert [ko for en, ko in pairs if ko not in korean] == []
    assert [en for en, ko in pairs[:4] if en in korean] == []
