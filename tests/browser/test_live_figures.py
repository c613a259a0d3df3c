"""The live figures (book/_static/momentum_sim.js, live_figures.js) in Chromium.

- The engine computes what momentum_lib computes: random configurations per objective, float64,
  compared step by step within 1e-12, divergence at the same step.
- The figures' numbers (settled step, success rate, ρ) equal momentum_lib's.
- Every control works by keyboard, pointer and touch; nothing leaves localhost; no console error.
- On a 390 px phone the figures fit; they are reachable and labelled for assistive technology,
  readable in the theme's dark mode, and say something without JavaScript.

Relative error, as used below: at step t, the largest |JS − momentum_lib| over the components,
divided by the largest |value| momentum_lib has produced up to step t. An element-wise ratio is
meaningless where a component passes near 0 (the absolute rounding stays that of the run's
scale), so the scale is the run's own.
"""

import json
import pathlib
import re

import numpy as np
import pytest

import momentum_lib as ml
from momentum_lib import theory
from momentum_lib.objectives import Objective

ROOT = pathlib.Path(__file__).resolve().parents[2]
SITE = ROOT / "_build" / "html"
STATIC = ROOT / "book" / "_static"
PAGES = {"ch02-momentum": "02_momentum", "ch03-terminal": "03_terminal_momentum",
         "ch04-double-well": "04_flat_regions_and_local_minima", "ch06-rate-map": "06_quadratic_analysis",
         "ch07-nesterov": "07_nesterov"}
RTOL = 1e-12
CONFIGS = 60  # per objective; the issue asks for at least 50


def without_mathjax(page):
    """Serve MathJax as an empty script: these tests look at the figures, typesetting every
    formula of the page would only slow them down, and test_site.py checks the math."""
    page.route("**/_static/mathjax/**", lambda r: r.fulfill(body="", content_type="text/javascript"))
    return page


@pytest.fixture
def figure_page(page_probe):
    """conftest's page_probe (console errors, failed and external requests recorded), no MathJax."""
    return without_mathjax(page_probe)


def url(site_url, figure, edition="en"):
    return f"{site_url}/book/{edition}/{PAGES[figure]}.html"


def open_figure(page, site_url, figure, edition="en"):
    page.goto(url(site_url, figure, edition), wait_until="load")
    fig = page.locator(f'.live-figure[data-figure="{figure}"]')
    fig.locator(".lf-readout").wait_for()
    if figure == "ch04-double-well":
        page.wait_for_selector(".live-figure[data-rates]", state="attached", timeout=30_000)
    return fig


# ---------------------------------------------------------------------------------------------
# Exactness of the engine


class ConstantGradient(Objective):
    """J = C·θ: chapter 03's constant gradient, the engine's "linear" objective."""

    def __init__(self, gradient):
        self.c = np.asarray(gradient, dtype=float)
        self.dim = self.c.size
        self.minimizer, self.minimum = np.full(self.dim, np.nan), -np.inf

    def value(self, theta):
        return np.sum(self._theta(theta) * self.c, axis=-1)

    def grad(self, theta):
        return np.broadcast_to(self.c, self._theta(theta).shape).copy()


def log_uniform(rng, lo, hi):
    return float(np.exp(rng.uniform(np.log(lo), np.log(hi))))


