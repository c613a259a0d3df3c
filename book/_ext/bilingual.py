"""Sphinx extension for the two-edition book.

- Every page under ``book/ko/`` or ``book/en/`` gets a link to its twin in the other edition
  (same file name, so the link is a path swap). The link sits in the sticky page header, and it
  carries both pages' section anchors in order, so that ``bilingual.js`` can send the reader to
  the same section of the twin.
- Korean pages are served as ``<html lang="ko">`` so browsers choose Korean fonts and line
  breaking and screen readers read Korean; the build's ``language`` stays English.
- On Korean pages the interface is Korean: the theme's words (its templates' ``gettext``), the
  words Sphinx and MyST-NB write into the body (heading links, code-cell toggles), the toggle
  hints, and the search page, which Korean pages reach as ``book/ko/search.html``.
- Text in the other language is marked as such: the sidebar's chapter lists, English glosses in
  Korean prose, English bibliography entries, and blocks of the landing page given a
  ``lang-ko``/``lang-en`` class.
- Korean lines break only between words (``word-break: keep-all`` in ``bilingual.css``). What
  is written right after an inline element without a space (math, code, a link, a citation)
  stays on its line, and so does Hangul written right after a closing mark (a parenthesis, a
  quotation mark, a percent sign): no line starts with a particle, an ending or punctuation cut
  off from what it belongs to ("η⏎가", "식 (3)⏎에", "90%⏎에", "“모멘텀”⏎이"). The same holds in
  the chapter and section lists; ``live_figures.js`` applies the rule to the text it writes.
"""

from __future__ import annotations

import json
import re

from docutils import nodes
from sphinx.application import Sphinx

EDITIONS = {"ko": ("en", "English"), "en": ("ko", "한국어")}
KOREAN_SEARCH = "book/ko/search"


def edition_of(pagename: str) -> str | None:
    parts = pagename.split("/")
    if len(parts) >= 3 and parts[0] == "book" and parts[1] in EDITIONS:
        return parts[1]
    return None


def twin_of(pagename: str) -> str | None:
    lang = edition_of(pagename)
    if lang is None:
        return None
    parts = pagename.split("/")
    return "/".join([parts[0], EDITIONS[lang][0], *parts[2:]])


DEFINED = re.compile(r'(<div class="exercise admonition" id="([^"]+)">\s*<p class="admonition-title">'
                     r'<span class="caption-number">)Exercise \d+')
REFERENCE = re.compile(r'(href="#([^"]+)">(?:<span class="std std-numref">)?\s?)Exercise \d+')
WORDS = {"ko": ("연습 문제", "풀이:"), "en": ("Exercise", "Solution to")}


def localize_exercises(body: str, lang: str) -> str:
    """sphinx-exercise numbers exercises across the whole book and labels them in the build's
    language; number them 1, 2, … within each page, in the order they are defined, and in the
    page's own language, and make the references on the page follow."""
    word = WORDS[lang][0]
    local = {ident: i + 1 for i, ident in enumerate(m.group(2) for m in DEFINED.finditer(body))}
    body = DEFINED.sub(lambda m: f"{m.group(1)}{word} {local[m.group(2)]}", body)
    body = REFERENCE.sub(
        lambda m: f"{m.group(1)}{word} {local[m.group(2)]}" if m.group(2) in local else m.group(0), body)
    return body.replace("Solution to<", f"{WORDS[lang][1]}<")


