"""Korean search, measured on the glossary: every query finds every Korean page that holds the
term, whether it is typed bare or with a particle (관성, 관성을, 관성은), and no page that lacks it.

The queries are the glossary's Korean terms, each bare and with two particles, plus nouns whose
last syllable looks like a particle (속도, 차이, 정도, 한도, 지도): a stripper that cuts 속도 to 속
finds pages that say neither. A page "holds" a term when its text (what Sphinx indexes: the
article, not the navigation) has the term as a word of its own or followed by a particle or
ending from hangul.PARTICLES, a list kept for the tests independently of the site's search
extension. Any returned page must have the term at the start of a word somewhere.

All queries run in one search page through the page's own functions (`Search._parseQuery` and
`Search._performSearch`, what the search box calls); a few also run through the search URL, to
show the two agree.
"""

import pathlib
import re
import sys
from urllib.parse import quote

from bs4 import BeautifulSoup

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "tools"))
sys.path.insert(0, str(ROOT / "book" / "_ext"))
from hangul import PARTICLES, attach
from korean_search import look_up, query_terms
from toc_notebooks import toc_files

SITE = ROOT / "_build" / "html"
GLOSSARY = ROOT / "book" / "ko" / "glossary.md"
HANGUL = re.compile(r"[\uac00-\ud7a3]")
# Nouns that end in a syllable that is also a particle (도, 이): the over-cutting cases.
LOOKALIKE_NOUNS = ["속도", "차이", "정도", "한도", "지도"]
# Two particles per word, rotating so that every common particle is typed somewhere.
PARTICLE_ROTATION = [("을", "은"), ("이", "으로"), ("과", "의"), ("는", "에서"), ("를", "도"), ("가", "에")]
def glossary_terms() -> list[str]:
    """The Korean glossary's terms written in Hangul, in order."""
    text = GLOSSARY.read_text(encoding="utf-8")
    block = text.split(":::{glossary}", 1)[1].split("\n:::", 1)[0]
    heads = [line.strip() for line in block.splitlines() if line.strip() and not line[0].isspace()]
    return [h for h in heads if HANGUL.search(h)]


def queries() -> list[tuple[str, str]]:
    """(query, term) pairs: each term bare and with the two particles of its turn."""
    pairs = []
    for i, term in enumerate(glossary_terms() + LOOKALIKE_NOUNS):
        first, second = PARTICLE_ROTATION[i % len(PARTICLE_ROTATION)]
        pairs += [(term, term), (attach(term, first), term), (attach(term, second), term)]
    return pairs


