"""The PDF edition of each language (`make pdf`, issue 17), read back from _build/pdf.

pypdf reads the structure (outline, destinations, links, fonts, images, page boxes); pypdfium2
reads the text with its positions and the filled boxes, and renders pages to PNG for a human look
(_build/screenshots/pdf-*.png). What is expected comes from the sources (notebooks, _toc.yml),
not from the builder, so a builder that drops or folds something fails here.
"""

from __future__ import annotations

import ctypes
import functools
import importlib.util
import json
import os
import pathlib
import re
import sys
from urllib.parse import unquote

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
SCREENSHOTS = ROOT / "_build" / "screenshots"
sys.path.insert(0, str(ROOT / "tests" / "tools"))
from toc_notebooks import toc_files

_spec = importlib.util.spec_from_file_location("pdf_build", ROOT / "pdf" / "build.py")
pdf_build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pdf_build)

EDITIONS = ("ko", "en")
# Bounds stated in the README. Pages grow with the book, so they are bounded per page of the
# edition in _toc.yml: 8.5 (ko) and 8.8 (en) PDF pages per book page, 110 and 115 pages for 13 book
# pages after the chapters were rewritten, 77 for the same 13 before (2026-11-27); 9.2 and 8.1 MB.
PAGES_PER_BOOK_PAGE = (4, 14)
MEGABYTES = (1.0, 15.0)
A4_POINTS = (595.92, 842.88)
MM = 72 / 25.4


# ----- the sources: what each edition must contain --------------------------------------------


def edition_sources(edition: str) -> list[pathlib.Path]:
    files = [ROOT / f for f in toc_files() if f.startswith(f"book/{edition}/")]
    return [
        f.with_suffix(".ipynb") if f.with_suffix(".ipynb").exists() else f.with_suffix(".md") for f in files
    ]


def markdown_of(path: pathlib.Path) -> str:
    if path.suffix == ".md":
        return path.read_text(encoding="utf-8")
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def code_cells(path: pathlib.Path) -> list[dict]:
    if path.suffix != ".ipynb":
        return []
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [c for c in cells if c["cell_type"] == "code" and is_printed(c)]


def is_printed(cell: dict) -> bool:
    return not {"remove-input", "remove-cell"} & set(cell["metadata"].get("tags", []))


def chapter_title(path: pathlib.Path) -> str:
    """The first level-1 heading, outside code fences, with MyST markup taken off."""
    text = re.sub(r"```.*?```", "", markdown_of(path), flags=re.S)
    title = re.search(r"^# (.+)$", text, re.M).group(1).strip()
    return re.sub(r"`([^`]*)`", r"\1", title)


def figure_count(edition: str) -> int:
    """Images a reader sees: image outputs of the code cells and images in the prose."""
    count = 0
    for path in edition_sources(edition):
        for cell in code_cells(path):
            count += sum(
                1 for o in cell.get("outputs", []) if any(m.startswith("image/") for m in o.get("data", {}))
            )
        count += len(re.findall(r"!\[[^\]]*\]\(|<img\s|```\{(?:figure|image)\}", markdown_of(path)))
    return count


def code_lines(path: pathlib.Path) -> list[str]:
    return [line for cell in code_cells(path) for line in printed_lines(cell)]


def printed_lines(cell: dict) -> list[str]:
    """The lines a code cell prints: its source, then its text outputs (streams, and results that
    have no richer form: a figure or an HTML table prints as that)."""
    lines = "".join(cell["source"]).splitlines()
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        if output["output_type"] == "stream":
            lines += "".join(output["text"]).splitlines()
        elif "text/plain" in data and not any(m.startswith(("image/", "text/html")) for m in data):
            lines += "".join(data["text/plain"]).splitlines()
    return lines


def live_figure_placeholders(path: pathlib.Path) -> list[str]:
    """The text each live figure of a source shows where JavaScript does not run."""
    figures = re.findall(r'<div class="live-figure"[^>]*>(.*?)</div>', markdown_of(path), re.S)
    return [re.sub(r"<[^>]+>", "", figure).strip() for figure in figures]


SOLUTION_START = re.compile(r"^`{3,}\{solution(-start)?\}", re.M)
SOLUTION_END = re.compile(r"^`{3,}\{solution-end\}", re.M)


