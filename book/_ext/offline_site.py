"""Keep every page self-contained, quiet in the browser and light.

- Jupyter Book 1 always loads sphinx-thebe, which declares its script twice on notebook pages
  (a console error) and points at a CDN; the book launches no kernel, so its assets are dropped.
- The theme logs an error when no colour mode is set; the book sets light as the default.
- MathJax comes from the copy that the sphinx-mathjax-offline package ships, but only the parts
  the pages use: the loader, TeX input (its extensions stay, for autoload), CHTML output with its
  fonts, and the hidden MathML that screen readers read. Its combined `tex-chtml.js` (1.16 MB)
  bundles a context menu (0.4 MB) the book does not offer, and the package's other 23 MB
  (SVG output, speech rules, other bundles) were copied into every build unused.
- Font Awesome: the theme's 1.5 MB script is not loaded (see `_templates/layout.html`); its
  stylesheet draws the icons from a web font, which is cut down to the icons the pages and the
  theme's scripts name (`icons.css` points the icon classes at the cut font). The theme's
  stylesheet, which every page loads, keeps the rules of those icons only (it has one for each
  of Font Awesome's 1,834 icons, 85 kB).
- sphinx-design's stylesheet and script (62 kB) are loaded only by the pages that use its
  components (the landing page's cards).
- Files no page asks for leave the build: source maps, the theme's translation catalogues, the
  uncut fonts and Font Awesome's script.
- The copy button's messages exist in Korean too (sphinx-copybutton picks them by <html lang>),
  and the toggle buttons' accessible name follows the page's hint text instead of fixed English.
"""

from __future__ import annotations

import pathlib
import re
import shutil

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

MATHJAX_PARTS = ["startup.js", "core.js", "input/tex.js", "input/tex/extensions", "output/chtml.js",
                 "output/chtml/fonts/tex.js", "output/chtml/fonts/woff-v2", "a11y/assistive-mml.js"]
MATHJAX_LOAD = ["input/tex", "output/chtml", "a11y/assistive-mml"]
MATHJAX_SKIP = {"all-packages.js"}  # every TeX extension in one file; autoload fetches single ones

DESIGN_ASSETS = {"sphinx-design.min.css", "design-tabs.js"}
DESIGN_CLASS = re.compile(r'class="[^"]*\bsd-')
ICON_RULE = re.compile(r'([^{}]+)\{content:"\\[0-9a-f]+"\}')
ICON_SELECTOR = re.compile(r"\.(fa-[a-z0-9-]+):before")

UNUSED = ["scripts/fontawesome.js", "scripts/fontawesome.js.LICENSE.txt", "locales",
          "vendor/fontawesome/webfonts"]

KOREAN_COPY_MESSAGES = """  'ko': {
    'copy': '복사',
    'copy_to_clipboard': '클립보드에 복사',
    'copy_success': '복사했습니다',
    'copy_failure': '복사하지 못했습니다',
  },
"""


def _tidy_page(app, pagename, templatename, context, doctree) -> None:
    def is_thebe(asset) -> bool:
        name = getattr(asset, "filename", "") or ""
        body = getattr(asset, "attributes", {}).get("body", "") or ""
        return "thebe" in name or "THEBE_JS_URL" in body

    def is_unused_design(asset) -> bool:
        name = getattr(asset, "filename", "") or ""  # "_static/design-tabs.js"
        return name.rsplit("/", 1)[-1] in DESIGN_ASSETS and not uses_design

    uses_design = DESIGN_CLASS.search(context.get("body", "")) is not None
    context["default_mode"] = "light"
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [a for a in context[key] if not is_thebe(a) and not is_unused_design(a)]


def _configure_mathjax(app: Sphinx, config) -> None:
    config.mathjax_path = "mathjax/startup.js"
    mathjax = dict(config.mathjax3_config or {})
    mathjax["loader"] = {**mathjax.get("loader", {}), "load": MATHJAX_LOAD}
    config.mathjax3_config = mathjax


def _mathjax_source() -> pathlib.Path:
    import importlib.util

    spec = importlib.util.find_spec("sphinx-mathjax-offline")
    if spec is None or spec.origin is None:
        raise ExtensionError("the sphinx-mathjax-offline package (MathJax's files) is not installed")
    return pathlib.Path(spec.origin).parent / "static" / "mathjax"


def _copy_mathjax(static: pathlib.Path) -> None:
    source, target = _mathjax_source(), static / "mathjax"
    shutil.rmtree(target, ignore_errors=True)
    for part in MATHJAX_PARTS:
        src, dst = source / part, target / part
        if src.is_dir():
            shutil.copytree(src, dst, ignore=lambda _dir, names: [n for n in names if n in MATHJAX_SKIP])
        else:
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)