def random_problem(kind, rng):
    """(engine objective, momentum_lib objective, learning rate, θ0): ranges chosen so that some
    runs converge, some oscillate and some diverge."""
    if kind in ("quadratic", "quadratic-rotated"):
        lam, star = [log_uniform(rng, 0.1, 100), log_uniform(rng, 0.1, 100)], rng.uniform(-2, 2, 2).tolist()
        eta, th0 = log_uniform(rng, 0.01, 5) / max(lam), rng.uniform(-5, 5, 2)
        if kind == "quadratic":
            spec = {"name": "quadratic", "eigenvalues": lam, "minimizer": star}
            return spec, ml.Quadratic(lam, minimizer=star), eta, th0
        phi = rng.uniform(0, np.pi)
        rot = np.array([[np.cos(phi), -np.sin(phi)], [np.sin(phi), np.cos(phi)]])
        a = rot @ np.diag(lam) @ rot.T
        a = (a + a.T) / 2
        return ({"name": "quadratic", "matrix": a.tolist(), "minimizer": star},
                ml.Quadratic(matrix=a, minimizer=star), eta, th0)
    if kind == "rosenbrock":
        a, b = rng.uniform(0.5, 1.5), log_uniform(rng, 1, 100)
        eta, th0 = log_uniform(rng, 1e-4, 2e-2), rng.uniform(-2, 2, 2)
        return {"name": "rosenbrock", "a": a, "b": b}, ml.Rosenbrock(a, b), eta, th0
    if kind == "doublewell":
        c = rng.uniform(0.05, 1.5)
        eta, th0 = log_uniform(rng, 1e-3, 0.3), rng.uniform(-2.5, 2.5, 1)
        return {"name": "doublewell", "tilt": c}, ml.DoubleWell(c), eta, th0
    if kind == "plateau":
        w, d, r = rng.uniform(0.5, 5), rng.uniform(0.5, 2), rng.uniform(0.5, 2)
        return ({"name": "plateau", "width": w, "depth": d, "radius": r}, ml.Plateau(w, d, r),
                log_uniform(rng, 0.01, 3), rng.uniform(-3, 8, 1))
    c = rng.uniform(-2, 2, 2)
    eta, th0 = log_uniform(rng, 1e-3, 1), rng.uniform(-5, 5, 2)
    return {"name": "linear", "gradient": c.tolist()}, ConstantGradient(c), eta, th0


def random_configs(kind, n=CONFIGS):
    rng = np.random.default_rng(1600 + KINDS.index(kind))
    configs = []
    for k in range(n):
        spec, objective, eta, th0 = random_problem(kind, rng)
        momentum = None if k % 5 == 0 else float(rng.uniform(0, 0.99))  # every fifth: gradient descent
        configs.append({"objective": spec, "learningRate": eta, "momentum": momentum,
                        "nesterov": bool(k % 2), "theta0": th0.tolist(), "steps": int(rng.integers(1, 501)),
                        "_objective": objective})
    return configs


def reference(cfg, objective=None):
    opt = (ml.GradientDescent(cfg["learningRate"]) if cfg["momentum"] is None
           else ml.Momentum(cfg["learningRate"], cfg["momentum"], nesterov=cfg["nesterov"]))
    return ml.run(opt, objective or cfg["_objective"], np.array(cfg["theta0"]), cfg["steps"])


def run_in_browser(page, configs):
    public = [{k: v for k, v in c.items() if not k.startswith("_")} for c in configs]
    return page.evaluate("cs => cs.map(c => momentumSim.run(c))", public)


def relative_error(js, py):
    """max over t of |js_t − py_t|∞ / max_{s ≤ t} |py_s|∞ (see the module docstring)."""
    js = np.asarray(js, dtype=float).reshape(len(js), -1)
    py = np.asarray(py, dtype=float).reshape(len(py), -1)
    diff = np.abs(js - py).max(axis=1)
    scale = np.maximum.accumulate(np.abs(py).max(axis=1))
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(np.where(diff == 0, 0.0, diff / scale).max())


def errors(r, tr):
    """The worst relative error of θ, J and m between a run `r` (the engine's, or another
    Trajectory) and momentum_lib's Trajectory `tr`."""
    if isinstance(r, ml.Trajectory):
        r = {"thetas": r.thetas, "losses": r.losses, "momenta": r.momenta}
    out = [relative_error(r["thetas"], tr.thetas), relative_error(r["losses"], tr.losses)]
    if tr.momenta is not None:
        out.append(relative_error(r["momenta"], tr.momenta))
    return max(out)


