"""Checks run inside a loaded page, each returning what it found wrong (an empty list when the
page is right), so one visit can run several and report them all."""

import io

import pytest
from pages import AXE
from PIL import Image

# Lines that start badly. A Korean line may break only at a space (or after a hyphen or slash
# written in the text, as in 로그-로그): a break anywhere else splits a word or cuts a particle or
# ending off the word, math or closing parenthesis it is glued to ("(gradient)⏎가", "η⏎에"). No
# line, in either language, starts with a comma, a stop, a percent sign or a closing bracket
# ("90⏎%"), except inside code (". .venv/bin/activate"). Math counts as one unbreakable object.
LINE_STARTS = """
(selectors) => {
  const HANGUL = /[\\uac00-\\ud7a3]/;
  const NO_LINE_START = /[,.%)\\]}:;!?」』]/;
  const SKIP = "pre, script, style, svg, .linenos, mjx-assistive-mml, .headerlink, .visually-hidden";
  const blockOf = (node) => {
    let el = node.nodeType === 1 ? node.parentElement : node.parentElement;
    while (el && /^inline/.test(getComputedStyle(el).display)) el = el.parentElement;
    return el;
  };
  const found = [];
  const range = document.createRange();
  for (const root of document.querySelectorAll(selectors)) {
    let prev = null, spaced = false;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT, {
      acceptNode(n) {
        if (n.nodeType === 1) {
          if (n.matches(SKIP)) return NodeFilter.FILTER_REJECT;
          return n.matches("mjx-container") ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP;
        }
        return n.parentElement.closest("mjx-container") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      },
    });
    const visit = (block, rect, ch, shown, code) => {
      if (!rect || (rect.width === 0 && rect.height === 0)) return;
      const same = prev && prev.block === block;
      if (same && rect.top > prev.rect.top + prev.rect.height * 0.6) {
        const split = !spaced && !/[-/]$/.test(prev.tail) && HANGUL.test(ch);
        if (split || (!code && NO_LINE_START.test(ch))) found.push(`${prev.tail.trim()}⏎${shown}`);
      }
      prev = {block, rect, tail: ((same ? prev.tail : "") + (spaced ? " " : "") + shown).slice(-16)};
      spaced = false;
    };
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const block = blockOf(n);
      if (n.nodeType === 1) {
        if (n.getAttribute("display") === "true") { prev = null; continue; }
        visit(block, n.getBoundingClientRect(), "∑", "[math]", false);
        continue;
      }
      const code = !!n.parentElement.closest("code");
      for (let i = 0; i < n.data.length; i++) {
        const ch = n.data[i];
        if (/\\s/.test(ch)) { spaced = true; continue; }
        range.setStart(n, i);
        range.setEnd(n, i + 1);
        const rects = range.getClientRects();
        visit(block, rects[rects.length - 1], ch, ch, code);
      }
    }
  }
  return found;
}
"""
READING_AREAS = "article.bd-article, .bd-sidebar-primary, .bd-sidebar-secondary, #search-results"

# Text whose language differs from the page's must say so (lang="…") so that screen readers
# switch voice and browsers pick fonts and line breaking: mostly-Hangul text inside lang="ko",
# English sentences (three words or more, no Hangul) inside lang="en".
UNMARKED_LANGUAGE = """
() => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || el.closest("script, style, pre, code, mjx-container, svg, .cell_output, [aria-hidden=true]")) {
      continue;
    }
    const text = n.data.trim();
    const hangul = (text.match(/[\\uac00-\\ud7a3]/g) || []).length;
    const latin = (text.match(/[A-Za-z]/g) || []).length;
    const words = (text.match(/[A-Za-z]{2,}/g) || []).length;
    const lang = (el.closest("[lang]") || document.documentElement).getAttribute("lang");
    if (hangul > 0 && hangul >= latin / 2 && lang !== "ko") found.push(`${lang}: ${text.slice(0, 40)}`);
    if (hangul === 0 && words >= 3 && lang !== "en") found.push(`${lang}: ${text.slice(0, 40)}`);
  }
  return found;
}
"""

DUPLICATE_IDS = """
() => {
  const seen = new Map();
  for (const el of document.querySelectorAll("[id]")) seen.set(el.id, (seen.get(el.id) || 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([id, n]) => `${id} ×${n}`);
}
"""

# Section anchors a reader can read in the address bar and in a shared link: not "#id3".
OPAQUE_ANCHORS = """
() => {
  const opaque = /^id\\d+$/;
  const sections = [...document.querySelectorAll("article section[id]")].filter(s => opaque.test(s.id));
  const links = [...document.querySelectorAll("a[href*='#']")]
    .filter(a => opaque.test(decodeURIComponent(a.hash.slice(1))));
  const hrefs = new Set(links.map(a => `link ${a.getAttribute("href")}`));
  return [...sections.map(s => `section #${s.id}`), ...hrefs];
}
"""

