"""What a reader does beyond reading one page: switching language in the middle of a chapter,
searching from a Korean page, copying code, moving through the landing page with the
keyboard, reading the bibliography."""

import io
import re

import pytest
from checks import ENGLISH_INTERFACE, LINE_STARTS, NAMES, READING_AREAS, axe_violations
from pages import ROOT
from PIL import Image, ImageChops

TITLED_SECTIONS = """
() => [...document.querySelectorAll("article section[id]")]
  .filter(s => s.querySelector(":scope > h1, :scope > h2, :scope > h3, :scope > h4"))
  .map(s => s.id)
"""

SECTION_AT_TOP = """
() => {
  // The section a reader is in: the last one whose heading has passed under the sticky header.
  const header = document.querySelector(".bd-header-article");
  const line = (header ? header.getBoundingClientRect().bottom : 0) + 32;
  const sections = [...document.querySelectorAll("article section[id]")]
    .filter(s => s.querySelector(":scope > h1, :scope > h2, :scope > h3, :scope > h4"));
  let current = 0;
  sections.forEach((s, i) => { if (s.getBoundingClientRect().top <= line) current = i; });
  return current;
}
"""


@pytest.mark.parametrize("edition, probe", [("ko", "phone_probe"), ("en", "page_probe")])
def test_language_switch_keeps_the_section(request, site_url, edition, probe):
    """A reader in the middle of a chapter finds the language switch where they are and lands
    in the same section of the other edition."""
    page = request.getfixturevalue(probe)
    other = "en" if edition == "ko" else "ko"
    page.goto(f"{site_url}/book/{edition}/03_terminal_momentum.html", wait_until="networkidle")
    sections = page.evaluate(TITLED_SECTIONS)
    target = 4
    assert len(sections) > target + 1
    page.locator(f"[id='{sections[target]}'] > :is(h2, h3)").first.evaluate("h => h.scrollIntoView()")
    page.mouse.wheel(0, 150)  # a little way into the section
    page.wait_for_timeout(300)
    assert page.evaluate(SECTION_AT_TOP) == target
    box = page.locator("a.language-link").evaluate("a => a.getBoundingClientRect().toJSON()")
    assert box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"], \
        "the language switch is not on the screen in the middle of the page"
    # Tap or click where the link is on the screen (Playwright's own click would first scroll
    # the sticky header's place in the page into view, which no reader does).
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.touchscreen.tap(x, y) if edition == "ko" else page.mouse.click(x, y)
    page.wait_for_url(f"**/book/{other}/03_terminal_momentum.html*")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    assert page.evaluate(SECTION_AT_TOP) == target, f"landed at {page.url}, not in section {target + 1}"
    assert page.problems == []


def test_korean_reader_searches_in_korean(page_probe, site_url):
    """From a Korean page a reader opens search, types a word and reads the results page in
    Korean: its headings, its status line, its buttons and the lines of its snippets."""
    page_probe.goto(f"{site_url}/book/ko/02_momentum.html", wait_until="networkidle")
    page_probe.locator(".search-button__button:visible").first.click()
    box = page_probe.locator("#pst-search-dialog input[name=q]")
    box.fill("관성")
    box.press("Enter")
    page_probe.wait_for_load_state("load")
    page_probe.wait_for_function(
        "() => document.querySelector('#search-results ul.search li')"
        " && !document.querySelector('#search-results h2 span')?.innerText", timeout=20_000)
    page_probe.wait_for_timeout(500)
    assert page_probe.get_attribute("html", "lang") == "ko"
    results = page_probe.locator("#search-results").inner_text()
    assert re.search(r"[가-힣]", results.split("\n")[0]), f"the results page speaks English: {results[:120]}"
    assert page_probe.evaluate(ENGLISH_INTERFACE, NAMES) == []
    assert page_probe.evaluate(LINE_STARTS, READING_AREAS) == []
    assert axe_violations(page_probe) == []
    assert page_probe.problems == []


COPY_WORDS = {"ko": ("복사", "복사"), "en": ("Copy", "Copied!")}