def solutions(path: pathlib.Path) -> list[list[dict]]:
    """The solutions of a source in order, each with the code cells it holds. A `{solution}`
    directive is prose inside one markdown cell; `{solution-start}` ... `{solution-end}` also
    holds the code cells between the two (the cell that checks the answer, with its output)."""
    if path.suffix != ".ipynb":
        return [[] for _ in SOLUTION_START.finditer(markdown_of(path))]
    found, is_open = [], False
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            markers = sorted(
                [(m.start(), True, m.group(1)) for m in SOLUTION_START.finditer(source)]
                + [(m.start(), False, None) for m in SOLUTION_END.finditer(source)]
            )
            for _, start, ranged in markers:
                if start:
                    found.append([])
                is_open = bool(start and ranged)
        elif cell["cell_type"] == "code" and is_open and is_printed(cell):
            found[-1].append(cell)
    return found


# ----- the PDFs ---------------------------------------------------------------------------------


@functools.cache
def pdf_file(edition: str) -> pathlib.Path:
    # MOMENTUM_PDF_DIR points the checks at other PDFs of the same names (a print of the site,
    # another route's output) to see what they catch there.
    other = os.environ.get("MOMENTUM_PDF_DIR")
    path = pathlib.Path(other) / pdf_build.pdf_path(edition).name if other else pdf_build.pdf_path(edition)
    if not path.exists():
        message = f"{path.relative_to(ROOT)} is not built: run `make pdf`"
        if pdf_build.chromium_path() is None and not os.environ.get("CI"):
            pytest.skip(message + " (no Chromium on this machine, so it cannot be)")
        pytest.fail(message)
    return path


@functools.cache
def reader(edition: str):
    from pypdf import PdfReader

    return PdfReader(pdf_file(edition))


@functools.cache
def document(edition: str):
    import pypdfium2 as pdfium

    return pdfium.PdfDocument(pdf_file(edition))


@functools.cache
def page_texts(edition: str) -> tuple[str, ...]:
    """Each page's text without the page number the footer prints."""
    texts = []
    for i, page in enumerate(document(edition)):
        # PDFium reports a hyphen that ends a wrapped line as U+FFFE (a soft-hyphen marker).
        text = page.get_textpage().get_text_range().replace("\r\n", "\n").replace("\ufffe", "-").rstrip()
        texts.append(re.sub(rf"\n?\s*{i + 1}$", "", text))
    return tuple(texts)


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def outline_tree(edition: str) -> list[tuple[str, int, list[str]]]:
    """Top-level outline entries as (title, page, [child titles])."""
    r = reader(edition)
    tree = []
    for item in r.outline:
        if isinstance(item, list):
            tree[-1][2].extend(child.title for child in item if not isinstance(child, list))
        else:
            tree.append((item.title, r.get_destination_page_number(item) + 1, []))
    return tree


def named_page(edition: str, name: str) -> int:
    r = reader(edition)
    # Chromium percent-encodes the Korean ids in destination names.
    named = {unquote(key): dest for key, dest in r.named_destinations.items()}
    return r.get_destination_page_number(named[f"/{name}"]) + 1


# ----- tests ------------------------------------------------------------------------------------


@pytest.mark.parametrize("edition", EDITIONS)
def test_pdf_exists_for_each_edition(edition):
    path = pdf_file(edition)
    assert path.read_bytes()[:5] == b"%PDF-"
    assert reader(edition).metadata is not None
    assert reader(edition).trailer["/Root"]["/Lang"] == edition  # screen readers read Korean as Korean


@pytest.mark.parametrize("edition", EDITIONS)
def test_outline_has_every_chapter_in_order_with_its_sections(edition):
    tree = outline_tree(edition)
    expected = [chapter_title(p) for p in edition_sources(edition)]
    chapters = [t for t in tree if t[0] != pdf_build.WORDS[edition]["contents"]]
    assert [t[0] for t in chapters] == expected
    pages = [t[1] for t in chapters]
    assert pages == sorted(pages) and len(set(pages)) == len(pages), f"chapters out of order: {pages}"
    numbered = [t for t in chapters if re.match(r"\d+\. ", t[0])]
    assert all(len(children) >= 3 for _, _, children in numbered), "a chapter without sections in the outline"


@pytest.mark.parametrize("edition", EDITIONS)
def test_contents_page_numbers_are_the_pages_the_chapters_start_on(edition):
    html = (pdf_build.OUT / f"momentum-{edition}.html").read_text(encoding="utf-8")
    printed = re.findall(r'data-target="([^"]+)">(\d+)<', html)
    assert len(printed) > len(edition_sources(edition))
    wrong = [
        (ident, int(n), named_page(edition, ident))
        for ident, n in printed
        if int(n) != named_page(edition, ident)
    ]
    assert wrong == []
    contents = "".join(page_texts(edition)[1:4])
    for title, _, _ in outline_tree(edition)[1:]:
        assert squeezed(title) in squeezed(contents), f"{title} missing from the printed contents"


