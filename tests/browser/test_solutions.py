"""Exercise answers stay folded until the reader opens them.

A solution is a dropdown (sphinx-exercise); the cell that re-checks its numbers must sit inside it,
or the page prints the answer right under the closed toggle. For each chapter with checked
solutions, in both editions: no line of a solution's prose or of its checking cells' output is on
screen before any toggle is opened, and all of it is after each toggle is clicked.
"""

import json
import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
# The chapters whose solutions carry checking cells (this session's chapters; add others as they
# move their checks inside the dropdown).
CHAPTERS = ("08_keras", "09_stochastic_gradients", "10_summary_and_exercises")
PAGES = [f"book/{edition}/{chapter}" for chapter in CHAPTERS for edition in ("ko", "en")]


def checking_outputs(page: str) -> list[str]:
    """Every non-empty output line of the code cells that check a solution: the code cells right
    after a markdown cell ending in a ``{solution}`` directive, and those inside a
    ``{solution-start}`` … ``{solution-end}`` block."""
    cells = json.loads((ROOT / f"{page}.ipynb").read_text(encoding="utf-8"))["cells"]
    lines, state = [], None  # state: the last solution directive seen ("", "-start", "-end")
    for cell in cells:
        text = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            directives = re.findall(r"\{solution(-start|-end)?\}", text)
            state = directives[-1] if directives else ("-start" if state == "-start" else None)
            continue
        if state in ("", "-start"):
            for out in cell.get("outputs", []):
                lines += [ln.strip() for ln in "".join(out.get("text", "")).splitlines() if ln.strip()]
    return lines


def visible_lines(page) -> set[str]:
    """The lines a reader sees: innerText leaves out whatever CSS hides."""
    return {ln.strip() for ln in page.inner_text("main").splitlines() if ln.strip()}


@pytest.mark.parametrize("page", PAGES)
def test_answers_appear_only_when_their_solution_opens(page_probe, site_url, page):
    page_probe.goto(f"{site_url}/{page}.html", wait_until="load")
    solutions = page_probe.locator("div.solution.dropdown")
    page_probe.wait_for_selector("div.solution.dropdown .toggle-button", state="attached")
    count = solutions.count()
    assert count > 0, "no folded solution on the page"
    prose = [solutions.nth(i).locator("section").first for i in range(count)]
    outputs = checking_outputs(page)
    assert outputs, "no checking cell found after a solution"

    assert [p.is_visible() for p in prose] == [False] * count, "a solution's text shows while folded"
    leaked = [a for a in outputs if a in visible_lines(page_probe)]
    assert leaked == [], f"{len(leaked)} checking-output lines visible before any toggle is opened: {leaked[:3]}"

    for i in range(count):
        solutions.nth(i).locator(".admonition-title").first.click()
    assert [p.is_visible() for p in prose] == [True] * count, "a solution's text stays hidden after its click"
    hidden = [a for a in outputs if a not in visible_lines(page_probe)]
    assert hidden == [], f"{len(hidden)} checking-output lines still hidden after every toggle opened: {hidden[:3]}"