@pytest.fixture(scope="module")
def engine_page(browser, site_url):
    page = browser.new_page()
    page.goto(url(site_url, "ch02-momentum"), wait_until="load")
    page.wait_for_function("() => window.momentumSim")
    yield page
    page.close()


KINDS = ["quadratic", "quadratic-rotated", "rosenbrock", "doublewell", "plateau", "linear"]


@pytest.mark.parametrize("kind", KINDS)
def test_engine_equals_momentum_lib(engine_page, kind):
    configs = random_configs(kind)
    results = run_in_browser(engine_page, configs)
    worst, identical, compared, diverged = 0.0, 0, 0, 0
    for cfg, r in zip(configs, results, strict=True):
        ref = reference(cfg)
        assert r["divergedAt"] == ref.diverged_at, cfg
        e = errors(r, ref)
        assert e <= RTOL, f"relative error {e:.2e} in {cfg}"
        worst, compared = max(worst, e), compared + 1
        identical += np.array_equal(np.array(r["thetas"]), ref.thetas)
        diverged += bool(ref.diverged)
    print(f"\n{kind}: {compared} of {len(configs)} configurations compared with momentum_lib, "
          f"{diverged} diverged, {identical} bit-identical in θ; worst relative error {worst:.2e}")
    assert compared >= 50
    if kind != "linear":
        assert 3 <= diverged <= compared - 3, "the sample must exercise both divergence and convergence"


def test_engine_is_checked_by_the_exactness_test(engine_page):
    """The comparison above sees a change of 1e-9 in one learning rate and a changed threshold."""
    cfg = random_configs("quadratic", 3)[1]
    ref = reference(cfg)
    nudged = run_in_browser(engine_page, [dict(cfg, learningRate=cfg["learningRate"] * (1 + 1e-9))])[0]
    assert errors(nudged, ref) > RTOL
    blow_up = dict(cfg, learningRate=100.0, momentum=0.9, steps=50)
    ref = reference(blow_up)
    assert ref.diverged
    late = run_in_browser(engine_page, [dict(blow_up, threshold=1e12)])[0]
    assert late["divergedAt"] != ref.diverged_at


def settled_step(tr, target, tol):
    """The smallest t with ‖θ_s − θ*‖ ≤ tol for every s from t to T; inf if θ_T is outside or
    the run diverged (momentum_lib.sweep.steps_to_settle's definition)."""
    if tr.diverged:
        return float("inf")
    outside = np.flatnonzero(np.linalg.norm(tr.thetas - target, axis=-1) > tol)
    if outside.size and outside[-1] == tr.steps:
        return float("inf")
    return float(outside[-1] + 1) if outside.size else 0.0


def test_spectral_radius_equals_theory(engine_page):
    etas, gammas = np.linspace(0.001, 0.08, 80), np.linspace(0.0, 0.98, 50)
    for nesterov in (False, True):
        js = np.array(engine_page.evaluate(
            "([es, gs, n]) => es.map(e => gs.map(g => momentumSim.quadraticRate(e, g, [1, 50], n)))",
            [etas.tolist(), gammas.tolist(), nesterov]))
        py = theory.quadratic_rate(etas[:, None], gammas[None, :], [1.0, 50.0], nesterov=nesterov)
        assert np.abs(js - py).max() <= 1e-15


# ---------------------------------------------------------------------------------------------
# The figures' numbers


def set_slider(fig, index, value):
    fig.locator("input[type=range]").nth(index).evaluate(
        "(e, v) => { e.value = v; e.dispatchEvent(new Event('input', {bubbles: true})); }", str(value))


def read_lines(fig):
    return fig.locator(".lf-readout .lf-line").evaluate_all(
        "es => es.map(e => [e.dataset.settled, e.dataset.divergedAt, e.textContent])")