@pytest.mark.parametrize("edition", EDITIONS)
def test_links_inside_the_book_land_on_their_targets(edition):
    r = reader(edition)
    named = r.named_destinations
    internal, external = 0, []
    for page in r.pages:
        for annot in page.get("/Annots", []):
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            if "/Dest" in annot:
                assert str(annot["/Dest"]) in named, f"link to a missing destination {annot['/Dest']}"
                internal += 1
            else:
                external.append(str(annot["/A"].get("/URI", "")))
    assert internal > 200  # the contents, glossary terms, equations and chapters
    assert [u for u in external if not u.startswith(("https://", "http://")) or "127.0.0.1" in u] == []
    first_chapter = named_page(edition, "01_gradient_descent")
    cross = [
        a.get_object()["/Dest"]
        for p in r.pages[first_chapter - 1 :]
        for a in p.get("/Annots", [])
        if "/Dest" in a.get_object() and str(a.get_object()["/Dest"]).startswith("/02_momentum")
    ]
    assert cross, "no link from a chapter to chapter 2"


def test_korean_text_is_extractable_and_every_syllable_prints():
    text = "".join(page_texts("ko"))
    hangul = re.findall(r"[\uac00-\ud7a3]", text)
    assert len(hangul) > 20_000, f"only {len(hangul)} Hangul syllables could be extracted"
    for path in edition_sources("ko"):
        assert squeezed(chapter_title(path)) in squeezed(text)
    needed = set(re.findall(r"[\uac00-\ud7a3]", "".join(markdown_of(p) for p in edition_sources("ko"))))
    missing = sorted(needed - set(hangul))
    assert missing == [], f"syllables of the sources not in the PDF's text (missing glyphs?): {missing[:20]}"


@pytest.mark.parametrize("edition", EDITIONS)
def test_greek_letters_of_code_and_outputs_print(edition):
    """Code cells print γ, η, θ; a monospace font without them would leave holes."""
    sources = "".join(
        "".join(c["source"]) + "".join("".join(o.get("text", "")) for o in c.get("outputs", []))
        for p in edition_sources(edition)
        for c in code_cells(p)
    )
    needed = set(re.findall(r"[\u0370-\u03ff]", sources))
    assert needed, "no Greek in the code cells: this test needs another alphabet"
    assert sorted(needed - set("".join(page_texts(edition)))) == []


def font_is_embedded(font) -> bool:
    font = font.get_object()
    if font["/Subtype"] == "/Type3":
        return len(font["/CharProcs"]) > 0  # glyphs drawn by procedures inside the file
    if font["/Subtype"] == "/Type0":
        font = font["/DescendantFonts"][0].get_object()
    descriptor = font["/FontDescriptor"].get_object()
    return any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def font_name(font) -> str:
    font = font.get_object()
    if font["/Subtype"] == "/Type0":
        font = font["/DescendantFonts"][0].get_object()
    descriptor = font.get("/FontDescriptor")
    return str(descriptor.get_object().get("/FontName", "")) if descriptor else str(font.get("/BaseFont", ""))


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_font_is_embedded(edition):
    fonts = {}
    for page in reader(edition).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            fonts[font.idnum] = font
    not_embedded = sorted({font_name(f) for f in fonts.values() if not font_is_embedded(f)})
    assert not_embedded == []
    names = {font_name(f) for f in fonts.values()}
    assert any("CJKkr" in n for n in names), f"no Korean font (Noto CJK KR) in {sorted(names)}"


@pytest.mark.parametrize("edition", EDITIONS)
def test_no_raw_tex_in_the_text(edition):
    """Math is typeset: no TeX is left in the text outside the code. Code prints verbatim, and the
    plotting code writes matplotlib's own math labels (`xlabel=r"$\\theta_t$"`), so every line the
    sources' code cells print is taken out of the text before it is searched."""
    text = squeezed("".join(page_texts(edition)))
    code = {squeezed(line) for path in edition_sources(edition) for line in code_lines(path)}
    for line in sorted(code, key=len, reverse=True):  # a long line before a shorter one inside it
        if line and re.search(r"[$\\]", line):
            text = text.replace(line, "")
    found = {t: text.count(t) for t in ("$", "\\frac", "\\begin", "\\(", "\\[", "\\mathrm", "\\gamma")}
    assert {t: n for t, n in found.items() if n} == {}


