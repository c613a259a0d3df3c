"""The glossary's promise, checked in the sources: in each Korean chapter, the first use of every
glossary term carries its English in parentheses right after it (모멘텀(momentum)은,
`{term}`관성 계수`(momentum coefficient)를`, 수렴(convergence)합니다).

A use is the term as a word of its own or followed by a particle or ending (hangul.PARTICLES), in
the chapter's prose: headings, code, math and reference targets do not count, and a term inside a
longer glossary term (학습률 in 유효 학습률) is that longer term's use. A term that already holds its
English (Adam 옵티마이저) needs no gloss. A quotation in double quotes ("기울기가 0인 곳에서도 …")
is the study note's words or a claim put to the test, not the book's: glossing inside it would
change the quotation, so its words are not uses. A quoted bare term ("모멘텀") is the book naming
the term and still is one.
"""

import json
import pathlib
import re
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "tools"))
from hangul import PARTICLES
from toc_notebooks import toc_files

GLOSSARY = ROOT / "book" / "ko" / "glossary.md"
NOT_CHAPTERS = ("glossary", "references")
CHAPTERS = [p for p in toc_files() if p.startswith("book/ko/") and not p.endswith(NOT_CHAPTERS)]
HANGUL = re.compile(r"[\uac00-\ud7a3]")
QUOTATION = re.compile(r'"([^"\n]*)"|“([^”\n]*)”')


def glossary_entries(text: str) -> dict[str, str]:
    """Korean term → the English that opens its definition ("gradient descent. 기울기의 …").
    Another name that the glossary lists only to point to this book's term ("관성 계수의 다른
    이름") is left out: the prose does not use it (tests/test_book_structure.py)."""
    block = text.split(":::{glossary}", 1)[1].split("\n:::", 1)[0]
    entries, term = {}, None
    for line in block.splitlines():
        if line.strip() and not line[0].isspace():
            term = line.strip()
        elif term and line.strip() and term not in entries and "다른 이름" not in line:
            entries[term] = line.strip().split(". ", 1)[0].rstrip(".")
    return entries


def markdown(page: str) -> str:
    nb = json.loads((ROOT / f"{page}.ipynb").read_text(encoding="utf-8"))
    return "\n\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


def prose(md: str) -> str:
    """The running text of a chapter's markdown, as a reader meets it."""
    md = re.sub(r"^(```+)\s*(\{math\}|[^{\s][^\n]*|)\n.*?^\1\s*$", " ", md, flags=re.S | re.M)  # code, math
    md = re.sub(r"^\s*:[\w-]+:.*$", " ", md, flags=re.M)  # directive options (:label:, :class:)
    md = re.sub(r"^(```+|:::+).*$", " ", md, flags=re.M)  # directive fences: their content stays
    md = re.sub(r"^#+ .*$", " ", md, flags=re.M)  # headings
    md = re.sub(r"\$\$.*?\$\$", " ", md, flags=re.S)
    md = re.sub(r"\$[^$\n]+\$", " ", md)
    md = re.sub(r"\{term\}`([^`<]*?)(?:\s*<[^>]*>)?`", r"\1", md)  # a term shows its text
    md = re.sub(r"\{doc\}`([^`<]*?)\s*<[^>]*>`", r"\1", md)  # an explicit title shows
    md = re.sub(r"\{[\w:-]+\}`[^`]*`", " ", md)  # other roles show what the source does not say
    md = re.sub(r"`[^`]*`", " ", md)
    md = re.sub(r"\{\{.*?\}\}", " ", md)
    md = re.sub(r"<[^>]+>", " ", md)
    return re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", md)


def uses(text: str, term: str) -> list[re.Match]:
    words = r"\s+".join(map(re.escape, term.split()))
    after = "(?:" + "|".join(PARTICLES) + r")?(?!\w)"
    return list(re.finditer(rf"(?<!\w)({words})(?=\W*\(|{after})", text))


def first_uses(text: str, terms: list[str]) -> dict[str, re.Match]:
    """Each term's first use, longer terms first so that their words are not counted again."""
    taken: list[range] = []
    first = {}
    for term in sorted(terms, key=len, reverse=True):
        for m in uses(text, term):
            if any(m.start() in r or m.end() - 1 in r for r in taken):
                continue
            taken.append(range(m.start(), m.end()))
            first.setdefault(term, m)
    return first


