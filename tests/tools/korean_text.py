"""Checks on the built pages' text around rendered references (equation numbers, chapter and
exercise references, glossary terms, citations): the particle written right after a reference
agrees with how the reference is read aloud, and no reference doubles the words around it.

The source writes a particle after `{eq}` or `{doc}` without seeing what they render to, so
these checks read the built HTML, where "식 (1)는" or "1. 경사 하강법에서 경사 하강법은" shows.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag

from hangul import ending_sound, particle_for

BLOCKS = {"p", "li", "td", "th", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "div", "section",
          "article", "caption", "figcaption", "table", "ul", "ol", "dl", "blockquote", "main", "body"}
# Copula endings written without 이 after a vowel (기울기라는, 기울기고); after a consonant they need
# it (모멘텀이라는), so "(1)라는" is wrong where "(2)라는" and "(2)이라는" are both right.
VOWEL_ONLY_COPULA = ("라는", "라고", "라면", "라서", "란", "라", "며", "고", "다", "나", "면", "든", "지만", "므로")
PARTICLE_ORDER = ("으로", "로", "은", "는", "을", "를", "과", "와", "가")
NUMBERED_TITLE = re.compile(r"^\d+\.\s")
WORD = re.compile(r"\w+")


def article_of(html: str) -> Tag:
    soup = BeautifulSoup(html, "html.parser")
    article = soup.select_one("article.bd-article") or soup.body or soup
    for element in article.select("script, style, .headerlink"):
        element.decompose()
    return article


def references(article: Tag) -> list[Tag]:
    """Each rendered reference once: a citation group as a whole, and every other link."""
    found = []
    for element in article.select("span.bibtex-citation, a.reference"):
        if element.name == "a" and element.find_parent("span", class_="bibtex-citation"):
            continue
        found.append(element)
    return found


def _strings(node) -> list[str]:
    return [str(node)] if isinstance(node, NavigableString) else list(node.strings)


def is_numbered_reference(node) -> bool:
    """A reference whose label carries a number (chapter 7, 연습 문제 8, (2), a citation)."""
    is_reference = isinstance(node, Tag) and (
        (node.name == "a" and "reference" in node.get("class", []))
        or "bibtex-citation" in node.get("class", []) or node.select_one("a.reference") is not None)
    return is_reference and re.search(r"\d", node.get_text()) is not None


def _neighbours(element: Tag, limit: int, forward: bool, to_next_reference: bool) -> str:
    """The text beside `element` in its block (paragraph, list item, cell), up to `limit`
    characters; with `to_next_reference`, only up to the next numbered reference ("chapter 5,
    chapter 7" lists two references, it does not double one; "2. 모멘텀에서 {term}`모멘텀`" does)."""
    parts, length, node = [], 0, element
    while node is not None and length < limit:
        sibling = node.next_sibling if forward else node.previous_sibling
        while sibling is not None and length < limit:
            if to_next_reference and is_numbered_reference(sibling):
                return "".join(parts if forward else reversed(parts))
            text = "".join(_strings(sibling))
            parts.append(text)
            length += len(text)
            sibling = sibling.next_sibling if forward else sibling.previous_sibling
        node = node.parent
        if node is None or node.name in BLOCKS:
            break
    return "".join(parts if forward else reversed(parts))


def text_after(element: Tag, limit: int = 60, to_next_reference: bool = False) -> str:
    return _neighbours(element, limit, True, to_next_reference)[:limit]


def text_before(element: Tag, limit: int = 60, to_next_reference: bool = False) -> str:
    return _neighbours(element, limit, False, to_next_reference)[-limit:]


def skip_gloss(after: str) -> str:
    """Drop an English gloss in parentheses right after a term: 모멘텀(momentum)이 → 이."""
    match = re.match(r"\(([^()]*)\)", after)
    if match and not re.search(r"[\uac00-\ud7a3]", match.group(1)):
        return after[match.end():]
    return after


def particle_problem(reference_text: str, after: str) -> str | None:
    """What is wrong with the particle glued to a reference that reads `reference_text`, or None."""
    glued = re.match(r"[\uac00-\ud7a3]+", after)
    sound = ending_sound(reference_text)
    if not glued or sound is None:
        return None
    word = glued.group(0)
    written = "이" if word == "이" else next((p for p in PARTICLE_ORDER if word.startswith(p)), None)
    if written is not None:
        right = particle_for(sound, written)
        if right != written:
            return f"{reference_text!r} + {word!r}: {reference_text} takes {right}, not {written}"
        return None
    if sound != "vowel" and word.startswith(VOWEL_ONLY_COPULA):
        return f"{reference_text!r} + {word!r}: after a final consonant write 이{word}"
    return None


def content_words(text: str) -> list[str]:
    """The words of a reference other than numbers: "1. 경사 하강법" → [경사, 하강법]."""
    return [w.casefold() for w in WORD.findall(text) if not re.search(r"\d", w)]


def doubling_problem(reference_text: str, before: str, after: str) -> str | None:
    """A reference that repeats the words just before it ("(연습 문제 연습 문제 7)") or just after
    it, past a glued particle ("1. 경사 하강법에서 경사 하강법은")."""
    words = content_words(reference_text)
    if not words:
        return None
    k = len(words)
    previous = [w.casefold() for w in WORD.findall(before)]
    # Only words beside the reference (a space or comma apart) double it: "In 1. Gradient descent,
    # gradient descent …" does, "the glossary's damping: damping is …" repeats on purpose.
    if previous[-k:] == words and re.search(r"\w[\s(,]*$", before):
        return f"{' '.join(previous[-k:])!r} written before {reference_text!r}"
    rest = re.sub(r"^[\uac00-\ud7a3]+", "", after)
    if not re.match(r"[\s,]*\w", rest):
        return None
    following = [w.casefold() for w in WORD.findall(rest)[:k]]
    if len(following) == k and following[:-1] == words[:-1] and following[-1].startswith(words[-1]):
        return f"{reference_text!r} followed again by {' '.join(following)!r}"
    return None


def reference_problems(html: str, edition: str) -> list[str]:
    """Every particle and doubling problem around the page's references (particles: Korean only)."""
    problems = []
    for element in references(article_of(html)):
        text = " ".join(element.get_text(" ").split())
        after = text_after(element)
        if edition == "ko":
            glued = skip_gloss(after) if element.select_one(".std-term") else after
            problem = particle_problem(text, glued)
            if problem:
                problems.append("particle: " + problem)
            glued_word = re.match(r"[\uac00-\ud7a3]+", after)
            if element.select_one("span.doc") and NUMBERED_TITLE.match(text) and glued_word:
                number = text.split(".")[0]
                problems.append(f"chapter title used as a noun: {text!r} + {glued_word.group(0)!r}; "
                                f"write {number}장")
        problem = doubling_problem(text, text_before(element, to_next_reference=True),
                                   text_after(element, to_next_reference=True))
        if problem:
            problems.append("doubled: " + problem)
    return problems

