"""What the pages say to readers who use a keyboard, a screen reader or a shared link.

- Anchors say where they point. Docutils builds a heading's anchor from its ASCII letters
  only, so a Korean heading became ``#id9`` (or ``#gamma`` for "γ 고르기"), and Sphinx does the
  same to Korean glossary terms (``#term-35``). Such anchors are rebuilt from the words
  themselves (``#연습-문제``, ``#term-관성-계수``) before the table of contents, the index and
  the cross-references read them; explicit labels (``ko-ch02-rule``) and the old anchors stay
  valid.
- Citations are anchored as ``#cite-en-polyak1964`` (the bibliography's back-links go there)
  rather than ``#id2``.
- Ids are unique within a page: sphinx-exercise gives every exercise's and solution's body the
  same id (``exercise-content`` nine times on one page); each now takes its owner's id.
- Figures describe themselves: a notebook's plot has no alt text, so the HTML writer used its
  file path. The description is the prose the book writes about the figure, the paragraph right
  after the plotting cell (or, when there is none, the one before it), in the page's language,
  with its math spelled out in plain characters.
- Bibliography entries are list items (docutils marks them with a role ARIA deprecated, inside
  a list that then has no items).
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

HANGUL = re.compile(r"[\uac00-\ud7a3]")
OPAQUE = re.compile(r"^(?:id|term-)\d+$")


def slug(text: str) -> str:
    """Words joined by hyphens, in any script: "γ = 0.9에서 10배" → "γ-0-9에서-10배"."""
    return re.sub(r"[^\w]+", "-", text.lower()).strip("-")


def unique(document: nodes.document, wanted: str) -> str:
    candidate, n = wanted, 1
    while candidate in document.ids:
        n += 1
        candidate = f"{wanted}-{n}"
    return candidate


def explicit_ids(document: nodes.document) -> set[str]:
    return {document.nameids[name] for name, explicit in document.nametypes.items()
            if explicit and document.nameids.get(name)}


class ReadableAnchors(SphinxTransform):
    """Runs before `doctree-read` (priority 880), where the table of contents, the index and
    the search index take the anchors."""

    default_priority = 870

    def apply(self, **kwargs) -> None:
        labels = explicit_ids(self.document)
        for section in self.document.findall(nodes.section):
            if not section["ids"] or not section.children or not isinstance(section[0], nodes.title):
                continue
            first, title = section["ids"][0], section[0].astext()
            if first in labels and not OPAQUE.match(first):
                continue
            if OPAQUE.match(first) or HANGUL.search(title):
                self.prepend_id(section, slug(title))
        for term in self.document.findall(nodes.term):
            if term["ids"] and OPAQUE.match(term["ids"][0]) and term["ids"][0].startswith("term-"):
                self.rename_term(term)
        for cite in self.document.findall(addnodes.pending_xref):
            if cite.get("refdomain") == "cite" and cite["ids"] and OPAQUE.match(cite["ids"][0]):
                self.rename_citation(cite)

    def prepend_id(self, node: nodes.Element, wanted: str) -> str | None:
        if not wanted:
            return None
        new = unique(self.document, wanted)
        node["ids"].insert(0, new)
        self.document.ids[new] = node
        return new

    def rename_term(self, term: nodes.term) -> None:
        """A glossary term's anchor, everywhere Sphinx has already noted it."""
        old, text = term["ids"][0], term.astext()
        new = unique(self.document, "term-" + slug(text))
        term["ids"][0] = new
        self.document.ids[new] = term
        std = self.env.get_domain("std")
        for key, (docname, labelid) in list(std.objects.items()):
            if labelid == old and docname == self.env.docname:
                std.objects[key] = (docname, new)
        for key, (docname, labelid) in list(std._terms.items()):
            if labelid == old and docname == self.env.docname:
                std._terms[key] = (docname, new)
        for index in self.document.findall(addnodes.index):
            index["entries"] = [(*e[:2], new if e[2] == old else e[2], *e[3:]) for e in index["entries"]]


    def rename_citation(self, cite: addnodes.pending_xref) -> None:
        """A citation's anchor (where the bibliography's back-links return to): cite-<key>."""
        old = cite["ids"][0]
        new = unique(self.document, "cite-" + slug(cite["reftarget"]))
        cite["ids"][0] = new
        self.document.ids[new] = cite
        domain = self.env.get_domain("cite")
        domain.citation_refs[:] = [ref._replace(citation_ref_id=new)
                                   if ref.citation_ref_id == old and ref.docname == self.env.docname else ref
                                   for ref in domain.citation_refs]