def test_ch02_settled_step_equals_python(figure_page, site_url):
    """The read-out under the sliders: settled, never settled, and diverged runs."""
    fig = open_figure(figure_page, site_url, "ch02-momentum")
    ravine, start = ml.Quadratic.ravine(50), np.array([-4.0, 1.0])
    kinds = set()
    pairs = [(0.02, 0.9), (0.02, 0.8), (0.001, 0.5), (0.041, 0.0), (0.08, 0.99), (0.05, 0.9), (0.04, 0.95)]
    for eta, gamma in pairs:
        set_slider(fig, 0, eta)
        set_slider(fig, 1, gamma)
        optimizers = (ml.Momentum(eta, gamma), ml.GradientDescent(eta))
        runs = [ml.run(opt, ravine, start, 1000) for opt in optimizers]
        for (settled, diverged_at, text), tr in zip(read_lines(fig), runs, strict=True):
            expected = settled_step(tr, np.zeros(2), 1e-3)
            assert float(settled) == expected and int(diverged_at) == tr.diverged_at, text
            kinds.add("diverged" if tr.diverged else "settled" if np.isfinite(expected) else "unsettled")
            if np.isfinite(expected):
                assert f" {expected:.0f} " in text, text
    assert kinds == {"settled", "unsettled", "diverged"}
    assert figure_page.problems == []


def test_ch03_ninety_percent_mark_equals_theory(figure_page, site_url):
    fig = open_figure(figure_page, site_url, "ch03-terminal")
    gammas = np.round(np.arange(0.0, 1.0, 0.01), 2)
    shown = fig.evaluate("""(fig, gs) => gs.map(g => {
      const s = fig.querySelector('input'); s.value = g; s.dispatchEvent(new Event('input', {bubbles: true}));
      return Number(fig.querySelector('.lf-readout').dataset.t90); })""", [f"{g:.2f}" for g in gammas])
    # one γ at a time: theory.steps_to_fraction answers 1 for every γ of an array holding a 0
    assert shown == [int(theory.steps_to_fraction(g, 0.9)) for g in gammas]
    set_slider(fig, 0, 0.9)
    assert "t = 22" in fig.locator(".lf-readout").inner_text()


def test_ch04_success_rates_equal_the_definition(figure_page, site_url):
    """Chapter 04's p(γ): 400 starts in the shallow basin, 600 steps, η = 0.05; a run succeeds
    if it does not diverge and ends within 0.05 of the global minimum."""
    fig = open_figure(figure_page, site_url, "ch04-double-well")
    shown = json.loads(fig.get_attribute("data-rates"))
    well = ml.DoubleWell(tilt=1.0)
    starts = np.linspace(well.barrier, 2.0, 401)[1:, None]
    gammas = np.round(np.linspace(0.0, 0.98, 50), 2)
    tr = ml.run(ml.Momentum(0.05, gammas[:, None, None]), well, starts, 600)
    hits = ~tr.diverged & (np.abs(tr.final_theta[..., 0] - well.minimizer[0]) <= 0.05)
    assert shown == hits.sum(axis=-1).tolist()
    assert shown[45] == 170 and "0.425" in fig.locator(".lf-readout").inner_text()  # the chapter's γ = 0.9


# ---------------------------------------------------------------------------------------------
# Behaviour: keyboard, pointer, the ch04 click, the ch06 hover and click


def drawn(fig):
    """What the figure draws (paths, markers, cells) and what it says."""
    shapes = fig.locator("polyline.lf-path, circle, rect.lf-cell").evaluate_all(
        "es => es.map(e => e.getAttribute('points') || ['cx', 'cy', 'x', 'y'].map(a => e.getAttribute(a)))")
    return shapes, fig.locator(".lf-readout").inner_text()


SLIDERS = {"ch02-momentum": 2, "ch03-terminal": 1, "ch04-double-well": 2, "ch06-rate-map": 2,
           "ch07-nesterov": 2}


