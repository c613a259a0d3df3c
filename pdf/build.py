"""Build the PDF edition of each language from the built site: `make pdf` (after `make book`).

For each edition (ko, en):

1. Assemble one print page, `_build/pdf/momentum-XX.html`: a title page, a table of contents, then
   the `<article>` of every page of that edition in `_toc.yml` order. Ids are made unique across
   pages, links between pages become links inside the document, what the site folds away (hidden
   code cells, exercise solutions) is opened, and equations are numbered by chapter (3.2).
2. Print it with the Chromium the browser tests use (Playwright's `page.pdf`), after the site's
   own offline MathJax has typeset the math: A4, page numbers in the footer, an outline (PDF
   bookmarks) built from the headings, links kept.
3. Read the page of every chapter and section back from the PDF and print again with those page
   numbers in the table of contents (the second print has the same layout: only digits change).

The PDFs are also copied into `_build/html/pdf/`, where the landing page links them, so the
published site carries them. No request leaves localhost: any that tries fails the build.
Why this route and not LaTeX: README, "PDF edition".
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import functools
import html
import http.server
import io
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import threading
import time
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup, NavigableString, Tag

ROOT = pathlib.Path(__file__).resolve().parents[1]
BUILD = ROOT / "_build"
SITE = BUILD / "html"
OUT = BUILD / "pdf"
PUBLISHED = SITE / "pdf"
PRINT_CSS = pathlib.Path(__file__).with_name("print.css")
sys.path.insert(0, str(ROOT / "tests" / "tools"))
sys.path.insert(0, str(ROOT / "book" / "_ext"))
from toc_notebooks import toc_files

EDITIONS = ("ko", "en")
# Page geometry, shared with tests/test_pdf.py (which checks that no text crosses the margin).
PAGE_FORMAT = "A4"
MARGIN_MM = {"top": 16, "bottom": 18, "left": 18, "right": 18}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

WORDS = {
    "ko": {
        "title": "모멘텀",
        "subtitle": "관성으로 내려가는 경사 하강법, 처음부터 코드로 확인하며",
        "edition": "한국어판",
        "contents": "차례",
        "built": "만든 날",
        "live": "여기서 말한 그림은 브라우저에서 계산하므로 이 장의 웹판에서 볼 수 있습니다.",
    },
    "en": {
        "title": "Momentum",
        "subtitle": "Gradient descent with inertia, from first principles, every claim checked in code",
        "edition": "English edition",
        "contents": "Contents",
        "built": "Built",
        "live": "The figure described here computes in your browser: it is in the web edition of this chapter.",
    },
}


def pdf_path(edition: str) -> pathlib.Path:
    return OUT / f"momentum-{edition}.pdf"


def edition_pages(edition: str) -> list[str]:
    """The edition's pages in reading order, as in _toc.yml (``book/ko/03_terminal_momentum``)."""
    return [p for p in toc_files() if p.startswith(f"book/{edition}/")]


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if candidate and shutil.which(candidate):
            return shutil.which(candidate)
    return None


# ---------------------------------------------------------------------------------------------
# 1. Assemble


def anchor(stem: str, ident: str | None = None) -> str:
    """Ids of the print page: a page's own id is its file stem, its elements' ids get it as prefix."""
    return stem if ident is None else f"{stem}--{ident}"


def chapter_number(title: str) -> str | None:
    match = re.match(r"(\d+)\.\s", title)
    return match.group(1) if match else None


def retarget_link(a: Tag, page: str, stems: set[str]) -> None:
    """Point a link at the print page's own anchors; unwrap links to pages not in this PDF."""
    href = a.get("href", "")
    parts = urlsplit(href)
    if parts.scheme in ("http", "https", "mailto"):
        return
    if not parts.path:
        a["href"] = "#" + anchor(page_stem(page), parts.fragment) if parts.fragment else "#" + page_stem(page)
        return
    target = pathlib.PurePosixPath(page).parent.joinpath(parts.path)
    target_stem = pathlib.PurePosixPath(os.path.normpath(str(target))).with_suffix("").name
    same_edition = os.path.normpath(str(target.parent)) == str(pathlib.PurePosixPath(page).parent)
    if same_edition and parts.path.endswith(".html") and target_stem in stems:
        a["href"] = "#" + (anchor(target_stem, parts.fragment) if parts.fragment else target_stem)
    else:
        a.unwrap()  # the other edition, the landing page, source downloads: not part of this book