# The theme's interface strings, in the Korean the book uses. Sphinx's and the book theme's own
# Korean catalogues cover only some of them, with wordings that do not fit here ("By" → "으로").
KOREAN_CHROME = {
    "Contents": "목차",
    "On this page": "이 페이지에서",
    "Search": "검색",
    "Search this book...": "이 책에서 검색…",
    "Search Results": "검색 결과",
    "Error": "오류",
    "Please activate JavaScript to enable the search functionality.": "검색하려면 JavaScript를 켜 주세요.",
    "previous": "이전",
    "next": "다음",
    "previous page": "이전 페이지",
    "next page": "다음 페이지",
    "Back to top": "맨 위로",
    "Skip to main content": "본문으로 건너뛰기",
    "Download source file": "원본 파일 내려받기",
    "Download notebook file": "노트북 파일 내려받기",
    "Download this page": "이 페이지 내려받기",
    "Print to PDF": "PDF로 인쇄",
    "Fullscreen mode": "전체 화면",
    "Color mode": "화면 색",
    "Light": "밝게",
    "Dark": "어둡게",
    "System Settings": "시스템 설정",
    "Toggle primary sidebar": "장 목록 열기/닫기",
    "Toggle secondary sidebar": "이 페이지의 목차 열기/닫기",
    "Site navigation": "사이트 탐색",
    "Section Navigation": "절 탐색",
    "Main": "장 목록",
    "Page": "이 페이지의 목차",
    "Version warning": "버전 알림",
    "Language": "언어",
    "Breadcrumb": "현재 위치",
    "Home": "처음",
    "Index": "색인",
    "By": "지은이:",
    "© Copyright %(copyright)s.": "© %(copyright)s.",
}

# Words that Sphinx's HTML writer, MyST-NB and sphinx-togglebutton write into the page itself.
KOREAN_BODY = {
    'title="Link to this heading"': 'title="이 제목으로 바로 가는 링크"',
    'title="Link to this equation"': 'title="이 식으로 바로 가는 링크"',
    'title="Link to this term"': 'title="이 용어로 바로 가는 링크"',
    'title="Link to this image"': 'title="이 그림으로 바로 가는 링크"',
    'title="Link to this table"': 'title="이 표로 바로 가는 링크"',
    'title="Link to this code"': 'title="이 코드로 바로 가는 링크"',
    'title="Link to this definition"': 'title="이 정의로 바로 가는 링크"',
    ">Show code cell source<": ">코드 보기<",
    ">Hide code cell source<": ">코드 숨기기<",
    ">Show code cell output<": ">출력 보기<",
    ">Hide code cell output<": ">출력 숨기기<",
    ">Show code cell content<": ">셀 보기<",
    ">Hide code cell content<": ">셀 숨기기<",
}
KOREAN_HINTS = {"'Click to show'": "'눌러서 펼치기'", "'Click to hide'": "'눌러서 접기'"}

# Sphinx's search page script, in Korean (the build's language is English, so it has no catalogue).
KOREAN_SEARCH_MESSAGES = {
    "Search Results": "검색 결과",
    "Searching": "검색 중",
    "Preparing search...": "검색을 준비하는 중…",
    "Search finished, found ${resultCount} page(s) matching the search query.":
        "검색을 마쳤습니다. 검색어에 맞는 페이지를 ${resultCount}개 찾았습니다.",
    "Your search did not match any documents. Please make sure that all words are spelled correctly "
    "and that you've selected enough categories.": "검색어에 맞는 페이지가 없습니다. 철자를 확인해 보세요.",
    ", in ": ", 위치: ",
}


def korean_gettext(message: str) -> str:
    return KOREAN_CHROME.get(message, message)


def korean_ngettext(singular: str, plural: str, n: int) -> str:
    return korean_gettext(singular if n == 1 else plural)


def translate_buttons(buttons: list) -> None:
    for button in buttons:
        for key in ("tooltip", "label"):
            if isinstance(button.get(key), str):
                button[key] = korean_gettext(button[key])
        translate_buttons(button.get("buttons", []))


def page_language(pagename: str) -> str | None:
    return "ko" if pagename == KOREAN_SEARCH else edition_of(pagename)