def unique_content_ids(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for section in doctree.findall(nodes.section):
        if section["ids"] in (["exercise-content"], ["solution-content"]) and section.parent.get("ids"):
            section["ids"] = [f"{section.parent['ids'][0]}-content"]


# --- Figure descriptions ---------------------------------------------------------------------

TEX_WORDS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "Delta": "Δ", "epsilon": "ε", "varepsilon": "ε",
    "eta": "η", "theta": "θ", "kappa": "κ", "lambda": "λ", "mu": "μ", "rho": "ρ", "sigma": "σ", "tau": "τ",
    "nabla": "∇", "approx": "≈", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠", "neq": "≠",
    "times": "×", "cdot": "·", "infty": "∞", "to": "→", "in": "∈", "sqrt": "√", "sum": "∑", "pm": "±",
    "dots": "…", "cdots": "…", "ldots": "…", "mapsto": "↦", "longrightarrow": "⟶", "top": "ᵀ",
}
SUBSCRIPTS = str.maketrans("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ")
SUPERSCRIPTS = str.maketrans("0123456789+-=()nit", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵗ")


def tex_to_text(tex: str) -> str:
    """Inline TeX as plain characters, close enough to be read aloud: \\eta_{\\max} → η_max."""
    text = re.sub(r"\\(?:mathrm|mathbf|text|operatorname|boldsymbol|mathit)\s*\{([^{}]*)\}", r"\1", tex)
    text = re.sub(r"\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}", r"(\1)/(\2)", text)
    text = re.sub(r"\\(?:left|right|bigl|bigr|Bigl|Bigr|big|Big|tilde|bar|hat)\b", "", text)
    text = re.sub(r"\\(?:qquad|quad|,|;|!|:)", " ", text)
    text = re.sub(r"\\([A-Za-z]+)", lambda m: TEX_WORDS.get(m.group(1), m.group(1)), text)

    def script(m: re.Match) -> str:
        body = m.group(2) or m.group(3)
        if body in ("*", "′"):  # η^* is η*
            return body
        table = SUBSCRIPTS if m.group(1) == "_" else SUPERSCRIPTS
        shifted = body.translate(table)
        return shifted if shifted != body or not body.strip() else f"{m.group(1)}{body}"

    text = re.sub(r"([_^])(?:\{([^{}]*)\}|(\S))", script, text)
    return re.sub(r"\s+", " ", text.replace("{", "").replace("}", "")).strip()


def readable(paragraph: nodes.paragraph) -> str:
    parts = []
    for node in paragraph.findall(lambda n: isinstance(n, (nodes.Text, nodes.math))):
        if isinstance(node, nodes.math):
            parts.append(tex_to_text(node.astext()))
        elif not isinstance(node.parent, nodes.math):
            parts.append(node.astext())
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def first_sentences(text: str, limit: int = 300) -> str:
    """Whole sentences up to about `limit` characters (at least the first sentence)."""
    sentences = re.findall(r".+?(?:[.!?](?=\s|$)|$)", text)
    kept = ""
    for sentence in sentences:
        if kept and len(kept) + len(sentence) > limit:
            break
        kept += sentence
    return kept.strip()


def describing_paragraph(cell: nodes.Element) -> nodes.paragraph | None:
    """The prose about a cell's figure: the first paragraph after the cell, before the next
    cell or section, else the last paragraph before it."""
    for sibling in cell.traverse(include_self=False, descend=False, siblings=True):
        if isinstance(sibling, nodes.paragraph):
            return sibling
        if isinstance(sibling, nodes.section) or "cell" in sibling.get("classes", []):
            break
    before = [n for n in cell.parent.children[: cell.parent.index(cell)] if isinstance(n, nodes.paragraph)]
    return before[-1] if before else None


def describe_figures(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for image in doctree.findall(nodes.image):
        if image.get("alt"):
            continue
        cell = image.parent
        while cell is not None and "cell" not in cell.get("classes", []):
            cell = cell.parent
        paragraph = describing_paragraph(cell) if cell is not None else None
        if paragraph is not None:
            image["alt"] = first_sentences(readable(paragraph))


def list_bibliography(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if "body" in context:
        context["body"] = context["body"].replace('role="doc-biblioentry"', 'role="listitem"')


def setup(app: Sphinx):
    app.add_transform(ReadableAnchors)
    app.connect("doctree-resolved", unique_content_ids)
    app.connect("doctree-resolved", describe_figures)
    app.connect("html-page-context", list_bibliography)
    return {"version": "0.1", "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
