"""Equality with Keras' own SGD (float32, ≥ 200 steps) and the plotting helpers."""

import os
import subprocess
import sys

import numpy as np
import pytest

import momentum_lib as ml

CASES = [(ml.Quadratic.ravine(50), np.array([-4.0, 1.0]), 0.01),
         (ml.Rosenbrock(), np.array([-1.2, 1.0]), 0.0005)]


def float32_run(opt, obj, theta0, steps):
    return ml.run(opt, obj, theta0.astype(np.float32), steps).thetas


def keras(obj, theta0, steps, **kw):
    from momentum_lib.keras_bridge import keras_trajectory
    return keras_trajectory(obj, theta0, steps, **kw)


@pytest.mark.tensorflow
@pytest.mark.parametrize("nesterov", [False, True])
@pytest.mark.parametrize("obj,theta0,lr", CASES, ids=["ravine", "rosenbrock"])
def test_momentum_lib_equals_keras_sgd_step_by_step(obj, theta0, lr, nesterov):
    ours = float32_run(ml.Momentum(lr, 0.9, nesterov=nesterov), obj, theta0, 250)
    theirs = keras(obj, theta0, 250, learning_rate=lr, momentum=0.9, nesterov=nesterov)
    scale = np.max(np.abs(ours))
    np.testing.assert_allclose(ours, theirs.thetas, rtol=0, atol=64 * np.finfo(np.float32).eps * scale)


@pytest.mark.tensorflow
def test_keras_momentum_slot_is_our_m():
    obj, theta0, lr = CASES[0]
    theirs = keras(obj, theta0, 50, learning_rate=lr, momentum=0.9)
    ours = ml.run(ml.Momentum(lr, 0.9), obj, theta0.astype(np.float32), 50)
    np.testing.assert_allclose(ours.momenta, theirs.momenta, atol=1e-5)


@pytest.mark.tensorflow
def test_keras_divergence_is_reported_at_the_same_step_as_ours():
    obj, theta0 = ml.Quadratic.ravine(50), np.array([-4.0, 1.0])
    ours = ml.run(ml.Momentum(0.08, 0.9), obj, theta0.astype(np.float32), 200)
    theirs = keras(obj, theta0, 200, learning_rate=0.08, momentum=0.9)
    assert ours.diverged and theirs.diverged
    assert theirs.diverged_at == ours.diverged_at > 0
    calm = keras(obj, theta0, 50, learning_rate=0.01, momentum=0.9)
    assert calm.diverged is False and calm.diverged_at == -1


@pytest.mark.tensorflow
@pytest.mark.parametrize("nesterov", [False, True])
def test_a_five_percent_wrong_momentum_does_not_match_keras(nesterov):
    obj, theta0, lr = CASES[0]
    wrong = float32_run(ml.Momentum(lr, 0.9 * 1.05, nesterov=nesterov), obj, theta0, 250)
    theirs = keras(obj, theta0, 250, learning_rate=lr, momentum=0.9, nesterov=nesterov).thetas
    assert np.max(np.abs(wrong - theirs)) > 1e-2


def test_importing_the_package_does_not_import_tensorflow_or_matplotlib():
    code = "import sys, momentum_lib; print('tensorflow' in sys.modules, 'matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


@pytest.mark.tensorflow
@pytest.mark.parametrize("onednn", ["0", "1"])
def test_keras_bridge_is_quiet_on_stderr(onednn):
    """TensorFlow's oneDNN notice goes to the stderr descriptor before logging starts, on CPUs
    where oneDNN is on (TF_ENABLE_ONEDNN_OPTS=1 turns it on everywhere); nothing may show."""
    code = ("import numpy as np, momentum_lib as ml\n"
            "from momentum_lib.keras_bridge import keras_trajectory\n"
            "keras_trajectory(ml.Quadratic([1.0]), np.ones(1), 3, learning_rate=0.1, momentum=0.9)\n"
            "import sys; print('still writable', file=sys.stderr)\n")
    env = {k: v for k, v in os.environ.items() if k != "TF_CPP_MIN_LOG_LEVEL"}
    env["TF_ENABLE_ONEDNN_OPTS"] = onednn
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stderr == "still writable\n"