def page_text(page: str) -> str:
    soup = BeautifulSoup((SITE / f"{page}.html").read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article.bd-article") or soup.body
    for element in article.select("script, style, .headerlink"):
        element.decompose()
    return " ".join(article.get_text(" ").split())


def term_pattern(term: str) -> str:
    return r"(?<!\w)" + r"\s+".join(map(re.escape, term.split()))


def holds(text: str, term: str) -> bool:
    """The term as a word of its own or followed by a particle or ending (must be found)."""
    after = "(?:" + "|".join(PARTICLES) + r")?(?!\w)"
    return re.search(term_pattern(term) + after, text) is not None


def mentions(text: str, term: str) -> bool:
    """The term at the start of a word, whatever follows (a returned page must at least do this)."""
    return re.search(term_pattern(term), text) is not None


def test_the_ground_truth_reads_words_not_substrings():
    text = "속도가 빠르고 관성 계수를 키우면 지도학습 차 이"
    assert holds(text, "속도") and holds(text, "관성 계수") and not holds(text, "속")
    assert not holds(text, "차이") and not holds(text, "지도") and mentions(text, "지도")
    assert not mentions(text, "도가") and not mentions(text, "수를")


# The page's own query path, without rendering: parse (split, stem) then look up.
RUN_QUERY = "q => Search._performSearch(...Search._parseQuery(q)).map(r => r[0])"


def measure(page, queries_and_terms):
    """Run every query in the search page; return (misses, extras, counts) over Korean pages."""
    texts = {p: page_text(p) for p in toc_files()}
    korean = [p for p in texts if p.startswith("book/ko/")]
    misses, extras = [], []
    relevant_total = found_relevant = returned_total = returned_holding = 0
    for query, term in queries_and_terms:
        hits = set(page.evaluate(RUN_QUERY, query))
        relevant = {p for p in korean if holds(texts[p], term)}
        relevant_total += len(relevant)
        found_relevant += len(relevant & hits)
        returned_total += len(hits)
        returned_holding += len({h for h in hits if h in texts and mentions(texts[h], term)})
        if relevant - hits:
            misses.append(f"{query}: missed {sorted(relevant - hits)}")
        wrong = {h for h in hits if h not in texts or not mentions(texts[h], term)}
        if wrong:
            extras.append(f"{query}: returned {sorted(wrong)}, which lack {term!r}")
    return misses, extras, (found_relevant, relevant_total, returned_holding, returned_total)


def open_search(page, site_url, query=""):
    page.goto(f"{site_url}/search.html" + (f"?q={quote(query)}" if query else ""), wait_until="load")
    page.wait_for_function("() => typeof Search !== 'undefined' && Search.hasIndex()", timeout=20_000)


def test_korean_queries_find_every_page_holding_the_term_and_no_other(page_probe, site_url):
    cases = queries()
    assert len(cases) >= 30, f"only {len(cases)} queries"
    open_search(page_probe, site_url)
    misses, extras, (found, relevant, holding, returned) = measure(page_probe, cases)
    print(f"\nKorean search over {len(cases)} queries: recall {found}/{relevant} = {found / relevant:.3f}, "
          f"precision {holding}/{returned} = {holding / max(returned, 1):.3f}")
    print("\n".join(misses + extras))
    assert relevant > len(cases), "the queries hardly hold in any page: the ground truth reads nothing"
    assert not misses, f"{len(misses)} queries missed pages that hold the term:\n" + "\n".join(misses)
    assert not extras, f"{len(extras)} queries returned pages that lack the term:\n" + "\n".join(extras)
    assert page_probe.problems == []


def test_the_search_box_gives_what_the_measurement_gives(page_probe, site_url):
    """The URL route (what a reader's search box does) returns the same pages as the direct calls."""
    for query in ["관성을", "학습률을", "모멘텀은", "기울기가", "속도"]:
        open_search(page_probe, site_url, query)
        direct = set(page_probe.evaluate(RUN_QUERY, query))
        page_probe.wait_for_function(
            "() => { const s = document.querySelector('#search-results .search-summary'); "
            "return s && s.innerText.trim() !== ''; }", timeout=20_000)
        page_probe.wait_for_function(
            "n => document.querySelectorAll('#search-results ul.search li').length === n", arg=len(direct),
            timeout=20_000)
        shown = page_probe.eval_on_selector_all(
            "#search-results ul.search li a", "els => els.map(e => e.getAttribute('href'))")
        shown = {h.split("#")[0].split("?")[0].removesuffix(".html") for h in shown}
        page_probe.wait_for_load_state("networkidle")  # each hit fetches its page for a summary
        assert shown == direct, f"{query}: the page shows {sorted(shown)}, direct calls give {sorted(direct)}"
    assert page_probe.problems == []


def test_the_page_stems_queries_as_the_index_does(page_probe, site_url):
    """The page's JavaScript stems every word of the Korean pages, and splits every query of the
    measurement, exactly as the Python rule that built the index; and the index holds each stem."""
    open_search(page_probe, site_url)
    known = set(page_probe.evaluate("() => Object.keys(KOREAN_SEARCH.known)"))
    phrases = [tuple(p) for p in page_probe.evaluate("() => KOREAN_SEARCH.phrases")]
    assert len(known) > 300 and phrases, "the search page did not get the book's vocabulary"
    words = sorted({w.lower() for p in toc_files() if p.startswith("book/ko/")
                    for w in re.findall(r"\w+", page_text(p)) if HANGUL.search(w)})
    page_stems = page_probe.evaluate("ws => { const s = new Stemmer(); return ws.map(w => s.stemWord(w)); }", words)
    differ = [(w, js) for w, js in zip(words, page_stems, strict=True) if js != look_up(w, known)]
    assert not differ, f"{len(differ)} words stemmed differently by the page: {differ[:10]}"
    # Words the index holds as written (not interface text added to the page after indexing)
    # must have their stem in the index too.
    unindexed = page_probe.evaluate(
        "pairs => { const has = w => (w in Search._index.terms) || (w in Search._index.titleterms); "
        "return pairs.filter(([w, s]) => has(w) && !has(s)); }",
        [list(pair) for pair in zip(words, page_stems, strict=True)])
    assert not unindexed, f"stems the index lacks: {unindexed[:10]}"
    cases = [q for q, _ in queries()]
    page_terms = page_probe.evaluate(
        "qs => { const s = new Stemmer(); return qs.map(q => splitQuery(q).map(t => s.stemWord(t.toLowerCase()))); }",
        cases)
    differ = [(q, js) for q, js in zip(cases, page_terms, strict=True) if js != query_terms(q, known, phrases)]
    assert not differ, f"queries split differently by the page: {differ[:10]}"
    assert page_probe.problems == []