@pytest.mark.parametrize("figure", list(PAGES))
def test_each_slider_moves_by_keyboard_and_pointer(figure_page, site_url, figure):
    fig = open_figure(figure_page, site_url, figure)
    sliders = fig.locator("input[type=range]")
    assert sliders.count() == SLIDERS[figure]
    for i in range(sliders.count()):
        slider = sliders.nth(i)
        before = drawn(fig)
        slider.focus()
        figure_page.keyboard.press("ArrowRight")
        after_key = drawn(fig)
        assert after_key[0] != before[0] and after_key[1] != before[1], f"slider {i}: arrow key: no change"
        box = slider.bounding_box()
        figure_page.mouse.move(box["x"] + 0.3 * box["width"], box["y"] + box["height"] / 2)
        figure_page.mouse.down()
        figure_page.mouse.move(box["x"] + 0.15 * box["width"], box["y"] + box["height"] / 2, steps=4)
        figure_page.mouse.up()
        after_drag = drawn(fig)
        assert after_drag[0] != after_key[0] and after_drag[1] != after_key[1], f"slider {i}: drag: no change"
    figure_page.wait_for_load_state("networkidle")
    assert figure_page.problems == []


def tick_center(panel, label):
    """The centre of an axis tick label of a panel (to click at known data coordinates)."""
    panel.scroll_into_view_if_needed()
    box = panel.locator(".lf-axis text", has_text=re.compile(f"^{re.escape(label)}$")).first.bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def test_ch04_click_and_drag_set_the_start(figure_page, site_url):
    fig = open_figure(figure_page, site_url, "ch04-double-well")
    landscape = fig.locator(".lf-panel").first
    start, before = fig.locator("input[type=range]").first, drawn(fig)
    x, _ = tick_center(landscape, "−1")
    y = landscape.bounding_box()["y"] + 40
    figure_page.mouse.click(x, y)
    assert float(start.input_value()) == -1.0
    assert "θ₀ = −1.00" in fig.locator(".lf-readout").inner_text() and drawn(fig)[0] != before[0]
    x1, _ = tick_center(landscape, "1")
    figure_page.mouse.move(x, y)
    figure_page.mouse.down()
    figure_page.mouse.move(x1, y, steps=5)
    figure_page.mouse.up()
    assert float(start.input_value()) == 1.0
    end = ml.run(ml.Momentum(0.05, 0.9), ml.DoubleWell(1.0), np.array([1.0]), 600).final_theta[0]
    assert f"θ = {end:.3f}".replace("-", "−") in fig.locator(".lf-readout").inner_text()
    assert figure_page.problems == []


def test_ch06_hover_shows_rho_and_click_runs_the_cell(figure_page, site_url):
    fig = open_figure(figure_page, site_url, "ch06-rate-map")
    heatmap = fig.locator(".lf-panel").first
    target = (tick_center(heatmap, "0.4")[0], tick_center(heatmap, "0.04")[1])  # the cell γ = 0.40, η = 0.040
    before = drawn(fig)
    figure_page.mouse.move(*target)
    hover = fig.locator(".lf-readout .lf-line").last
    rho = theory.quadratic_rate(0.04, 0.4, [1.0, 50.0])
    assert float(hover.get_attribute("data-rho")) == rho
    assert f"ρ = {rho:.4f}" in hover.inner_text()
    figure_page.mouse.click(*target)
    sliders = fig.locator("output")
    assert [sliders.nth(0).inner_text(), sliders.nth(1).inner_text()] == ["0.040", "0.40"]
    chosen = fig.locator(".lf-readout .lf-line").first
    assert float(chosen.get_attribute("data-rho")) == rho and drawn(fig)[0] != before[0]
    tr = ml.run(ml.Momentum(0.04, 0.4), ml.Quadratic.ravine(50), np.array([-4.0, 1.0]), 1000)
    assert float(chosen.get_attribute("data-settled")) == settled_step(tr, np.zeros(2), 1e-3)
    assert figure_page.problems == []


