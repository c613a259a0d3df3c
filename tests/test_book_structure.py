"""The book's structure: both editions complete, identical in code and outputs, outputs stored
by a clean top-to-bottom run and free of anything machine-specific."""

import json
import pathlib
import re
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "tools"))
from toc_notebooks import toc_files

EDITIONS = ("ko", "en")
ENTRIES = toc_files()
PAGES = sorted({e.split("/", 2)[2] for e in ENTRIES if e.startswith(("book/ko/", "book/en/"))})
NOTEBOOKS = [p for p in PAGES if (ROOT / "book" / "en" / f"{p}.ipynb").exists()
             or (ROOT / "book" / "ko" / f"{p}.ipynb").exists()]
MACHINE_SPECIFIC = re.compile(
    r"(/root/|/home/|/tmp/|/work/|/usr/|site-packages|[A-Z]:\\\\|0x[0-9a-fA-F]{6,}"
    r"|Glyph \d+|Traceback|Warning:|WARNING|RuntimeWarning|UserWarning|DeprecationWarning)"
)
IGNORE_MARKERS = ("NBVAL_IGNORE_OUTPUT", "NBVAL_SKIP", "nbval-ignore-output", "nbval-skip")


def load(edition: str, page: str) -> dict:
    return json.loads((ROOT / "book" / edition / f"{page}.ipynb").read_text(encoding="utf-8"))


def code_cells(nb: dict) -> list[dict]:
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def source(cell: dict) -> str:
    s = cell["source"]
    return s if isinstance(s, str) else "".join(s)


def test_toc_lists_pages():
    assert ENTRIES and ENTRIES[0] == "book/index", "the root of _toc.yml is the landing page"
    assert NOTEBOOKS, "the toc lists no notebook, so nbval would check nothing"


@pytest.mark.parametrize("page", PAGES)
def test_page_exists_in_both_editions_under_the_same_name(page):
    for edition in EDITIONS:
        assert f"book/{edition}/{page}" in ENTRIES, f"_toc.yml lacks book/{edition}/{page}"
        found = [p for p in (ROOT / "book" / edition).glob(f"{page}.*") if p.suffix in (".ipynb", ".md")]
        assert len(found) == 1, f"book/{edition}/{page}: expected one .ipynb or .md, found {found}"
    kinds = {next((ROOT / "book" / e).glob(f"{page}.*")).suffix for e in EDITIONS}
    assert len(kinds) == 1, f"{page} is a notebook in one edition and markdown in the other"


def test_every_content_file_is_in_the_toc():
    listed = set(ENTRIES)
    for edition in EDITIONS:
        for p in (ROOT / "book" / edition).glob("*"):
            if p.suffix in (".ipynb", ".md"):
                assert f"book/{edition}/{p.stem}" in listed, f"{p.relative_to(ROOT)} is not in _toc.yml"


CLOSING_SECTIONS = {"ko": ["## 요약", "## 연습 문제"], "en": ["## Summary", "## Exercises"]}


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_chapter_ends_with_a_summary_and_exercises(edition):
    """The preface promises it: each numbered chapter's last two sections are the summary and the
    exercises, whose answers sit in solutions that open on demand."""
    for page in (p for p in NOTEBOOKS if p[:2].isdigit() and p[:2] != "00"):
        nb = load(edition, page)
        markdown = "\n".join(source(c) for c in nb["cells"] if c["cell_type"] == "markdown")
        headings = [line.strip() for line in markdown.splitlines() if line.startswith("## ")]
        assert headings[-2:] == CLOSING_SECTIONS[edition], f"book/{edition}/{page} ends with {headings[-2:]}"
        assert "solution-start" in markdown, f"book/{edition}/{page}: no exercise has a solution"


@pytest.mark.parametrize("page", NOTEBOOKS)
def test_code_cells_identical_across_editions(page):
    ko, en = (code_cells(load(e, page)) for e in EDITIONS)
    assert [source(c) for c in ko] == [source(c) for c in en]
    assert [c["metadata"].get("tags", []) for c in ko] == [c["metadata"].get("tags", []) for c in en]


@pytest.mark.parametrize("page", NOTEBOOKS)
def test_outputs_identical_across_editions(page):
    ko, en = (code_cells(load(e, page)) for e in EDITIONS)
    for i, (a, b) in enumerate(zip(ko, en, strict=True)):
        assert a["outputs"] == b["outputs"], f"{page}: code cell {i} has different outputs in ko and en"


def execution_problems(nb: dict) -> list[str]:
    """What shows a notebook was not run top to bottom in a clean kernel (empty if it was)."""
    cells = [c for c in code_cells(nb) if source(c).strip()]
    problems = []
    if not any(c["outputs"] for c in cells):
        problems.append("no stored outputs: nbval would check nothing")
    counts = [c["execution_count"] for c in cells]
    if counts != list(range(1, len(cells) + 1)):
        problems.append(f"execution counts {counts} are not 1..{len(cells)}; run `make notebooks`")
    return problems


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("page", NOTEBOOKS)
def test_outputs_stored_by_a_clean_top_to_bottom_run(page, edition):
    assert execution_problems(load(edition, page)) == []


