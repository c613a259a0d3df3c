"""The site on a phone (390 × 844 CSS pixels, touch): the ☰ and page-contents buttons open what
they promise. (How every page fits a phone's width is checked in each page's visit,
`test_site.py::test_page_works_offline`, with `checks.phone_audit`.)"""

import pytest
from pages import SCREENSHOTS
from playwright.sync_api import TimeoutError as PlaywrightTimeout


def visible_in_viewport(page, locator) -> bool:
    """Whether the element is drawn and wholly on the screen (not off-canvas, not hidden)."""
    box = locator.evaluate(
        "e => e.checkVisibility({visibilityProperty: true}) && e.getBoundingClientRect().toJSON()")
    size = page.viewport_size
    return bool(box) and box["width"] > 0 and box["x"] >= 0 and box["x"] + box["width"] <= size["width"] \
        and box["y"] >= 0 and box["y"] + box["height"] <= size["height"]


CHAPTER_3 = {"ko": "3. 종단 모멘텀", "en": "3. Terminal momentum"}
PART = {"ko": "한국어", "en": "English"}
OTHER = {"ko": "en", "en": "ko"}


@pytest.mark.parametrize("edition", ["ko", "en"])
def test_phone_menu_opens_the_chapter_list(phone_probe, site_url, edition):
    """A reader on a phone taps ☰, sees the chapter list and follows a chapter link."""
    phone_probe.goto(f"{site_url}/book/{edition}/02_momentum.html", wait_until="networkidle")
    phone_probe.locator(".primary-toggle:visible").first.tap()
    link = phone_probe.locator(".bd-sidebar-primary").get_by_role("link", name=CHAPTER_3[edition], exact=True)
    try:
        link.wait_for(state="visible", timeout=3_000)  # the sidebar slides in
    except PlaywrightTimeout:
        pytest.fail("after tapping ☰ the chapter list did not appear")
    # The list opens on the reader's own edition: its part comes first, the other edition after.
    parts = phone_probe.locator(".bd-sidebar-primary p.caption").all_inner_texts()
    assert parts == [PART[edition], PART[OTHER[edition]]], f"the chapter list's parts read {parts}"
    first = phone_probe.locator(".bd-sidebar-primary ul[lang] a").first.get_attribute("href")
    assert first == "00_preface.html", f"the first chapter in the list is {first}"
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