@pytest.mark.parametrize("edition", ["ko", "en"])
def test_copy_button_speaks_the_page_language(page_probe, site_url, edition):
    """The copy button's label and its "copied" message are in the page's language."""
    page_probe.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page_probe.goto(f"{site_url}/book/{edition}/02_momentum.html", wait_until="networkidle")
    cell = page_probe.locator("div.cell_input").first
    cell.hover()
    button = cell.locator("button.copybtn")
    label, copied = COPY_WORDS[edition]
    assert label in button.get_attribute("data-tooltip")
    button.click()
    page_probe.wait_for_timeout(100)
    message = button.get_attribute("data-tooltip")
    assert copied in message and (edition == "en" or not re.search(r"[A-Za-z]", message)), message
    assert "import numpy" in page_probe.evaluate("navigator.clipboard.readText()")


def around(page, locator, margin: int = 8) -> Image.Image:
    """A picture of the element and a margin around it (where a focus ring is drawn)."""
    box = locator.bounding_box()
    clip = {"x": box["x"] - margin, "y": box["y"] - margin,
            "width": box["width"] + 2 * margin, "height": box["height"] + 2 * margin}
    return Image.open(io.BytesIO(page.screenshot(clip=clip, animations="disabled"))).convert("RGB")


def ring_sides(before: Image.Image, after: Image.Image, margin: int = 8) -> list[str]:
    """The sides of the element along which focus drew a strong mark (a change of at least 100
    of 255 in some colour channel, within the margin and the element's first pixels)."""
    diff = ImageChops.difference(before, after)
    w, h = diff.size
    reach = margin + 4
    bands = {"left": (0, h // 3, reach, 2 * h // 3), "right": (w - reach, h // 3, w, 2 * h // 3),
             "top": (w // 3, 0, 2 * w // 3, reach), "bottom": (w // 3, h - reach, 2 * w // 3, h)}
    return [side for side, band in bands.items() if max(hi for _, hi in diff.crop(band).getextrema()) >= 100]


def test_keyboard_focus_on_a_landing_card_is_visible(page_probe, site_url):
    """Tabbing through the landing page, the reader sees which edition card has the focus: a
    clear ring all around it."""
    page_probe.goto(f"{site_url}/book/index.html", wait_until="networkidle")
    card = page_probe.locator(".sd-card").first
    card.scroll_into_view_if_needed()
    before = around(page_probe, card)
    for _ in range(40):
        page_probe.keyboard.press("Tab")
        if page_probe.evaluate("document.activeElement.matches('.sd-card a.sd-stretched-link')"):
            break
    else:
        pytest.fail("Tab never reached the edition cards")
    assert card.evaluate("c => c.contains(document.activeElement)"), "the first card is not focused first"
    after = around(page_probe, card)
    after.save(ROOT / "_build" / "screenshots" / "landing_card_focus.png")
    sides = ring_sides(before, after)
    assert sides == ["left", "right", "top", "bottom"], f"focus marks only these sides clearly: {sides}"


def bib_titles() -> list[str]:
    """Titles as the bibliography writes them, braces (BibTeX's case protection) removed."""
    text = (ROOT / "book" / "references.bib").read_text(encoding="utf-8")
    titles = re.findall(r"^\s*title\s*=\s*\{(.*)\},?\s*$", text, flags=re.MULTILINE)
    return [re.sub(r"[{}]", "", t) for t in titles]


@pytest.mark.parametrize("edition", ["ko", "en"])
def test_bibliography_shows_titles_as_written(page_probe, site_url, edition):
    """References keep their titles' capitals and show no TeX source."""
    page_probe.goto(f"{site_url}/book/{edition}/references.html", wait_until="networkidle")
    text = page_probe.locator("article").inner_text()
    assert "$" not in text and "\\" not in text, "TeX source shows in the bibliography"
    titles = bib_titles()
    assert len(titles) >= 8
    missing = [t for t in titles if t not in text]
    assert not missing, f"titles shown otherwise than written: {missing}"