# Every figure describes itself in the page's language, not by its file name.
FIGURE_ALT = """
(lang) => [...document.querySelectorAll("article img")].flatMap(img => {
  const alt = (img.getAttribute("alt") || "").trim();
  const problems = [];
  const hangul = /[\\uac00-\\ud7a3]/.test(alt);
  if (alt.length < 20 || /^\\S+$/.test(alt) || /\\.(png|svg|jpe?g)$/i.test(alt)) {
    problems.push(`no description: "${alt}"`);
  } else if (lang === "ko" ? !hangul : hangul) {
    problems.push(`not in the page's language: "${alt.slice(0, 60)}"`);
  }
  return problems;
})
"""

# On a Korean page, the words of the interface (tooltips, labels of buttons and links that are
# announced or shown, hints of toggles, the copy button) are Korean. Names (Keras, PDF, Ctrl) and
# text marked lang="en" (the language link, citations of English sources with their tooltips)
# are not interface words. Cell outputs are the same in both editions by design and are left out.
NAMES = ["Keras", "PyTorch", "optax", "NumPy", "PDF", "pdf", "Ctrl", "ipynb", "Momentum", "Jupyter", "GitHub"]
ENGLISH_INTERFACE = """
(names) => {
  const allowed = new RegExp(`\\\\b(${names.join("|")})\\\\b`, "g");
  const english = (s) => !/[\\uac00-\\ud7a3]/.test(s) && /[A-Za-z]{3,}/.test(s.replace(allowed, ""));
  const found = new Set();
  const skip = (el) => el.closest(".cell_output, [lang=en], [role=doc-biblioref], mjx-container, script");
  // Bootstrap moves a tooltip's title to data-bs-original-title once the page has run.
  const attributes = ["title", "aria-label", "placeholder", "data-tooltip", "data-toggle-hint",
                      "data-bs-original-title", "data-bs-title"];
  for (const el of document.body.querySelectorAll(attributes.map(a => `[${a}]`).join(", "))) {
    if (skip(el)) continue;
    for (const a of attributes) {
      const v = el.getAttribute(a);
      if (v && english(v)) found.add(`${a}="${v}"`);
    }
  }
  for (const el of document.querySelectorAll("button, summary, [role=button], label")) {
    if (skip(el)) continue;
    const text = el.textContent.trim().replace(/\\s+/g, " ");
    if (text && english(text)) found.add(`${el.tagName.toLowerCase()}: ${text}`);
  }
  if (english(document.title)) found.add(`title: ${document.title}`);
  return [...found];
}
"""

# Bytes and times of the page's first load, from the browser's own resource timing: every
# response body as decoded (the size a reader's browser holds, compression aside).
FIRST_LOAD = """
() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const resources = performance.getEntriesByType("resource");
  return {
    bytes: nav.decodedBodySize + resources.reduce((s, r) => s + r.decodedBodySize, 0),
    requests: 1 + resources.length,
    files: resources.map(r => [new URL(r.name).pathname, r.decodedBodySize]),
    domcontentloaded_ms: Math.round(nav.domContentLoadedEventEnd),
    load_ms: Math.round(nav.loadEventEnd),
    math_ms: window.mathTypesetAt ? Math.round(window.mathTypesetAt) : null,
  };
}
"""


def axe_violations(page) -> list[dict]:
    """axe-core's audit of the loaded page (WCAG 2.x A/AA and best practices), from the copy
    that `make setup` installs from npm; it is injected, so the site itself never loads it."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make setup` installs it (npm ci)")
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """() => axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations.map(v => ({
             id: v.id, impact: v.impact, nodes: v.nodes.length,
             where: v.nodes.slice(0, 3).map(n => n.target.join(" "))})))"""
    )


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


def edge_shows_more(page, index: int) -> bool:
    """Whether the right edge of the index-th display equation, scrolled to its start, draws
    something a reader can see (darker than the page) once the glyphs are hidden."""
    box = page.locator("div.math mjx-container").nth(index)
    box.evaluate("m => { m.scrollLeft = 0; }")
    style = page.add_style_tag(content=HIDE_GLYPHS)
    picture = Image.open(io.BytesIO(box.screenshot())).convert("L")
    style.evaluate("s => s.remove()")
    strip = picture.crop((picture.width - 10, 0, picture.width, picture.height))
    return strip.getextrema()[0] < 225

PHONE_SCREEN = {"width": 390, "height": 844}


def phone_audit(page) -> dict[str, list]:
    """The loaded page narrowed to a phone's 390 × 844: no page wider than the screen, a
    display equation wider than its box scrolls and shows it at its edge, and no line starts
    with a particle, an ending or a comma. (The layout is the one a phone gets: the book's
    pages set a device-width viewport, so a mobile browser lays them out at 390 px too.)"""
    page.set_viewport_size(PHONE_SCREEN)
    width = page.evaluate(WIDER_THAN_SCREEN)
    equations = page.evaluate(WIDE_EQUATIONS)
    return {
        "page wider than the screen": [] if width["page"] <= width["screen"] else [width],
        "equations cut off without a sign": [e["label"] for e in equations
                                             if not e["scrolls"] or not edge_shows_more(page, e["index"])],
        "lines that start badly at 390 px": page.evaluate(LINE_STARTS, READING_AREAS),
    }
