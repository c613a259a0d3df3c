"""Load the live figures' engine, code and styles only on the pages that show a live figure.

A chapter asks for a figure with ``<div class="live-figure" data-figure="...">`` in a markdown
cell; every other page gets none of the files, so they add no weight there.
"""

from __future__ import annotations

import filecmp
from pathlib import Path

from docutils import nodes

MARK = 'class="live-figure"'
ASSETS = ("live_figures.css", "momentum_sim.js", "live_figures.js")


def _has_live_figure(doctree) -> bool:
    return doctree is not None and any(
        MARK in node.astext() for node in doctree.findall(nodes.raw) if "html" in node.get("format", "")
    )


def _add_assets(app, pagename, templatename, context, doctree) -> None:
    if _has_live_figure(doctree):
        # Sphinx adds a file to this page only when asked during html-page-context.
        app.add_css_file(ASSETS[0])
        for script in ASSETS[1:]:
            app.add_js_file(script, defer="defer")


def _pages_if_assets_changed(app, env, added, changed, removed):
    """Sphinx copies static files only when some page is rebuilt, so an edit to the figures'
    code alone would leave the old copy in the site (and the browser tests would test it):
    mark the pages with a live figure as outdated whenever a built copy differs."""
    source = Path(app.srcdir, "book", "_static")
    built = Path(app.outdir, "_static")
    if all((built / a).exists() and filecmp.cmp(source / a, built / a, shallow=False) for a in ASSETS):
        return []
    return [d for d in env.found_docs
            if MARK in Path(env.doc2path(d)).read_text(encoding="utf-8").replace('\\"', '"')]


def setup(app):
    app.connect("html-page-context", _add_assets)
    app.connect("env-get-outdated", _pages_if_assets_changed)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