def test_unexecuted_or_reordered_notebooks_are_caught():
    nb = load("en", NOTEBOOKS[0])
    cleared = json.loads(json.dumps(nb))
    for c in code_cells(cleared):
        c["outputs"], c["execution_count"] = [], None
    assert any("no stored outputs" in p for p in execution_problems(cleared))
    reordered = json.loads(json.dumps(nb))
    cells = code_cells(reordered)
    cells[0]["execution_count"] = len(cells) + 5
    assert any("execution counts" in p for p in execution_problems(reordered))


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("page", NOTEBOOKS)
def test_outputs_hold_nothing_machine_specific(page, edition):
    for i, cell in enumerate(code_cells(load(edition, page))):
        for out in cell["outputs"]:
            assert out["output_type"] != "error", f"{edition}/{page} cell {i} stored an error"
            assert not (out["output_type"] == "stream" and out["name"] == "stderr"), (
                f"{edition}/{page} cell {i} wrote to stderr: {''.join(out['text'])[:200]}"
            )
            data = out.get("data", {})
            text = "".join(out.get("text", "")) + "".join(
                "".join(v) if isinstance(v, list) else v
                for k, v in data.items() if k.startswith("text/")
            )
            hit = MACHINE_SPECIFIC.search(text)
            assert not hit, f"{edition}/{page} cell {i} output holds {hit.group(0)!r}"


def unexplained_ignores(nb: dict) -> list[int]:
    """Indices of code cells that ignore or skip their output (a marker in the source or a tag)
    without a comment of at least five words in that cell saying why."""
    bad = []
    for i, cell in enumerate(code_cells(nb)):
        tags = cell["metadata"].get("tags", [])
        src = source(cell)
        if any(m in src for m in IGNORE_MARKERS) or any(t in IGNORE_MARKERS for t in tags):
            reasons = [line for line in src.splitlines()
                       if line.strip().startswith("#") and len(line.split()) >= 5]
            if not reasons:
                bad.append(i)
    return bad


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("page", NOTEBOOKS)
def test_ignored_outputs_say_why(page, edition):
    assert unexplained_ignores(load(edition, page)) == []


def test_an_ignore_marker_without_a_reason_is_caught():
    """No chapter ignores an output today, so the check above is shown to work on made-up cells."""
    def cell(src, tags=()):
        return {"cell_type": "code", "source": src, "metadata": {"tags": list(tags)}, "outputs": []}
    nb = {"cells": [
        cell("# NBVAL_IGNORE_OUTPUT\nprint(1)"),
        cell("# NBVAL_IGNORE_OUTPUT: the kernel prints its own start time\nprint(2)"),
        cell("print(3)", tags=["nbval-ignore-output"]),
        cell("# timings differ from one machine to the next\nprint(4)", tags=["nbval-skip"]),
        cell("print(5)"),
    ]}
    assert unexplained_ignores(nb) == [0, 2]


# Variants that drift from the glossary's one agreed term (left: what slipped in; right: the term).
# Issue 13 unified: factor 배율, convention 관례, decay 감소 (감쇠 is damping only), 기울기 for the
# gradient only (a line's slope is 경사), the convergence region, heatmap 히트맵, heavy ball 헤비볼.
TERM_VARIANTS = {
    "관성계수": "관성 계수", "모멘텀 계수": "관성 계수", "러닝 레이트": "학습률", "러닝레이트": "학습률",
    "경사하강법": "경사 하강법", "그래디언트": "기울기", "그라디언트": "기울기",
    "조건 수": "조건수", "고유값": "고윳값", "스펙트럴": "스펙트럼", "유효학습률": "유효 학습률",
    "종단속도": "종단 속도", "learning ratio": "learning rate", "gradient decent": "gradient descent",
    "인수": "배율", "규약": "관례", "학습률 감쇠": "학습률 감소", "가중치 감쇠": "가중치 감소",
    "안정 영역": "수렴 영역", "stability region": "convergence region", "열지도": "히트맵", "열 지도": "히트맵",
    "히트 맵": "히트맵", "직선의 기울기": "직선의 경사", "경사가 꾸준": "기울기가 꾸준",
    "무거운 공(heavy ball)": "헤비볼(heavy ball)", "웜업": "워밍업", "워밍 업": "워밍업", "댐핑": "감쇠",
    "배치 사이즈": "배치 크기", "바이어스 보정": "편향 보정", "안장 점": "안장점",
}


