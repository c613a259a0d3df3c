"""What the browser tests read: the built site, its pages in _toc.yml order, and where they
leave their measurements. ``BOOK_SITE=/path/to/html`` points them at another build (to
measure an older site with the same tests)."""

import json
import os
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "tools"))
from toc_notebooks import toc_files

SITE = pathlib.Path(os.environ.get("BOOK_SITE", ROOT / "_build" / "html"))
REPORTS = ROOT / "_build" / "reports"
SCREENSHOTS = ROOT / "_build" / "screenshots"
PAGES = toc_files()
EDITION_PAGES = [p for p in PAGES if p.startswith(("book/ko/", "book/en/"))]
KOREAN_PAGES = [p for p in EDITION_PAGES if p.startswith("book/ko/")]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def built_html(page: str, drop: str = r"<script.*?</script>|<style.*?</style>") -> str:
    """The built page's HTML with the parts matching ``drop`` blanked out."""
    return re.sub(drop, " ", (SITE / f"{page}.html").read_text(encoding="utf-8"), flags=re.DOTALL)


def language_of(page: str) -> str:
    """The language a page is written in; the bilingual landing page counts as English."""
    return "ko" if page.startswith("book/ko/") else "en"


def twin_of(page: str) -> str:
    lang = language_of(page)
    return page.replace(f"/{lang}/", "/en/" if lang == "ko" else "/ko/")


def report(kind: str, name: str, data) -> None:
    """Leave a measurement for the summary at the end of the run (workers write, the
    controller reads)."""
    folder = REPORTS / kind
    folder.mkdir(parents=True, exist_ok=True)
    (folder / (name.replace("/", "_") + ".json")).write_text(json.dumps(data, ensure_ascii=False))


def read_reports(kind: str) -> dict:
    folder = REPORTS / kind
    return {f.stem: json.loads(f.read_text()) for f in sorted(folder.glob("*.json"))}


def pdf_editions() -> list[pathlib.Path]:
    """The PDF editions that `make pdf` copies into the site for publishing (pdf/*.pdf)."""
    return sorted((SITE / "pdf").glob("*.pdf"))


def site_files() -> list[pathlib.Path]:
    """Every file of the website but the PDF editions: the pages, their assets and figures, the
    notebooks and sources they offer for download, the search index. The PDFs are a download of
    their own, checked and held to their own sizes by tests/test_pdf.py."""
    pdfs = set(pdf_editions())
    return [f for f in SITE.rglob("*") if f.is_file() and f not in pdfs]