def image_objects(resources, seen: set) -> None:
    for obj in resources.get("/XObject", {}).values():
        xobject = obj.get_object()
        if xobject["/Subtype"] == "/Image":
            seen.add(obj.idnum)
        elif xobject["/Subtype"] == "/Form" and "/Resources" in xobject:
            image_objects(xobject["/Resources"], seen)


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_figure_is_an_image_in_the_pdf(edition):
    seen: set = set()
    for page in reader(edition).pages:
        image_objects(page["/Resources"], seen)
    assert figure_count(edition) >= 10
    assert len(seen) >= figure_count(edition)


@pytest.mark.parametrize("edition", EDITIONS)
def test_page_count_size_and_format_within_bounds(edition):
    pages = len(reader(edition).pages)
    megabytes = pdf_file(edition).stat().st_size / 1e6
    book_pages = len(edition_sources(edition))
    low, high = (book_pages * n for n in PAGES_PER_BOOK_PAGE)
    assert low <= pages <= high, f"{pages} pages for {book_pages} pages of the book"
    assert MEGABYTES[0] <= megabytes <= MEGABYTES[1], f"{megabytes:.1f} MB"
    for page in reader(edition).pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - A4_POINTS[0]) < 1 and abs(height - A4_POINTS[1]) < 1


@pytest.mark.parametrize("edition", EDITIONS)
def test_landing_page_links_the_pdf(edition):
    from bs4 import BeautifulSoup

    landing = SITE / "book" / "index.html"
    links = [
        a["href"]
        for a in BeautifulSoup(landing.read_text(encoding="utf-8"), "html.parser").find_all("a", href=True)
        if a["href"].endswith(f"momentum-{edition}.pdf")
    ]
    assert links, f"the landing page does not link momentum-{edition}.pdf"
    for href in links:
        assert not href.startswith("/"), "an absolute link breaks when the site is served from a sub-path"
        target = (landing.parent / href).resolve()
        assert target.is_file(), f"{href} resolves to {target}, which does not exist"
        assert target.read_bytes() == pdf_file(edition).read_bytes()


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_code_cell_is_printed_in_full(edition):
    """Every line of every code cell and of its text output is in the text, hidden-input cells
    included (the site folds them; a print of the site leaves them closed)."""
    text = squeezed("".join(page_texts(edition)))
    missing = []
    for path in edition_sources(edition):
        for cell in code_cells(path):
            for line in printed_lines(cell):
                if len(squeezed(line)) >= 6 and squeezed(line) not in text:
                    missing.append(f"{path.name}: {line.strip()}")
    assert missing == []


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_solution_is_printed_open(edition):
    """Every solution is printed with its label and, after the label and before the next one, the
    cell that checks it with that cell's output (in place, or gathered at the chapter's end)."""
    label = {"ko": r"풀이:\s*연습\s*문제\s*\d+", "en": r"Solution\s+to\s+Exercise\s+\d+"}[edition]
    text = "\n".join(page_texts(edition))
    printed = list(re.finditer(label, text))
    expected = [cells for path in edition_sources(edition) for cells in solutions(path)]
    assert len(expected) >= 9 and sum(1 for cells in expected if cells) >= 9
    assert len(printed) == len(expected)
    ends = [m.start() for m in printed[1:]] + [len(text)]
    missing = []
    for match, end, cells in zip(printed, ends, expected, strict=True):
        body = squeezed(text[match.end() : end])
        missing += [
            f"{match.group(0)}: {line.strip()}"
            for cell in cells
            for line in printed_lines(cell)
            if len(squeezed(line)) >= 6 and squeezed(line) not in body
        ]
    assert missing == []


@pytest.mark.parametrize("edition", EDITIONS)
def test_live_figures_say_where_they_run(edition):
    """The site draws a live figure with JavaScript and the chapter's static figures stay for
    print: instead of the placeholder that asks to turn JavaScript on, the PDF says where it runs."""
    placeholders = [text for path in edition_sources(edition) for text in live_figure_placeholders(path)]
    assert placeholders and all(placeholders), "no live figure with a placeholder: this test needs one"
    text = squeezed("".join(page_texts(edition)))
    assert [p for p in set(placeholders) if squeezed(p) in text] == []
    assert text.count(squeezed(pdf_build.WORDS[edition]["live"])) == len(placeholders)