# ---------------------------------------------------------------------------------------------
# Phone, accessibility, weight


@pytest.fixture
def phone(browser):
    """A 390 px wide touch screen; records errors (requests are checked on the desktop)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                  device_scale_factor=2)
    page = without_mathjax(context.new_page())
    page.problems = []
    page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    yield page
    context.close()


@pytest.mark.parametrize("edition", ["ko", "en"])
@pytest.mark.parametrize("figure", list(PAGES))
def test_phone_fits_and_responds_to_touch(phone, site_url, figure, edition):
    fig = open_figure(phone, site_url, figure, edition)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    box = fig.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    overflowing = fig.locator("*").evaluate_all(  # SVG content is clipped by its svg element
        "es => es.filter(e => !e.closest('svg') || e.tagName === 'svg')"
        ".filter(e => e.getBoundingClientRect().right > innerWidth + 0.5).map(e => e.outerHTML.slice(0, 80))")
    assert overflowing == []
    before = drawn(fig)
    if figure in ("ch04-double-well", "ch06-rate-map"):
        svg = fig.locator(".lf-panel svg").first
        svg.scroll_into_view_if_needed()
        b = svg.bounding_box()
        phone.touchscreen.tap(b["x"] + 0.3 * b["width"], b["y"] + 0.45 * b["height"])
    else:
        slider = fig.locator("input[type=range]").first
        slider.scroll_into_view_if_needed()
        b = slider.bounding_box()
        phone.touchscreen.tap(b["x"] + 0.75 * b["width"], b["y"] + b["height"] / 2)
    after = drawn(fig)
    assert after[0] != before[0] and after[1] != before[1], "a tap changed nothing"
    assert phone.problems == []


FOCUS_BEFORE = """fig => {
  const all = [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')]
    .filter(e => e.tabIndex >= 0 && !e.disabled && e.getClientRects().length);
  const before = all.filter(e => fig.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_PRECEDING);
  before[before.length - 1].focus();
  return document.activeElement === before[before.length - 1];
}"""


@pytest.mark.parametrize("edition", ["ko", "en"])
@pytest.mark.parametrize("figure", list(PAGES))
def test_sliders_reachable_labelled_in_language_and_readable(figure_page, site_url, figure, edition):
    fig = open_figure(figure_page, site_url, figure, edition)
    assert fig.evaluate(FOCUS_BEFORE), "nothing focusable before the figure"
    sliders = fig.locator("input[type=range]")
    for i in range(sliders.count()):
        s = sliders.nth(i)
        figure_page.keyboard.press("Tab")
        assert s.evaluate("e => e === document.activeElement"), f"Tab did not reach slider {i}"
        label = s.evaluate("e => e.labels.length ? e.labels[0].textContent : ''")
        assert label.strip(), f"slider {i} has no label"
        before = s.get_attribute("aria-valuetext")
        figure_page.keyboard.press("ArrowLeft")
        after = s.get_attribute("aria-valuetext")
        output = fig.locator("output").nth(i).inner_text()
        assert after != before and after.endswith("= " + output), (before, after, output)
    assert fig.get_attribute("role") == "figure"
    for attribute in ("aria-labelledby", "aria-describedby"):
        ids = fig.get_attribute(attribute).split()
        assert all(figure_page.locator(f"#{i}").inner_text().strip() for i in ids), attribute
    svgs = fig.locator("svg").evaluate_all("es => es.map(e => [e.getAttribute('role'), e.ariaLabel])")
    assert svgs and all(role == "img" and label and label.strip() for role, label in svgs), svgs
    assert fig.locator(".lf-readout").get_attribute("aria-live") == "polite"
    assert_language(fig, edition)
    assert_readable(figure_page, fig)
    assert figure_page.problems == []


def assert_language(fig, edition):
    """Labels and read-out in the page's language."""
    words = ["관성 계수", "momentum coefficient"][:: 1 if edition == "ko" else -1]
    labels, text = " ".join(fig.locator("label").all_inner_texts()), fig.inner_text()
    assert words[0] in labels and words[1] not in text, labels
    if edition == "ko":
        assert re.search(r"[가-힣]", fig.locator(".lf-readout").inner_text())
        assert not re.search(r"\b(steps?|settles|diverges|after|Selected|rate)\b", text), text


def assert_readable(page, fig):
    """In the theme's dark and light modes: text at 4.5:1 against the background, lines (with
    their opacity) at 3:1 (WCAG 1.4.3, 1.4.11)."""
    for mode in ("dark", "light"):
        page.evaluate(f"document.documentElement.dataset.theme = '{mode}'")
        colours = fig.evaluate(COLOURS)
        bg = colours["bg"]
        assert (luminance(bg) < 0.1) == (mode == "dark"), f"background {bg} is not the {mode} theme's"
        for tag, rgb in colours["text"]:
            assert contrast(rgb, bg) >= 4.5, f"{mode}: {tag} text {rgb} on {bg}"
        for cls, rgb, alpha in colours["lines"]:
            seen = [alpha * c + (1 - alpha) * b for c, b in zip(rgb[:3], bg[:3], strict=True)]
            assert contrast(seen, bg) >= 3, f"{mode}: {cls} line {rgb} (opacity {alpha}) on {bg}"


def test_without_javascript_the_page_says_what_is_missing(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    for edition in ("ko", "en"):
        page.goto(url(site_url, "ch02-momentum", edition))
        assert page.locator(".live-figure").inner_text().strip(), "no text where the figure would be"
        assert page.locator("img").count() >= 1  # the static figure stays
    context.close()


def luminance(rgb):
    c = np.array(rgb[:3]) / 255.0
    c = np.where(c <= 0.03928, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]


def contrast(a, b):
    la, lb = sorted([luminance(a), luminance(b)], reverse=True)
    return (la + 0.05) / (lb + 0.05)


COLOURS = """(fig) => {
  const rgb = s => s.match(/[\\d.]+/g).map(Number);
  let e = fig, bg = [0, 0, 0, 0];
  while (e && (bg = rgb(getComputedStyle(e).backgroundColor)).length === 4 && bg[3] === 0) {
    e = e.parentElement;
  }
  const text = [...fig.querySelectorAll('.lf-title, .lf-desc, .lf-readout, label, output, .lf-axis text')]
    .map(t => [t.tagName, rgb(t.tagName === 'text' ? getComputedStyle(t).fill : getComputedStyle(t).color)]);
  const lines = [...fig.querySelectorAll('polyline.lf-path, .lf-axis rect')].map(p => {
    const s = getComputedStyle(p);
    return [p.getAttribute('class'), rgb(s.stroke), Number(s.strokeOpacity)];
  });
  return {bg, text, lines};
}"""


def test_figure_code_loads_only_where_a_figure_is():
    with_figure = {f"{e}/{p}" for p in PAGES.values() for e in ("ko", "en")}
    for html in (SITE / "book").rglob("*.html"):
        page = html.relative_to(SITE / "book").with_suffix("").as_posix()
        text = html.read_text(encoding="utf-8")
        loads = ["momentum_sim.js" in text, "live_figures.js" in text, "live_figures.css" in text]
        assert loads == [page in with_figure] * 3, page
        assert ('class="live-figure"' in text) == (page in with_figure), page


def test_interactive_code_stays_within_40_kb():
    files = ("momentum_sim.js", "live_figures.js", "live_figures.css")
    size = sum((STATIC / f).stat().st_size for f in files)
    print(f"\nlive figures: {size} bytes of JavaScript and CSS")
    assert size <= 40 * 1024