def test_plots_draw_without_language_specific_text():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from momentum_lib import plotting

    plotting.style()
    q = ml.Quadratic.ravine()
    runs = {"GD": ml.run(ml.GradientDescent(0.03), q, np.array([-4.0, 1.0]), 30),
            "Momentum γ=0.9": ml.run(ml.Momentum(0.01, 0.9), q, np.array([-4.0, 1.0]), 30)}
    fig, (a, b, c) = plt.subplots(1, 3)
    plotting.trajectories(a, q, runs, (-5, 5), (-2, 2))
    plotting.loss_curves(b, runs)
    plotting.heatmap(c, [0.0, 0.5], [0.1, 0.2], np.ones((2, 2)))
    texts = [t.get_text() for ax in (a, b, c) for t in [*ax.texts, ax.xaxis.label, ax.yaxis.label]]
    texts += [t.get_text() for t in a.get_legend().get_texts()]
    hangul = [ch for t in texts for ch in t if "\u1100" <= ch <= "\u11ff" or "\u3130" <= ch <= "\u318f"
              or "\uac00" <= ch <= "\ud7a3"]
    assert texts and not hangul
    plt.close(fig)


def test_every_line_gets_its_own_colour_and_algorithms_keep_theirs():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from momentum_lib import plotting

    runs = {f"Momentum γ={g}": np.geomspace(1, 1e-3, 10) for g in (0.0, 0.5, 0.9)}
    runs["GD"] = np.geomspace(1, 1e-2, 10)
    fig, ax = plt.subplots()
    plotting.loss_curves(ax, runs)
    colors = [line.get_color() for line in ax.get_lines()]
    assert len(set(colors)) == 4
    assert colors[0] == plotting.COLORS["Momentum"] and colors[3] == plotting.COLORS["GD"]
    plt.close(fig)


def test_slider_html_is_deterministic_and_self_contained():
    from momentum_lib import plotting

    q = ml.Quadratic.ravine()
    paths = {g: ml.run(ml.Momentum(0.02, g), q, np.array([-4.0, 1.0]), 40).thetas for g in (0.0, 0.5, 0.9)}
    a = plotting.slider_html(q, paths, xlim=(-5, 5), ylim=(-2, 2))
    b = plotting.slider_html(q, paths, xlim=(-5, 5), ylim=(-2, 2))
    assert a == b
    assert a.count("<polyline") == 1 and 'type="range"' in a and 'max="2"' in a
    assert "http" not in a and "0x" not in a


def test_slider_contours_are_level_sets_of_a_rotated_quadratic():
    """Every drawn contour point, mapped back to θ, has the same J: rotation and aspect right."""
    import re

    from momentum_lib import plotting

    q = ml.Quadratic(matrix=[[3.0, 1.2], [1.2, 1.0]], minimizer=[0.5, -0.25])
    xlim, ylim, width, height = (-3.0, 3.0), (-1.5, 1.5), 560, 320
    html = plotting.slider_html(q, {0.5: np.zeros((2, 2))}, xlim=xlim, ylim=ylim, width=width, height=height)
    polygons = re.findall(r'<polygon class="contour" points="([^"]+)"', html)
    assert len(polygons) == 14
    for points in polygons:
        px = np.array([[float(c) for c in p.split(",")] for p in points.split()])
        theta = np.stack([xlim[0] + px[:, 0] / width * (xlim[1] - xlim[0]),
                          ylim[0] + (1 - px[:, 1] / height) * (ylim[1] - ylim[0])], axis=-1)
        j = q.value(theta)
        # 0.1 px of rounding moves θ by at most 0.001 here; J varies by < 1 % plus that.
        assert np.ptp(j) <= 0.01 * j.mean() + 2e-3 * np.sqrt(j.mean()) * 4, (j.min(), j.max())
