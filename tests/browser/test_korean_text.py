"""The built pages' text around references: in the Korean edition every particle right after a
rendered reference (식 (1), 2장, 연습 문제 7, a glossary term, a citation) agrees with how the
reference is read aloud, and no chapter title stands as a noun; in both editions no reference
doubles the words around it. Reads _build/html only (no browser); the rules themselves are
tested on made-up HTML in tests/test_korean_text_rules.py."""

import pathlib
import sys
from collections import Counter

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "tools"))
from korean_text import reference_problems
from toc_notebooks import toc_files

SITE = ROOT / "_build" / "html"
PAGES = [p for p in toc_files() if p.startswith(("book/ko/", "book/en/"))]


@pytest.mark.parametrize("page", PAGES)
def test_references_read_right_in_running_text(page):
    html = (SITE / f"{page}.html").read_text(encoding="utf-8")
    problems = reference_problems(html, page.split("/")[1])
    kinds = Counter(p.split(":")[0] for p in problems)
    assert not problems, f"{page}: {dict(kinds)}\n" + "\n".join(problems)
