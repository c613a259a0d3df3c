"""Sphinx extension for the two-edition book.

- Every page under ``book/ko/`` or ``book/en/`` gets a link to its twin in the other edition
  (same file name, so the link is a path swap), and the landing page keeps its own links.
- Korean pages are served as ``<html lang="ko">`` so browsers choose Korean fonts and line
  breaking and screen readers read Korean; the build's ``language`` stays English.
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
    app.add_css_file("bilingual.css")
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