def localize_chrome(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """Runs after the theme has filled the context, so its header buttons are there to translate."""
    if page_language(pagename) != "ko":
        return
    context["language"] = "ko"
    context["gettext"] = context["translate"] = korean_gettext
    context["ngettext"] = korean_ngettext
    context["theme_toc_title"] = korean_gettext(context.get("theme_toc_title", "Contents"))
    context["theme_search_bar_text"] = korean_gettext(context.get("theme_search_bar_text", "Search"))
    translate_buttons(context.get("header_buttons", []))
    pathto = context["pathto"]
    # Korean pages search through the Korean search page.
    context["pathto"] = lambda uri, *args, **kw: pathto(KOREAN_SEARCH if uri == "search" else uri, *args,
                                                        **kw)
    for asset in context.get("script_files", []):
        body = getattr(asset, "attributes", {}).get("body")
        if body:
            for english, korean in KOREAN_HINTS.items():
                body = body.replace(english, korean)
            asset.attributes["body"] = body
    if pagename == KOREAN_SEARCH:
        catalog = {"messages": KOREAN_SEARCH_MESSAGES, "plural_expr": "0", "locale": "ko"}
        script = f"Documentation.addTranslations({json.dumps(catalog, ensure_ascii=False)});"
        app.add_js_file(None, body=script, priority=600)


def titled_sections(doctree: nodes.document) -> list[str]:
    """The anchors of a page's sections, in reading order (the page's title first)."""
    return [s["ids"][0] for s in doctree.findall(nodes.section)
            if s["ids"] and s.children and isinstance(s[0], nodes.title)]


def add_language_switch(app: Sphinx, pagename, templatename, context, doctree) -> None:
    lang = edition_of(pagename)
    if lang is None or doctree is None:
        return
    twin = twin_of(pagename)
    if twin not in app.env.all_docs:
        return
    other, label = EDITIONS[lang]
    context["language"] = lang
    context["language_switch"] = {
        "href": context["pathto"](twin), "lang": other, "label": label,
        "sections": " ".join(titled_sections(doctree)),
        "twin_sections": " ".join(titled_sections(app.env.get_doctree(twin))),
    }
    context["body"] = localize_exercises(context.get("body", ""), lang)
    app.add_js_file("bilingual.js", defer="defer")
    # "Next" at the end of one edition would open the other edition's first page.
    for key in ("prev", "next"):
        if context.get(key) and f"/{other}/" in "/" + context[key]["link"]:
            context[key] = None


# --- The body as written: interface words, language marks, where lines may break ------------

# Left as they are: code, scripts, drawings (an HTML span is no SVG text), and math (TeX that
# MathJax reads). Inline code and inline math still keep what follows them on their line.
PROTECTED = re.compile(r'<(pre|script|style|code|textarea|svg)\b.*?</\1>'
                       r'|<div class="math[^"]*"[^>]*>.*?</div>'
                       r'|<span class="math notranslate nohighlight">.*?</span>', re.DOTALL)
PIECE = re.compile(PROTECTED.pattern + r"|<[^>]*>", re.DOTALL)
INLINE_PROTECTED = ("<code", '<span class="math')
INLINE = {"a", "abbr", "b", "cite", "code", "dfn", "em", "i", "kbd", "mark", "q", "s", "samp", "small",
          "span", "strong", "sub", "sup", "u", "var"}
TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>")
GLOSS = re.compile(r"\(([A-Za-z][A-Za-z0-9 ,'/.-]*[A-Za-z.])\)")
CLASS_LANG = re.compile(r'(<[a-z]+\b[^>]*\bclass="[^"]*\blang-(ko|en)\b[^"]*")')
HANGUL = re.compile(r"[\uac00-\ud7a3]")
# A Korean word may start with digits written onto it (1차, 2장, 10배): they are part of the word.
HANGUL_WORD = r"(?:(?<![\w.])\d+(?=[\uac00-\ud7a3]))?[\uac00-\ud7a3]+"
HANGUL_RUN = re.compile(HANGUL_WORD + r"(?: " + HANGUL_WORD + r")*")
# What is written right after an element, up to the next space: a particle, an ending, a stop.
# (A no-break space belongs to it; an opening parenthesis may start a line.)
FOLLOWING = re.compile(r"[^ \t\r\n(<]+")
# A closing mark (parenthesis, quotation mark, percent sign, …) followed by Hangul: browsers may
# break between them even under keep-all, which keeps only letters and digits together. An
# entity counts as one mark, so it is never cut.
MARK_THEN_HANGUL = re.compile(r"(&#?\w+;|[^\s\w(\[{“‘「『<>&/-])([\uac00-\ud7a3][^\s<(]*)")


def _split(html: str) -> list[str]:
    """Text and tags alternating (text first, text last); a protected part counts as one tag."""
    out, pos = [], 0
    for m in PIECE.finditer(html):
        out += [html[pos:m.start()], m.group(0)]
        pos = m.end()
    out.append(html[pos:])
    return out


def glue_elements(html: str) -> str:
    """An inline element (math, code, a link, a citation, emphasis) stays on one line with what
    is written right after it without a space ("식 (3)에", "[Pol64].", "`m(nesterov=True)`와").

    The pair is wrapped as ``<span class="glued">ELEMENT<span class="wj"></span>FOLLOWING</span>``:
    bilingual.css keeps the wrapper on one line (needed where MathJax's output, an inline block,
    meets the text) but lets the element itself wrap inside (long TeX before MathJax has run, a
    long link), and draws a word joiner (U+2060) between the two, which forbids the break at the
    element's end. The joiner is generated by CSS: copying the text does not pick it up."""
    tokens = _split(html)
    out: list[str] = []
    open_at: list[tuple[str, int]] = []  # open inline elements: name, where they start in out

    for i, token in enumerate(tokens):
        closed_from = None
        if i % 2 == 1:  # a tag or a protected part
            tag = TAG.match(token)
            if token.startswith(INLINE_PROTECTED):
                closed_from = len(out)
            elif tag and tag.group(2).lower() in INLINE and not tag.group(3):
                name = tag.group(2).lower()
                if not tag.group(1):
                    open_at.append((name, len(out)))
                elif any(n == name for n, _ in open_at):
                    while open_at:
                        n, start = open_at.pop()
                        if n == name:
                            closed_from = start
                            break
            out.append(token)
            if closed_from is not None and i + 1 < len(tokens):
                following = FOLLOWING.match(tokens[i + 1])
                if following:
                    element = "".join(out[closed_from:])
                    out[closed_from:] = [f'<span class="glued">{element}<span class="wj"></span>'
                                         f"{following.group()}</span>"]
                    tokens[i + 1] = tokens[i + 1][following.end():]
            continue
        out.append(token)
    return "".join(out)


def glue_marks(text: str) -> str:
    """A closing mark and the Hangul written right after it on one line ("(−4, 1)에서", "90%에",
    "“모멘텀”이라는")."""
    return MARK_THEN_HANGUL.sub(r'<span class="nowrap">\1\2</span>', text)


def _text(text: str, lang: str) -> str:
    """Marks and joins within one run of text (no tags in it): English glosses in Korean text
    and Korean words in English text say their language."""
    text = re.sub(r"(\d) %", "\\1\u00a0%", text)  # "90 %" never breaks before its sign
    if lang == "ko":
        text = GLOSS.sub(lambda m: f'(<span lang="en">{m.group(1)}</span>)', text)
    elif lang == "en":
        text = HANGUL_RUN.sub(lambda m: f'<span lang="ko">{m.group()}</span>', text)
    return glue_marks(text)


def typeset_body(body: str, lang: str) -> str:
    """Where lines may break, and what language each piece of text is in (``lang`` "ko", "en",
    or "both" for the landing page, whose blocks say their own language)."""
    tokens = _split(glue_elements(body))
    return "".join(_text(t, lang) if i % 2 == 0 else t for i, t in enumerate(tokens))


def typeset_navigation(html: str) -> str:
    """The same line breaking for the chapter and section lists (their titles are the headings')."""
    tokens = _split(glue_elements(html))
    return "".join(glue_marks(t) if i % 2 == 0 else t for i, t in enumerate(tokens))


def mark_languages(body: str, lang: str) -> str:
    """`lang` on blocks classed lang-ko/lang-en, and on bibliography entries and citations
    written in the other language (the book's sources are English: on Korean pages they say so,
    down to the citation's tooltip, which quotes the entry)."""
    body = CLASS_LANG.sub(lambda m: f'{m.group(1)} lang="{m.group(2)}"', body)
    if lang == "ko":
        body = body.replace('<span class="bibtex-citation"', '<span class="bibtex-citation" lang="en"')

    def entry(m: re.Match) -> str:
        written = "ko" if HANGUL.search(re.sub(r"<[^>]+>", "", m.group(2))) else "en"
        return m.group(1) + (f' lang="{written}"' if written != lang else "") + m.group(2)

    return re.sub(r'(<div class="citation"[^>]*?)(>.*?</div>)', entry, body, flags=re.DOTALL)


def rewrite_body(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if "body" not in context:
        return
    lang = page_language(pagename)
    # The landing page is in both languages: its blocks carry their own marks (lang-ko/lang-en).
    body = typeset_body(context["body"], lang or "both")
    if context.get("toc"):  # the page's section list, which the theme builds from this
        context["toc"] = typeset_navigation(context["toc"])
    body = mark_languages(body, lang or "en")
    # MyST-NB names its code-cell toggles "Toggle hidden content" while they show "Show code cell
    # source": the visible words are the better name (and axe-core asks for them).
    body = body.replace('<summary aria-label="Toggle hidden content">', "<summary>")
    if lang == "ko":
        for english, korean in KOREAN_BODY.items():
            body = body.replace(english, korean)
    context["body"] = body


SIDEBAR_PART = re.compile(r'(<p aria-level="2" class="caption" role="heading")(><span class="caption-text">'
                          r"(한국어|English)</span></p>\s*<ul)")
PART_LANGUAGE = {"한국어": "ko", "English": "en"}


def own_part_first(html: str, edition: str | None) -> str:
    """The sidebar of an English page lists the English part first (the Korean part follows, as
    the other edition), so a reader of either edition finds its chapters at the top of the list, in
    reading order for screen readers and the keyboard too. The landing page keeps `_toc.yml`'s order."""
    parts = {lang: html.find(f'<p aria-level="2" class="caption" role="heading" lang="{lang}">')
             for lang in ("ko", "en")}
    if edition != "en" or min(parts.values()) < 0 or parts["ko"] > parts["en"]:
        return html
    ko, en = parts["ko"], parts["en"]
    return html[:ko] + html[en:].rstrip() + "\n" + html[ko:en]


def mark_sidebar(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """The chapter list names both editions' chapters: each part says its language, and the
    page's own edition comes first."""
    generate = context.get("generate_toctree_html")
    if generate is None:
        return

    def marked(*args, **kwargs):
        html = str(generate(*args, **kwargs))

        def part(m: re.Match) -> str:
            lang = PART_LANGUAGE[m.group(3)]
            return f'{m.group(1)} lang="{lang}"{m.group(2)} lang="{lang}"'

        return own_part_first(SIDEBAR_PART.sub(part, typeset_navigation(html)), edition_of(pagename))

    context["generate_toctree_html"] = marked


def mark_neighbours(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """The previous/next links name a page in its own language (the landing page's next page
    is the Korean preface)."""
    lang = page_language(pagename) or "en"
    for key in ("prev", "next"):
        neighbour = context.get(key)
        if not neighbour:
            continue
        target = next((code for code in EDITIONS if f"/{code}/" in "/" + neighbour["link"]), lang)
        if target != lang:
            context[f"{key}_title"] = f'<span lang="{target}">{neighbour["title"]}</span>'


def add_korean_search_page(app: Sphinx):
    """A second search page for Korean readers, rendered with the Korean interface."""
    yield KOREAN_SEARCH, {}, "search.html"


def setup(app: Sphinx):
    app.connect("html-page-context", add_language_switch)
    app.connect("html-page-context", localize_chrome, priority=900)
    app.connect("html-page-context", mark_sidebar, priority=900)
    app.connect("html-page-context", mark_neighbours, priority=900)
    app.connect("html-page-context", rewrite_body, priority=950)
    app.connect("html-collect-pages", add_korean_search_page)
    app.add_css_file("bilingual.css")
    return {"version": "0.2", "parallel_read_safe": True, "parallel_write_safe": True}
