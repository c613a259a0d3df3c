"""The site on a phone (390 × 844 CSS pixels, touch): every page fits the screen, wide equations
show that they scroll, Korean lines break between words, and the ☰ and page-contents buttons
open what they promise."""

import io
import json

import pytest
from checks import LINE_STARTS, READING_AREAS
from pages import PAGES, SCREENSHOTS
from PIL import Image

WIDER_THAN_SCREEN = """
() => {
  const width = document.documentElement.clientWidth;
  const clipped = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== "visible") return true;
    }
    return false;
  };
  const wide = [...document.querySelectorAll("body *")].filter(el => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.right > width + 1 && !clipped(el);
  });
  const deepest = wide.filter(el => !wide.some(other => other !== el && el.contains(other)));
  return {page: document.documentElement.scrollWidth, screen: width,
          elements: deepest.slice(0, 5).map(el => `<${el.tagName.toLowerCase()} class="${el.className}">`
                                                  + ` ${el.textContent.trim().slice(0, 40)}`)};
}
"""

WIDE_EQUATIONS = """
() => [...document.querySelectorAll("div.math mjx-container")].map((m, index) => ({
  index, label: m.closest("div.math").id || m.textContent.slice(0, 30),
  hidden: m.scrollWidth - m.clientWidth, scrolls: /auto|scroll/.test(getComputedStyle(m).overflowX),
})).filter(e => e.hidden > 1)
"""

# Only the box's own drawing is looked at: the formula's glyphs are hidden for the picture, so
# what is left at the cut edge is whatever tells the reader there is more (a shadow, a bar).
HIDE_GLYPHS = "div.math mjx-container mjx-math { visibility: hidden !important; }"


def edge_shows_more(phone, index: int) -> bool:
    """Whether the right edge of the index-th display equation, scrolled to its start, draws
    something a reader can see (darker than the page) once the glyphs are hidden."""
    box = phone.locator("div.math mjx-container").nth(index)
    box.evaluate("m => { m.scrollLeft = 0; }")
    style = phone.add_style_tag(content=HIDE_GLYPHS)
    picture = Image.open(io.BytesIO(box.screenshot())).convert("L")
    style.evaluate("s => s.remove()")
    strip = picture.crop((picture.width - 10, 0, picture.width, picture.height))
    return strip.getextrema()[0] < 225


@pytest.mark.parametrize("page", PAGES)
def test_page_fits_a_phone(phone_probe, site_url, page):
    """No page is wider than the phone, a display equation wider than its box scrolls and shows
    it at its edge, and no line starts with a particle, an ending or a comma."""
    phone_probe.goto(f"{site_url}/{page}.html", wait_until="load")
    if phone_probe.locator("div.math, span.math").count():
        phone_probe.wait_for_selector("mjx-container", state="attached", timeout=20_000)
        phone_probe.evaluate("MathJax.startup.promise")
    width = phone_probe.evaluate(WIDER_THAN_SCREEN)
    equations = phone_probe.evaluate(WIDE_EQUATIONS)
    hidden = [e["label"] for e in equations
              if not e["scrolls"] or not edge_shows_more(phone_probe, e["index"])]
    found = {
        "page wider than the screen": [] if width["page"] <= width["screen"] else [width],
        "equations cut off without a sign": hidden,
        "lines that start badly at 390 px": phone_probe.evaluate(LINE_STARTS, READING_AREAS),
    }
    wrong = {kind: items for kind, items in found.items() if items}
    assert not wrong, json.dumps(wrong, ensure_ascii=False, indent=1)
    assert phone_probe.problems == []


def visible_in_viewport(page, locator) -> bool:
    """Whether the element is drawn and wholly on the screen (not off-canvas, not hidden)."""
    box = locator.evaluate(
        "e => e.checkVisibility({visibilityProperty: true}) && e.getBoundingClientRect().toJSON()")
    size = page.viewport_size
    return bool(box) and box["width"] > 0 and 0 <= box["x"] and box["x"] + box["width"] <= size["width"] \
        and 0 <= box["y"] and box["y"] + box["height"] <= size["height"]


CHAPTER_3 = {"ko": "3. 종단 모멘텀", "en": "3. Terminal momentum"}


@pytest.mark.parametrize("edition", ["ko", "en"])
def test_phone_menu_opens_the_chapter_list(phone_probe, site_url, edition):
    """A reader on a phone taps ☰, sees the chapter list and follows a chapter link."""
    phone_probe.goto(f"{site_url}/book/{edition}/02_momentum.html", wait_until="networkidle")
    phone_probe.locator(".primary-toggle:visible").first.tap()
    phone_probe.wait_for_timeout(400)  # the sidebar slides in
    link = phone_probe.locator(".bd-sidebar-primary").get_by_role("link", name=CHAPTER_3[edition], exact=True)
    link.scroll_into_view_if_needed()  # the reader scrolls down the list to the chapter
    shown = [i for i in range(link.count()) if visible_in_viewport(phone_probe, link.nth(i))]
    assert shown, "after tapping ☰ no link to chapter 3 is on the screen"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone_probe.screenshot(path=str(SCREENSHOTS / f"{edition}_phone_menu.png"))
    link.nth(shown[0]).tap()
    phone_probe.wait_for_url(f"**/book/{edition}/03_terminal_momentum.html")
    assert phone_probe.problems == []


@pytest.mark.parametrize("edition", ["ko", "en"])
def test_phone_contents_button_opens_the_page_contents(phone_probe, site_url, edition):
    """A reader taps the page-contents button, sees this page's sections and jumps to one."""
    phone_probe.goto(f"{site_url}/book/{edition}/03_terminal_momentum.html", wait_until="networkidle")
    phone_probe.locator(".secondary-toggle:visible").first.tap()
    phone_probe.wait_for_timeout(400)
    entries = phone_probe.locator(".bd-sidebar-secondary nav a")
    shown = [i for i in range(entries.count()) if visible_in_viewport(phone_probe, entries.nth(i))]
    assert len(shown) >= 3, "after tapping the contents button the page's sections are not on the screen"
    entry = entries.nth(shown[2])
    target = entry.get_attribute("href")
    entry.tap()
    phone_probe.wait_for_timeout(600)
    heading = phone_probe.locator(f"[id='{target.lstrip('#')}']").first
    top = heading.evaluate("e => e.getBoundingClientRect().top")
    assert 0 <= top < 300, f"the section {target} is not at the top of the screen (top {top})"


def test_desktop_menu_button_hides_and_shows_the_chapter_list(page_probe, site_url):
    """On a desktop the ☰ button folds the chapter list away and brings it back."""
    page_probe.goto(f"{site_url}/book/en/02_momentum.html", wait_until="networkidle")
    link = page_probe.locator(".bd-sidebar-primary").get_by_role("link", name=CHAPTER_3["en"], exact=True,
                                                            include_hidden=True)
    assert visible_in_viewport(page_probe, link)
    toggle = page_probe.locator(".primary-toggle:visible").first
    toggle.click()
    page_probe.wait_for_timeout(400)
    assert not visible_in_viewport(page_probe, link), "☰ did not fold the chapter list away"
    toggle.click()
    page_probe.wait_for_timeout(400)
    assert visible_in_viewport(page_probe, link), "☰ did not bring the chapter list back"

