"""Sphinx extension for the two-edition book.

- Every page under ``book/ko/`` or ``book/en/`` gets a link to its twin in the other edition
  (same file name, so the link is a path swap), and the landing page keeps its own links.
- Korean pages are served as ``<html lang="ko">`` so browsers choose Korean fonts and line
  breaking and screen readers read Korean; the build's ``language`` stays English.
- On Korean pages the theme's own words (목차, 이전/다음, 검색, the header buttons' tooltips) are
  Korean too: the page's template context gets a Korean ``gettext`` for the theme's strings.
"""

from __future__ import annotations

import re

from sphinx.application import Sphinx

EDITIONS = {"ko": ("en", "English"), "en": ("ko", "한국어")}


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
    "Toggle primary sidebar": "왼쪽 사이드바 열기/닫기",
    "Toggle secondary sidebar": "오른쪽 사이드바 열기/닫기",
    "Site navigation": "사이트 탐색",
    "Section Navigation": "절 탐색",
    "Breadcrumb": "현재 위치",
    "Home": "처음",
    "Index": "색인",
    "By": "지은이:",
    "© Copyright %(copyright)s.": "© %(copyright)s.",
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


def localize_chrome(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """Runs after the theme has filled the context, so its header buttons are there to translate."""
    if edition_of(pagename) != "ko":
        return
    context["gettext"] = context["translate"] = korean_gettext
    context["ngettext"] = korean_ngettext
    context["theme_toc_title"] = korean_gettext(context.get("theme_toc_title", "Contents"))
    context["theme_search_bar_text"] = korean_gettext(context.get("theme_search_bar_text", "Search"))
    translate_buttons(context.get("header_buttons", []))


def add_language_switch(app: Sphinx, pagename, templatename, context, doctree) -> None:
    lang = edition_of(pagename)
    if lang is None:
        return
    other, label = EDITIONS[lang]
    twin = twin_of(pagename)
    if twin not in app.env.all_docs:
        return
    href = context["pathto"](twin)
    context["language"] = lang
    switch = (
        f'<nav class="language-switch" aria-label="language"><a class="language-link" '
        f'href="{href}" hreflang="{other}" lang="{other}">{label}</a></nav>\n'
    )
    context["body"] = switch + localize_exercises(context.get("body", ""), lang)


def setup(app: Sphinx):
    app.connect("html-page-context", add_language_switch)
    app.connect("html-page-context", localize_chrome, priority=900)
    app.add_css_file("bilingual.css")
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