def page_stem(page: str) -> str:
    return pathlib.PurePosixPath(page).name


def tidy_article(article: Tag) -> None:
    """Drop what only works on screen and open what the site folds away."""
    for el in article.select(
        "nav.language-switch, a.headerlink, script, button, div.cell_input summary, details > summary"
    ):
        el.decompose()
    for details in article.find_all("details"):
        # A hidden code cell (tag hide-input) is printed open: the reader of a book cannot click.
        details.name = "div"
        details["class"] = [c for c in details.get("class", []) if c != "admonition"] + ["opened-for-print"]
    for el in article.select(".dropdown"):
        el["class"] = [c for c in el["class"] if c != "dropdown"]
    for section in article.select("section.tex2jax_ignore"):
        section["class"] = [c for c in section["class"] if c not in ("tex2jax_ignore", "mathjax_ignore")]


def point_to_live_figures(article: Tag, soup: BeautifulSoup, edition: str) -> None:
    """A live figure is drawn by the site's JavaScript, and its placeholder says to turn JavaScript
    on: on paper, where the chapter's static figures stand for it, say where it runs instead."""
    for figure in article.select("div.live-figure"):
        figure.clear()
        note = soup.new_tag("p", attrs={"class": "live-figure-note"})
        note.append(soup.new_tag("em"))
        note.em.string = WORDS[edition]["live"]
        figure.append(note)


def typeset_bibliography_math(article: Tag, soup: BeautifulSoup) -> None:
    """BibTeX titles keep their $...$ (the site's MathJax only reads \\(...\\)); typeset them here."""
    for entry in article.select("div.citation p"):
        for text in list(entry.find_all(string=re.compile(r"\$[^$]+\$"))):
            pieces = re.split(r"\$([^$]+)\$", str(text))
            replacement = []
            for i, piece in enumerate(pieces):
                if i % 2:
                    span = soup.new_tag("span", attrs={"class": "math notranslate nohighlight"})
                    span.string = f"\\({piece}\\)"
                    replacement.append(span)
                elif piece:
                    replacement.append(NavigableString(piece))
            for node in replacement:
                text.insert_before(node)
            text.extract()


def load_article(page: str) -> Tag:
    source = (SITE / f"{page}.html").read_text(encoding="utf-8")
    article = BeautifulSoup(source, "html.parser").select_one("article.bd-article")
    if article is None:
        raise SystemExit(f"{page}.html has no <article>: is the site built (make book)?")
    return article


def number_equations(article: Tag, number: str | None, labels: dict[str, str]) -> None:
    """Equations read (3.2) in chapter 3, as in a printed book; record each label for references."""
    for math in article.select("div.math[id]"):
        eqno = math.select_one("span.eqno")
        if eqno is None:
            continue
        own = eqno.get_text(strip=True).strip("()")
        label = f"({number}.{own})" if number else f"({own})"
        eqno.clear()
        eqno.append(label)
        labels[math["id"]] = label