def filled_boxes(page):
    """Visible light grey filled rectangles (code backgrounds) taller than a line's leading.
    A grey rectangle painted over by one nearly as large is a border, not a box."""
    import pypdfium2.raw as pdfium_c

    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    rects = []
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,)):
        pdfium_c.FPDFPath_GetDrawMode(obj.raw, fill, stroke)
        if not fill.value or pdfium_c.FPDFPath_CountSegments(obj.raw) > 5:
            continue  # an outline, or not a rectangle
        pdfium_c.FPDFPageObj_GetFillColor(obj.raw, r, g, b, a)
        rgb = (r.value, g.value, b.value)
        grey = bool(a.value) and min(rgb) >= 215 and max(rgb) <= 252 and max(rgb) - min(rgb) <= 16
        rects.append((grey, obj.get_bounds()))

    def area(box):
        return max(0.0, box[2] - box[0]) * max(0.0, box[3] - box[1])

    for i, (grey, box) in enumerate(rects):
        if not grey or box[3] - box[1] <= 12 or box[2] - box[0] <= 12:
            continue
        covered = any(
            later[0] >= box[0] - 0.5
            and later[1] >= box[1] - 0.5
            and later[2] <= box[2] + 0.5
            and later[3] <= box[3] + 0.5
            and area(later) >= 0.9 * area(box)
            for _, later in rects[i + 1 :]
        )
        if not covered:
            yield box


def upright_extent(textpage, index: int) -> tuple[float, float]:
    """A character's ink from left to right, less the lean of a slanted glyph. Chromium slants the
    upright Noto Serif CJK for italics (the text matrix is skewed by 1/4), so a line that ends at
    the column's edge in italics leans its last letter's top past the edge by up to a quarter of
    the letter's height (1.3 pt for an "s" at 10 pt), as every slanted letter leans past its
    advance: that is ink, not a line running past the margin."""
    import pypdfium2.raw as pdfium_c

    box = [ctypes.c_double() for _ in range(4)]
    pdfium_c.FPDFText_GetCharBox(textpage.raw, index, *box)
    left, right, bottom, top = (v.value for v in box)
    x, y = ctypes.c_double(), ctypes.c_double()
    pdfium_c.FPDFText_GetCharOrigin(textpage.raw, index, x, y)
    matrix = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFText_GetMatrix(textpage.raw, index, matrix)
    lean = matrix.c / matrix.d if matrix.d else 0.0
    return left + lean * max(0.0, y.value - bottom), right - lean * max(0.0, top - y.value)


def past_the_margins(doc, left: float, right: float) -> list[tuple]:
    """(page, x0, x1, text) of each run of letters, and each grey box, outside the column."""
    outside = []
    for number, page in enumerate(doc, start=1):
        textpage = page.get_textpage()
        # The ink boxes hold the upright extents: only a page with ink outside needs the letters.
        ink = (textpage.get_rect(i) for i in range(textpage.count_rects()))
        if any(x0 < left or x1 > right for x0, _, x1, _ in ink):
            extents = {i: upright_extent(textpage, i) for i in range(textpage.count_chars())}
            crossing = [
                i
                for i, (x0, x1) in extents.items()
                if (x0 < left or x1 > right) and textpage.get_text_range(i, 1).strip()
            ]
            runs = []
            for i in crossing:
                if runs and runs[-1][-1] == i - 1:
                    runs[-1].append(i)
                else:
                    runs.append([i])
            outside += [
                (
                    number,
                    round(min(extents[i][0] for i in run)),
                    round(max(extents[i][1] for i in run)),
                    textpage.get_text_range(run[0], len(run)),
                )
                for run in runs
            ]
        outside += [
            (number, round(b[0]), round(b[2]), "code box")
            for b in filled_boxes(page)
            if b[0] < left or b[2] > right
        ]
    return outside


def text_column() -> tuple[float, float]:
    """The page's text column in points, with 1 pt for rounding."""
    return pdf_build.MARGIN_MM["left"] * MM - 1, A4_POINTS[0] - pdf_build.MARGIN_MM["right"] * MM + 1


@pytest.mark.parametrize("edition", EDITIONS)
def test_no_text_or_code_box_runs_past_the_margins(edition):
    """Long code lines wrap: no text and no code box lies outside the page's text column (a print
    of the site clips such lines, so their ends vanish: the next test misses them too)."""
    left, right = text_column()
    outside = past_the_margins(document(edition), left, right)
    assert outside == [], f"text beyond the margins ({left:.0f}-{right:.0f} pt): {outside[:5]}"


