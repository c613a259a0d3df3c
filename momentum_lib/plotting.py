"""Figures for the book: contours with trajectories, loss curves, heat maps, and the
interactive γ slider.

Figures carry no language-specific text: axes use symbols (θ₁, θ₂, t, γ, η, J) and legends
use algorithm names, so one figure serves both editions and needs no CJK font.
matplotlib is imported here, lazily from ``momentum_lib``'s point of view.
"""

from __future__ import annotations

import html
import json

import matplotlib.pyplot as plt
import numpy as np

from .objectives import Objective, Quadratic

#: One colour per algorithm, the same in every chapter.
COLORS = {"GD": "#7f7f7f", "Momentum": "#1f77b4", "Nesterov": "#d62728", "Keras": "#2ca02c"}
#: Colours for further runs of an algorithm already drawn ("Momentum γ=0.5" after "γ=0.9").
EXTRA_COLORS = ("#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22")
#: The shade of a marked region (chapter 04's plateau) and the ink of reference lines and marks.
BAND, INK = "#e5e5e5", "#000000"
#: What each colour is called in each edition. The book's prose names a colour only through
#: this table (a Sphinx extension turns it into substitutions such as ``{{ en_color_GD }}``),
#: so a caption cannot name a colour the figure does not draw.
COLOR_NAMES = {
    "#7f7f7f": {"en": "grey", "ko": "회색"}, "#1f77b4": {"en": "blue", "ko": "파란색"},
    "#d62728": {"en": "red", "ko": "빨간색"}, "#2ca02c": {"en": "green", "ko": "초록색"},
    "#ff7f0e": {"en": "orange", "ko": "주황색"}, "#9467bd": {"en": "purple", "ko": "보라색"},
    "#8c564b": {"en": "brown", "ko": "갈색"}, "#e377c2": {"en": "pink", "ko": "분홍색"},
    "#17becf": {"en": "cyan", "ko": "청록색"}, "#bcbd22": {"en": "olive", "ko": "올리브색"},
    BAND: {"en": "light grey", "ko": "연한 회색"}, INK: {"en": "black", "ko": "검은색"},
}


def color_substitutions() -> dict[str, str]:
    """``{"en_color_GD": "grey", "ko_color_GD": "회색", ..., "en_color_extra1": "orange", ...,
    "en_color_band": "light grey", "en_color_ink": "black", ...}``: every colour the figures use,
    named in each edition.
    ``extraN`` is the N-th colour :func:`colors_for` gives to a repeated algorithm."""
    keyed = {**COLORS, **{f"extra{i}": c for i, c in enumerate(EXTRA_COLORS, start=1)}, "band": BAND, "ink": INK}
    return {f"{lang}_color_{key}": COLOR_NAMES[color][lang] for key, color in keyed.items() for lang in ("en", "ko")}


def style() -> None:
    """The book's matplotlib defaults: fixed size and resolution so stored figures are stable."""
    plt.rcParams.update({
        "figure.figsize": (6.4, 4.0), "figure.dpi": 100, "savefig.dpi": 100,
        "axes.grid": True, "grid.alpha": 0.3, "axes.spines.top": False,
        "axes.spines.right": False, "legend.frameon": False, "font.size": 11,
    })


def color_for(label: str) -> str | None:
    """The colour of an algorithm, from the first word of its label (``"Momentum γ=0.9"``)."""
    return COLORS.get(label.split()[0]) if label else None


def colors_for(labels) -> list[str | None]:
    """One colour per label: the algorithm's own colour for its first run, a distinct extra
    colour for every later run of an algorithm already drawn, so no two lines share a colour."""
    used, extra, colors = set(), iter(EXTRA_COLORS), []
    for label in labels:
        color = color_for(label)
        if color is None or color in used:
            color = next(extra, None)
        used.add(color)
        colors.append(color)
    return colors


def contour(ax, objective: Objective, xlim, ylim, levels: int = 12, resolution: int = 200):
    """Log-spaced contour lines of a 2-D objective on ``ax``, the minimizer marked with ×."""
    xs = np.linspace(*xlim, resolution)
    ys = np.linspace(*ylim, resolution)
    grid = np.stack(np.meshgrid(xs, ys), axis=-1)
    z = objective.value(grid) - objective.minimum
    positive = z[z > 0]
    lv = np.geomspace(max(positive.min(), positive.max() * 1e-4), positive.max(), levels)
    ax.contour(xs, ys, z, levels=lv, colors="0.75", linewidths=0.8)
    ax.plot(*objective.minimizer, marker="x", color="k", markersize=8, linestyle="none")
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_xlabel("θ₁")
    ax.set_ylabel("θ₂")
    return ax


def trajectories(ax, objective: Objective, runs: dict, xlim, ylim, markers: bool = True):
    """Contours of ``objective`` and one path per entry of ``runs`` (label → Trajectory or θ's)."""
    contour(ax, objective, xlim, ylim)
    for (label, run), color in zip(runs.items(), colors_for(runs), strict=True):
        path = np.asarray(getattr(run, "thetas", run))
        ax.plot(path[:, 0], path[:, 1], marker="o" if markers else None, markersize=2.5,
                linewidth=1.2, label=label, color=color)
    ax.legend(loc="upper right")
    return ax