def assemble(edition: str) -> tuple[str, list[dict]]:
    """The print page's HTML and its table of contents (chapters and their sections)."""
    pages = edition_pages(edition)
    stems = {page_stem(p) for p in pages}
    soup = BeautifulSoup("", "html.parser")
    chapters, labels, contents = [], {}, []
    for page in pages:
        article = load_article(page)
        tidy_article(article)
        point_to_live_figures(article, soup, edition)
        typeset_bibliography_math(article, soup)
        title = article.find("h1").get_text(" ", strip=True)
        number_equations(article, chapter_number(title), labels)
        stem = page_stem(page)
        for el in article.find_all(id=True):
            el["id"] = anchor(stem, el["id"])
        for a in article.find_all("a", href=True):
            retarget_link(a, page, stems)
        for img in article.find_all("img", src=True):
            img["src"] = "../html/" + os.path.normpath(
                str(pathlib.PurePosixPath(page).parent / img["src"])
            ).lstrip("./")
        entry = {"id": stem, "title": title, "sections": []}
        for h2 in article.find_all("h2"):
            section = h2.find_parent("section")
            if section is not None and section.get("id"):
                entry["sections"].append({"id": section["id"], "title": h2.get_text(" ", strip=True)})
        contents.append(entry)
        chapter = soup.new_tag("section", attrs={"class": "chapter", "id": stem})
        chapter.extend(list(article.children))
        chapters.append(chapter)
    for chapter in chapters:
        for a in chapter.select('a[href^="#"]'):
            target = a["href"][1:].split("--", 1)[-1]
            if target in labels and re.fullmatch(r"\(\d+(\.\d+)?\)", a.get_text(strip=True)):
                a.string = labels[target]
    body = "\n".join(str(c) for c in chapters)
    return body, contents


def contents_html(edition: str, contents: list[dict], pages: dict[str, int] | None) -> str:
    """The table of contents; before the first print the page numbers are placeholders of the
    same width, so the second print lays out every page exactly as the first."""

    def line(level: str, ident: str, title: str) -> str:
        number = str(pages[ident]) if pages else "000"
        return (
            f'<li class="toc-{level}"><a href="#{ident}"><span class="toc-title">{html.escape(title)}</span>'
            f'<span class="toc-page" data-target="{ident}">{number}</span></a></li>'
        )

    items = []
    for chapter in contents:
        items.append(line("chapter", chapter["id"], chapter["title"]))
        items += [line("section", s["id"], s["title"]) for s in chapter["sections"]]
    return (
        f'<nav class="contents" id="contents"><h1>{WORDS[edition]["contents"]}</h1>'
        f"<ol>{''.join(items)}</ol></nav>"
    )


def build_stamp() -> str:
    """The day and the commit the PDF was built from, so a printed copy says which text it is."""
    stamp = datetime.date.today().isoformat()
    with contextlib.suppress(OSError, subprocess.CalledProcessError):
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, check=True, capture_output=True, text=True
        ).stdout.strip()
        stamp += f" · {commit}" if commit else ""
    return stamp


def author() -> str:
    match = re.search(r'^author:\s*"?([^"\n]+)"?', (ROOT / "_config.yml").read_text(encoding="utf-8"), re.M)
    return match.group(1) if match else ""


def print_page(edition: str, body: str, contents: list[dict], pages: dict[str, int] | None) -> str:
    w = WORDS[edition]
    # The site's own MathJax: the parts book/_ext/offline_site.py copies, loaded as the site loads them.
    from offline_site import MATHJAX_LOAD

    load = json.dumps([part for part in MATHJAX_LOAD if not part.startswith("a11y/")])
    mathjax = (
        f'<script>window.MathJax = {{loader: {{load: {load}}}, options: {{processHtmlClass: "math", '
        'ignoreHtmlClass: "no-math", enableAssistiveMml: false, enableMenu: false}};</script>\n'
        '<script defer src="../html/_static/mathjax/startup.js"></script>'
    )
    return f"""<!DOCTYPE html>
<html lang="{edition}">
<head>
<meta charset="utf-8">
<title>{w["title"]} · {w["edition"]}</title>
<link rel="stylesheet" href="../html/_static/pygments.css">
<link rel="stylesheet" href="print.css">
{mathjax}
</head>
<body class="edition-{edition}">
<header class="title-page">
<p class="book-title">{w["title"]}</p>
<p class="book-subtitle">{w["subtitle"]}</p>
<p class="book-edition">{w["edition"]}</p>
<p class="book-author">{author()}</p>
<p class="book-built">{w["built"]}: {build_stamp()}</p>
</header>
{contents_html(edition, contents, pages)}
<main>
{body}
</main>
</body>
</html>
"""


# ---------------------------------------------------------------------------------------------
# 2. Print


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(directory: pathlib.Path):
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