def without_quotations(text: str, terms: list[str]) -> str:
    """`text` with each quotation blanked out, except a quoted bare term ("모멘텀")."""
    def blank(m: re.Match) -> str:
        quoted = (m.group(1) if m.group(1) is not None else m.group(2)).strip(" *_")
        return m.group(0) if quoted in terms else " " * len(m.group(0))
    return QUOTATION.sub(blank, text)


def normalise(english: str) -> str:
    return re.sub(r"[\s,;:-]+", " ", english.casefold()).strip()


def missing_english(text: str, entries: dict[str, str]) -> list[str]:
    """Terms whose first use in `text` lacks its English in parentheses right after it."""
    problems = []
    terms = [t for t in entries if HANGUL.search(t) and normalise(entries[t]) not in normalise(t)]
    text = without_quotations(text, terms)
    for term, m in sorted(first_uses(text, terms).items(), key=lambda kv: kv[1].start()):
        # The gloss follows the term, or the compound it opens (모멘텀 옵티마이저(momentum optimizer)).
        rest = text[m.end():].lstrip("*_`\"”")
        gloss = re.match(r"(?:\s+[\uac00-\ud7a3]+)?\(([^)]*)\)", rest)
        if not gloss or f" {normalise(entries[term])} " not in f" {normalise(gloss.group(1))} ":
            context = " ".join(text[max(0, m.start() - 15): m.end() + 20].split())
            problems.append(f"{term} ({entries[term]}): first used without it in “…{context}…”")
    return problems


ENTRIES = glossary_entries(GLOSSARY.read_text(encoding="utf-8"))


@pytest.mark.parametrize("page", CHAPTERS)
def test_first_use_of_each_glossary_term_carries_the_english(page):
    problems = missing_english(prose(markdown(page)), ENTRIES)
    assert not problems, f"{page}: {len(problems)} terms\n" + "\n".join(problems)


def test_the_glossary_is_read():
    assert len(ENTRIES) >= 40 and ENTRIES["관성 계수"] == "momentum coefficient"
    assert ENTRIES["경사 하강법"] == "gradient descent" and "모멘텀 계수" not in ENTRIES


def test_first_use_check_catches_a_missing_or_late_gloss():
    entries = {"관성": "inertia", "관성 계수": "momentum coefficient", "학습률": "learning rate",
               "유효 학습률": "effective learning rate", "수렴": "convergence"}
    good = ("**관성**(inertia)은 중요합니다. {term}`관성 계수`(momentum coefficient)를 키우고 학습률(learning rate)을 "
            "줄이면 유효 학습률(effective learning-rate)이 같습니다. 수렴(convergence)합니다. 관성은 다시.")
    assert missing_english(prose(good), entries) == []
    assert missing_english("관성 계수 값(momentum coefficient, γ)", entries) == []
    assert [p.split(":")[0] for p in missing_english("관성(inertial frame)", entries)] == ["관성 (inertia)"]
    late = "관성 계수를 키웁니다. 관성 계수(momentum coefficient)는 γ. 수렴하므로 관성이 남고 학습률로."
    found = missing_english(prose(late), entries)
    assert [p.split(" (")[0] for p in found] == ["관성 계수", "수렴", "관성", "학습률"]


def test_headings_code_math_and_targets_are_not_uses():
    md = "# 관성\n\n```python\n관성 = 1\n```\n\n$관성$ {doc}`2장 <02_momentum>` {eq}`ko-관성`\n\n관성(inertia)."
    assert missing_english(prose(md), {"관성": "inertia", "모멘텀": "momentum"}) == []


def test_a_quotation_is_not_a_use_but_a_quoted_term_is():
    entries = {"관성": "inertia", "지역 최솟값": "local minimum"}
    quoted = '노트는 이렇게 씁니다. "관성이 있어 지역 최솟값을 벗어난다." 관성(inertia)과 지역 최솟값(local minimum).'
    assert missing_english(prose(quoted), entries) == []
    assert missing_english("노트의 “관성이 크다”와 달리 관성(inertia)은", entries) == []
    assert missing_english('"관성"(inertia)이라고 부릅니다. 관성은', entries) == []
    late = '노트는 "관성이 있으면 빠르다"고 씁니다. 관성은 중요합니다. 관성(inertia).'
    assert [p.split(" (")[0] for p in missing_english(prose(late), entries)] == ["관성"]
    named = '"관성"이라는 말. 관성(inertia)'
    assert [p.split(" (")[0] for p in missing_english(prose(named), entries)] == ["관성"]