def loss_curves(ax, runs: dict, log: bool = True, xlabel: str = "$t$", ylabel: str = r"$J(\theta_t) - J^*$"):
    """Loss (minus the minimum where known) against the step, one line per run."""
    for (label, losses), color in zip(runs.items(), colors_for(runs), strict=True):
        losses = np.asarray(getattr(losses, "losses", losses), dtype=float)
        ax.plot(np.arange(len(losses)), losses, label=label, color=color)
    if log:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend()
    return ax


def heatmap(ax, x, y, values, *, xlabel: str = "γ", ylabel: str = "η", cmap: str = "viridis",
            vmin=None, vmax=None, colorbar_label: str | None = None):
    """``values[i, j]`` at (x[j], y[i]) as a colour mesh, with a colour bar."""
    mesh = ax.pcolormesh(x, y, values, shading="nearest", cmap=cmap, vmin=vmin, vmax=vmax)
    bar = ax.figure.colorbar(mesh, ax=ax)
    if colorbar_label:
        bar.set_label(colorbar_label)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(False)
    return mesh


def slider_html(quadratic: Quadratic, paths: dict, *, xlim, ylim, label: str = "γ",
                width: int = 560, height: int = 320, element_id: str = "momentum-slider") -> str:
    """A self-contained interactive figure: contours of a 2-D quadratic and one precomputed path
    per slider position (``paths``: slider value → array of θ's), as inline SVG with a range input.

    No kernel, no external script, no random ids: the HTML is a pure function of its inputs,
    so a notebook can store it and nbval can compare it. Coordinates are rounded to 0.1 px.
    """
    if not isinstance(quadratic, Quadratic) or quadratic.dim != 2:
        raise TypeError("slider_html draws the contours of a 2-D Quadratic")
    (x0, x1), (y0, y1) = xlim, ylim

    def px(p):
        p = np.asarray(p, dtype=float)
        sx = (p[..., 0] - x0) / (x1 - x0) * width
        sy = (1 - (p[..., 1] - y0) / (y1 - y0)) * height
        return np.round(sx, 1), np.round(sy, 1)

    # Each contour J = level is the ellipse θ* + V diag(√(2·level/λ)) (cos s, sin s); its points
    # are mapped to the screen like the path, so any rotation and any aspect ratio draw right.
    w, vecs = np.linalg.eigh(quadratic.matrix)
    angles = np.linspace(0, 2 * np.pi, 73)
    circle = np.stack([np.cos(angles), np.sin(angles)], axis=-1)
    cx, cy = px(quadratic.minimizer)
    reach = max(abs(x1 - x0), abs(y1 - y0))
    ellipses = []
    for level in np.geomspace(1e-3, 0.5 * w[-1] * reach**2, 14):
        points = quadratic.minimizer + (circle * np.sqrt(2 * level / w)) @ vecs.T
        sx, sy = px(points)
        coords = " ".join(f"{a:.1f},{b:.1f}" for a, b in zip(sx, sy, strict=True))
        ellipses.append(f'<polygon class="contour" points="{coords}" fill="none" stroke="#bbb"/>')
    keys = list(paths)
    frames = []
    for key in keys:
        sx, sy = px(np.asarray(paths[key]))
        sx, sy = np.clip(sx, -width, 2 * width), np.clip(sy, -height, 2 * height)
        frames.append(" ".join(f"{a:.1f},{b:.1f}" for a, b in zip(sx, sy, strict=True)))
    data = json.dumps({"labels": [f"{k:g}" if isinstance(k, (int, float)) else str(k) for k in keys],
                       "frames": frames})
    eid = html.escape(element_id)
    start = len(keys) // 2
    return f"""<div id="{eid}" class="momentum-slider" style="max-width:{width}px">
<svg viewBox="0 0 {width} {height}" width="100%" role="img"
 aria-label="trajectory for each {html.escape(label)}" style="background:#fff;border:1px solid #ddd">
{''.join(ellipses)}
<circle cx="{cx}" cy="{cy}" r="4" fill="#000"/>
<polyline class="path" fill="none" stroke="{COLORS['Momentum']}" stroke-width="1.5" points="{frames[start]}"/>
</svg>
<label style="display:flex;gap:0.5em;align-items:center">{html.escape(label)} =
<output class="value">{json.loads(data)['labels'][start]}</output>
<input class="slider" type="range" min="0" max="{len(keys) - 1}" value="{start}" step="1" style="flex:1"/></label>
<script>
(function () {{
  var d = {data};
  var root = document.getElementById("{eid}");
  var line = root.querySelector(".path"), out = root.querySelector(".value");
  root.querySelector(".slider").addEventListener("input", function (e) {{
    var i = Number(e.target.value);
    line.setAttribute("points", d.frames[i]);
    out.textContent = d.labels[i];
  }});
}})();
</script>
</div>"""
