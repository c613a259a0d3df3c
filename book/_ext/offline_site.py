"""Keep every page self-contained and quiet in the browser.

- Jupyter Book 1 always loads sphinx-thebe, which declares its script twice on notebook pages
  (a console error) and points at a CDN; the book launches no kernel, so its assets are dropped.
- The theme logs an error when no colour mode is set; the book sets light as the default.
"""

from __future__ import annotations


def _tidy_page(app, pagename, templatename, context, doctree) -> None:
    def is_thebe(asset) -> bool:
        name = getattr(asset, "filename", "") or ""
        body = getattr(asset, "attributes", {}).get("body", "") or ""
        return "thebe" in name or "THEBE_JS_URL" in body

    context["default_mode"] = "light"
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [a for a in context[key] if not is_thebe(a)]


def setup(app):
    app.connect("html-page-context", _tidy_page, priority=900)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