def glossary_heads(edition: str) -> set[str]:
    text = (ROOT / "book" / edition / "glossary.md").read_text(encoding="utf-8")
    block = text.split(":::{glossary}", 1)[1].split("\n:::", 1)[0]
    return {line.strip() for line in block.splitlines() if line.strip() and not line[0].isspace()}


def prose(edition: str, page: str) -> str:
    path = next(p for p in (ROOT / "book" / edition).glob(f"{page}.*") if p.suffix in (".ipynb", ".md"))
    if path.suffix == ".md":
        return path.read_text(encoding="utf-8")
    nb = json.loads(path.read_text(encoding="utf-8"))
    return "\n".join(source(c) for c in nb["cells"] if c["cell_type"] == "markdown")


def variants_in(text: str, allowed: set[str] = frozenset()) -> dict[str, str]:
    return {bad: good for bad, good in TERM_VARIANTS.items() if bad in text and bad not in allowed}


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("page", PAGES)
def test_prose_uses_the_glossary_terms(page, edition):
    """Every page uses the agreed terms; the glossary may list another name as an entry of its own
    (모멘텀 계수, pointing readers to 관성 계수)."""
    allowed = glossary_heads("ko") | glossary_heads("en") if page == "glossary" else set()
    found = variants_in(prose(edition, page), allowed)
    assert not found, f"{edition}/{page}: use the glossary's terms: {found}"


def test_term_variants_are_caught_outside_the_glossary_entries():
    assert variants_in("인수가 0.8이고 규약이 다릅니다") == {"인수": "배율", "규약": "관례"}
    assert variants_in("모멘텀 계수", {"모멘텀 계수"}) == {}
    assert variants_in("{term}`가중치 감소`") == {}


# Colour words a caption might type by hand; the prose must use the colour table's substitutions.
COLOR_WORDS = {
    "en": re.compile(r"\b(grey|gray|blue|orange|red|green|purple|brown|pink|cyan|olive|black)\b", re.I),
    "ko": re.compile(r"(회색|파란|파랑|주황|빨간|빨강|초록|녹색|보라|갈색|분홍|청록|올리브|검은|검정)"),
}


def colour_problems(edition: str, text: str) -> list[str]:
    """Colour words typed by hand, and colour substitutions that do not exist or belong to the
    other edition. Figures are coloured from momentum_lib.plotting's table; naming a colour only
    through ``{{ en_color_GD }}``-style substitutions made from the same table keeps text and
    figure together."""
    sys.path.insert(0, str(ROOT))
    from momentum_lib.plotting import color_substitutions

    known = color_substitutions()
    used = re.findall(r"\{\{\s*(\w+_color_\w+)\s*\}\}", text)
    problems = [f"unknown colour {u!r}" for u in used if u not in known]
    problems += [f"{u!r} in the {edition} edition" for u in used if not u.startswith(edition + "_")]
    bare = re.sub(r"\{\{.*?\}\}", " ", text)
    problems += [f"colour typed by hand: {m.group(0)!r}" for m in COLOR_WORDS[edition].finditer(bare)]
    return problems


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("page", PAGES)
def test_prose_names_colours_only_through_the_colour_table(page, edition):
    assert colour_problems(edition, prose(edition, page)) == []


def test_colour_check_catches_typed_and_wrong_colours():
    assert colour_problems("en", "GD ({{ en_color_GD }}) and the {{ en_color_band }} band") == []
    assert colour_problems("en", "gradient descent in grey") == ["colour typed by hand: 'grey'"]
    assert colour_problems("ko", "{{ en_color_GD }}") == ["'en_color_GD' in the ko edition"]
    assert colour_problems("en", "{{ en_color_teal }}") == ["unknown colour 'en_color_teal'"]


LABEL_CALL = re.compile(r"""(?:set_[xy]label|set_title|[xy]?label\s*=)\s*\(?\s*(?:r|f|rf|fr)?(["'])(.*?)\1""")


def raw_subscripts(code: str) -> list[str]:
    """Figure labels that would show a literal underscore ("m_t") instead of a subscript: an
    underscore outside $...$ in a string given to set_xlabel/set_ylabel/set_title/label=."""
    found = []
    for m in LABEL_CALL.finditer(code):
        outside = re.sub(r"\$[^$]*\$", "", m.group(2))
        if "_" in outside:
            found.append(m.group(2))
    return found


@pytest.mark.parametrize("page", NOTEBOOKS)
def test_figure_labels_write_subscripts_as_math(page):
    code = "\n".join(source(c) for c in code_cells(load("en", page)))
    assert raw_subscripts(code) == []


def test_raw_subscript_check_catches_underscores():
    assert raw_subscripts('ax.set_ylabel("m_t")\nax.plot(x, label=r"$m_t$")') == ["m_t"]
    assert raw_subscripts("ax.set_xlabel('ηλ_max')") == ["ηλ_max"]
    assert raw_subscripts('ax.set_ylabel(r"$J(\\theta_t) - J^*$")') == []