FOOTER = (
    '<div style="width:100%;text-align:center;font-size:8pt;color:#555;'
    "font-family:'Noto Sans CJK KR','DejaVu Sans',sans-serif\"><span class=\"pageNumber\"></span></div>"
)


def render(browser, url: str) -> bytes:
    """Load the print page offline, wait for images, fonts and MathJax, and print it."""
    context = browser.new_context()
    page = context.new_page()
    outside = []

    def route(r):
        if r.request.url.startswith(url.split("/pdf/")[0]) or r.request.url.startswith("data:"):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(url, wait_until="load")
    page.wait_for_function(
        "() => window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=30_000
    )
    page.evaluate("() => MathJax.startup.promise")
    page.evaluate("() => document.fonts.ready.then(() => true)")
    errors = page.locator("mjx-merror").count()
    broken = page.eval_on_selector_all(
        "img", "els => els.filter(e => !(e.complete && e.naturalWidth)).length"
    )
    if outside or errors or broken:
        raise SystemExit(f"{url}: external requests {outside}, {errors} TeX errors, {broken} broken images")
    margin = {side: f"{mm}mm" for side, mm in MARGIN_MM.items()}
    pdf = page.pdf(
        format=PAGE_FORMAT,
        margin=margin,
        print_background=True,
        display_header_footer=True,
        header_template="<span></span>",
        footer_template=FOOTER,
        outline=True,
        tagged=True,
    )
    context.close()
    return pdf


def destination_pages(pdf: bytes, idents: list[str]) -> dict[str, int]:
    """The 1-based page each anchor of the table of contents lands on, from the PDF's named
    destinations (Chromium writes one for every element a link points to)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    # Chromium percent-encodes non-ASCII ids (the Korean section anchors) in destination names.
    named = {unquote(name): dest for name, dest in reader.named_destinations.items()}
    missing = [i for i in idents if f"/{i}" not in named]
    if missing:
        raise SystemExit(f"no destination in the PDF for {missing[:5]}")
    return {i: reader.get_destination_page_number(named[f"/{i}"]) + 1 for i in idents}


def build(edition: str, browser, base_url: str) -> pathlib.Path:
    body, contents = assemble(edition)
    idents = [c["id"] for c in contents] + [s["id"] for c in contents for s in c["sections"]]
    html_file = OUT / f"momentum-{edition}.html"
    html_file.write_text(print_page(edition, body, contents, None), encoding="utf-8")
    first = render(browser, f"{base_url}/pdf/{html_file.name}")
    pages = destination_pages(first, idents)
    html_file.write_text(print_page(edition, body, contents, pages), encoding="utf-8")
    final = render(browser, f"{base_url}/pdf/{html_file.name}")
    if destination_pages(final, idents) != pages:
        raise SystemExit(f"{edition}: the second print moved a chapter; the contents would be wrong")
    target = pdf_path(edition)
    target.write_bytes(final)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--editions", nargs="+", default=list(EDITIONS), choices=EDITIONS)
    parser.add_argument(
        "--skip-without-browser",
        action="store_true",
        help="without Chromium, say so and succeed (never under CI, where it must run)",
    )
    args = parser.parse_args(argv)
    if not (SITE / "index.html").exists():
        print("pdf: the site is not built; run `make book` first", file=sys.stderr)
        return 1
    path = chromium_path()
    if path is None:
        print("pdf: no Chromium on this machine (apt-get install chromium); PDFs not built", file=sys.stderr)
        return 0 if args.skip_without_browser and not os.environ.get("CI") else 1
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    PUBLISHED.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(PRINT_CSS, OUT / PRINT_CSS.name)
    with serve(BUILD) as base_url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        for edition in args.editions:
            start = time.perf_counter()
            target = build(edition, browser, base_url)
            shutil.copyfile(target, PUBLISHED / target.name)
            print(
                f"pdf: {target.relative_to(ROOT)} {target.stat().st_size / 1e6:.1f} MB "
                f"in {time.perf_counter() - start:.0f} s"
            )
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