def _icons_used(outdir: pathlib.Path) -> set[str]:
    """Icon names (`fa-bars`) in the pages' class attributes and the theme's scripts."""
    pages = outdir.rglob("*.html")
    texts = [" ".join(re.findall(r'class="([^"]*)"', p.read_text(encoding="utf-8"))) for p in pages]
    texts += [p.read_text(encoding="utf-8") for p in (outdir / "_static" / "scripts").glob("*.js")
              if "fontawesome" not in p.name]
    names = set(re.findall(r"\bfa-[a-z0-9-]+", " ".join(texts)))
    other = {"fa-regular", "fa-brands"} & names
    if other or re.search(r'class="[^"]*\bfa[rb]\b', " ".join(texts)):
        raise ExtensionError(f"icons from {other or 'fa-regular/fa-brands'} are used: cut those fonts too")
    return names


def _codepoints(stylesheet: str, names: set[str]) -> set[int]:
    """The characters the theme's stylesheet draws for these icon names."""
    points = set()
    for selectors, code in re.findall(r'([^{}]+)\{content:"\\([0-9a-f]+)"\}', stylesheet):
        if {s.strip().removesuffix(":before") for s in selectors.split(",")} & {f".{n}" for n in names}:
            points.add(int(code, 16))
    return points


def _without_unused_icons(stylesheet: str, names: set[str]) -> str:
    """The stylesheet without the rules of icons that no page names (a rule stays when any of
    its selectors is used, or when it is anything but icon selectors)."""

    def keep(m: re.Match) -> str:
        selectors = [ICON_SELECTOR.fullmatch(s.strip()) for s in m.group(1).split(",")]
        if not all(selectors) or {s.group(1) for s in selectors} & names:
            return m.group(0)
        return ""

    return ICON_RULE.sub(keep, stylesheet)


def _cut_icon_font(static: pathlib.Path, theme_static: pathlib.Path) -> None:
    """Only the solid icons are used (checked). The cut font gets a family of its own: one
    declared under the theme's family name would still make browsers fetch the theme's font.
    The stylesheet is cut from the theme's own copy, so that an icon a later build uses again
    gets its rule back."""
    from fontTools import subset

    stylesheet = (theme_static / "styles" / "pydata-sphinx-theme.css").read_text(encoding="utf-8")
    names = _icons_used(static.parent)
    points = _codepoints(stylesheet, names)
    # Icons the stylesheet itself draws before or after elements (admonitions, downloads,
    # external links), named in its variables as the characters themselves.
    points |= {ord(c) for c in re.findall('--pst-[a-z-]+:"([\uf000-\uf8ff])"', stylesheet)}
    if len(points) < 5:
        raise ExtensionError(f"only {len(points)} icons found in the pages: has the theme changed?")
    options = subset.Options()
    options.flavor = "woff"  # zlib; woff2 would need the brotli package
    font = subset.load_font(str(theme_static / "vendor/fontawesome/webfonts/fa-solid-900.ttf"), options)
    cutter = subset.Subsetter(options)
    cutter.populate(unicodes=points)
    cutter.subset(font)
    subset.save_font(font, str(static / "fa-solid-900-used.woff"), options)
    (static / "styles" / "pydata-sphinx-theme.css").write_text(_without_unused_icons(stylesheet, names),
                                                               encoding="utf-8")
    (static / "icons.css").write_text(
        "/* The theme's solid icons from a font cut to the icons this site uses (offline_site.py). */\n"
        '@font-face{font-display:block;font-family:"Book icons";font-style:normal;font-weight:900;'
        'src:url(fa-solid-900-used.woff) format("woff")}\n'
        '.fa,.fa-solid,.fas{font-family:"Book icons"}\n'
        ':root{--fa-font-solid:normal 900 1em/1 "Book icons"}\n', encoding="utf-8")


def _patch(path: pathlib.Path, old: str, new: str, done: str) -> None:
    """Replace `old` once in a built asset; `done` marks it as already patched (incremental
    builds). A missing `old` means the package changed: fail loudly rather than ship English."""
    text = path.read_text(encoding="utf-8")
    if done in text:
        return
    if old not in text:
        raise ExtensionError(f"{path.name}: expected text not found, update offline_site.py: {old!r}")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _localize_buttons(static: pathlib.Path) -> None:
    _patch(static / "copybutton.js", "const messages = {\n", "const messages = {\n" + KOREAN_COPY_MESSAGES,
           "'ko': {")
    _patch(static / "togglebutton.js", 'aria-label="Toggle hidden content"', 'aria-label="${toggleHintShow}"',
           'aria-label="${toggleHintShow}"')


def _drop_unused(static: pathlib.Path) -> None:
    for map_file in static.rglob("*.map"):
        map_file.unlink()
    for name in UNUSED:
        target = static / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()


def _finish(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    static = pathlib.Path(app.outdir) / "_static"
    import pydata_sphinx_theme

    theme_static = pathlib.Path(pydata_sphinx_theme.__file__).parent / "theme/pydata_sphinx_theme/static"
    _copy_mathjax(static)
    _cut_icon_font(static, theme_static)
    _localize_buttons(static)
    _drop_unused(static)


def setup(app):
    app.connect("html-page-context", _tidy_page, priority=900)
    app.connect("config-inited", _configure_mathjax, priority=900)
    app.connect("build-finished", _finish)
    app.add_css_file("icons.css")
    return {"version": "0.2", "parallel_read_safe": True, "parallel_write_safe": True}