def test_the_margin_check_sees_a_shifted_line_and_not_a_slanted_letter():
    """A justified italic paragraph ends every line at the column's edge with a leaning "d": the
    letters' ink boxes cross the edge, and the check lets them. The same paragraph moved 3 pt to
    the right runs past the edge, and the check sees it."""
    import pypdfium2 as pdfium

    def paragraph(shift: str) -> str:
        font = "font: italic 10pt 'Noto Serif CJK KR'"
        style = f"{font}; text-align: justify; position: relative; left: {shift}"
        return f'<body style="margin: 0"><p style="{style}">{"odd " * 300}</p>'

    left, right = text_column()
    at_the_edge = pdfium.PdfDocument(print_html(paragraph("0")))
    textpage = at_the_edge[0].get_textpage()
    assert any(textpage.get_rect(i)[2] > right for i in range(textpage.count_rects())), "no letter leans out"
    assert past_the_margins(at_the_edge, left, right) == []
    shifted = past_the_margins(pdfium.PdfDocument(print_html(paragraph("3pt"))), left, right)
    assert len(shifted) >= 10 and all(x1 > right for _, _, x1, _ in shifted)


def print_html(html: str) -> bytes:
    """Chromium's PDF of a small page, with the book's page size and margins."""
    from playwright.sync_api import sync_playwright

    if pdf_build.chromium_path() is None:
        pytest.skip("no Chromium on this machine")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=pdf_build.chromium_path(), args=pdf_build.CHROMIUM_ARGS)
        page = browser.new_page()
        page.set_content(html)
        margin = {side: f"{mm}mm" for side, mm in pdf_build.MARGIN_MM.items()}
        pdf = page.pdf(format=pdf_build.PAGE_FORMAT, margin=margin, print_background=True)
        browser.close()
    return pdf


def empty_grey_boxes(doc) -> tuple[int, list]:
    """How many grey boxes the document has, and those with no text in them (page, bottom, top)."""
    empty, boxes = [], 0
    for number, page in enumerate(doc, start=1):
        textpage = page.get_textpage()
        for left, bottom, right, top in filled_boxes(page):
            boxes += 1
            if not textpage.get_text_bounded(left, bottom, right, top).strip():
                empty.append((number, round(bottom), round(top)))
    return boxes, empty


@pytest.mark.parametrize("edition", EDITIONS)
def test_no_empty_grey_boxes(edition):
    """A code cell split across pages keeps text in each part: no grey box without text."""
    boxes, empty = empty_grey_boxes(document(edition))
    assert boxes > 100, f"only {boxes} code boxes found: the test no longer sees them"
    assert empty == [], f"grey boxes with no text (page, bottom, top): {empty}"


def test_the_grey_box_check_sees_an_empty_box():
    """The book's PDFs have no empty box, so show the check on one that has: an empty grey box,
    a grey box with code, and a grey 1-pt frame around white (a border, not a box)."""
    import pypdfium2 as pdfium
    from playwright.sync_api import sync_playwright

    if pdf_build.chromium_path() is None:
        pytest.skip("no Chromium on this machine")
    html = (
        '<div style="background:#f6f6f4;height:30mm"></div>'
        '<div style="background:#f6f6f4;padding:4mm"><pre>x = 1</pre></div>'
        '<div style="background:#fff;border:1px solid #ddd;height:30mm"></div>'
    )
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=pdf_build.chromium_path(), args=pdf_build.CHROMIUM_ARGS)
        page = browser.new_page()
        page.set_content(html)
        pdf = page.pdf(format="A4", print_background=True)
        browser.close()
    boxes, empty = empty_grey_boxes(pdfium.PdfDocument(pdf))
    assert (boxes, len(empty)) == (2, 1)


@pytest.mark.parametrize("edition", EDITIONS)
def test_screenshots_of_two_pages(edition):
    """The contents and the first page of chapter 3, as PNGs for a human look."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, number in (("contents", 2), ("chapter03", named_page(edition, "03_terminal_momentum"))):
        image = document(edition)[number - 1].render(scale=1.5).to_pil()
        target = SCREENSHOTS / f"pdf-{edition}-{name}.png"
        image.save(target)
        grey = image.convert("L")
        assert grey.getextrema()[0] < 80, f"{target.name} has no dark ink"
        assert sum(grey.histogram()[:128]) > 5_000, f"{target.name} is nearly blank"
