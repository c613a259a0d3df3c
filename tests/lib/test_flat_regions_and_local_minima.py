"""sweep.reaches_minimizer / sweep.success_rate: chapter 04's escape probability."""

import numpy as np
import pytest

import momentum_lib as ml
from momentum_lib import sweep


def test_reaches_minimizer_agrees_with_the_end_of_a_full_run():
    dw = ml.DoubleWell(tilt=1.0)
    x0 = np.linspace(-2.0, 2.0, 41)[:, None]
    opt = ml.Momentum(0.05, 0.9)
    hits = sweep.reaches_minimizer(opt, dw, x0, 300)
    tr = ml.run(ml.Momentum(0.05, 0.9), dw, x0, 300)
    expected = np.abs(tr.final_theta[:, 0] - dw.minimizer[0]) <= 0.05
    assert hits.shape == (41,) and np.array_equal(hits, expected)
    assert hits.any() and not hits.all()


def test_success_rate_over_a_momentum_grid_matches_one_run_per_gamma():
    dw = ml.DoubleWell(tilt=1.0)
    x0 = np.linspace(dw.barrier, 2.0, 51)[1:, None]
    gammas = np.array([0.0, 0.5, 0.9])
    rates = sweep.success_rate(ml.Momentum(0.05, gammas.reshape(-1, 1, 1)), dw, x0, 400)
    assert rates.shape == (3,)
    for g, r in zip(gammas, rates, strict=True):
        assert r == sweep.success_rate(ml.Momentum(0.05, float(g)), dw, x0, 400)
    # Gradient descent never leaves the shallow well's basin; momentum sometimes does.
    assert rates[0] == 0.0 and 0.0 < rates[2] < 1.0


def test_gradient_descent_is_momentum_zero_and_a_target_can_be_given():
    dw = ml.DoubleWell(tilt=1.0)
    x0 = np.linspace(-2.0, 2.0, 21)[:, None]
    gd = sweep.success_rate(ml.GradientDescent(0.05), dw, x0, 300)
    local = sweep.success_rate(ml.GradientDescent(0.05), dw, x0, 300, target=dw.local_minimizer)
    assert gd == sweep.success_rate(ml.Momentum(0.05, 0.0), dw, x0, 300)
    assert isinstance(gd, float) and gd + local == pytest.approx(1.0)


def test_diverged_runs_count_as_failures():
    q = ml.Quadratic([1.0])
    x0 = np.array([[1.0], [2.0]])
    assert sweep.success_rate(ml.GradientDescent(2.5), q, x0, 200) == 0.0
    assert not np.any(sweep.reaches_minimizer(ml.GradientDescent(2.5), q, x0, 200))


def test_bad_arguments_are_rejected_with_the_argument_named():
    dw = ml.DoubleWell()
    with pytest.raises(ValueError, match="theta0"):
        sweep.success_rate(ml.Momentum(0.05, 0.9), dw, np.zeros(3), 10)
    with pytest.raises(ValueError, match="target"):
        sweep.reaches_minimizer(ml.Momentum(0.05, 0.9), dw, np.zeros((3, 1)), 10, target=[0.0, 1.0])
    with pytest.raises(ValueError, match="tol"):
        sweep.reaches_minimizer(ml.Momentum(0.05, 0.9), dw, np.zeros((3, 1)), 10, tol=0)
    with pytest.raises(ValueError, match="steps"):
        sweep.success_rate(ml.Momentum(0.05, 0.9), dw, np.zeros((3, 1)), 0)


def test_chapter_04s_best_success_rate_counts_no_diverged_run():
    """The chapter's grid: 400 starts in the shallow basin, η = 0.05, γ from 0 to 0.98. One run
    diverges at γ = 0.98; counted as a failure, the best rate is 182/400, not 183/400."""
    well = ml.DoubleWell(tilt=1.0)
    starts = np.linspace(well.barrier, 2.0, 401)[1:, None]
    gammas = np.round(np.linspace(0.0, 0.98, 50), 2)
    rate = sweep.success_rate(ml.Momentum(0.05, gammas[:, None, None]), well, starts, 600)
    tr = ml.run(ml.Momentum(0.05, gammas[:, None, None]), well, starts, 600)
    assert tr.diverged.sum() == 1 and tr.diverged[-1].sum() == 1
    assert rate.max() == rate[-1] == 182 / 400


@pytest.mark.parametrize("lr", [0.05, 0.2, 0.35])
def test_reaches_minimizer_is_the_end_of_run_without_divergence(lr):
    """Same answer as a full run, judged by run's own divergence flags, including at learning
    rates where many runs diverge."""
    well = ml.DoubleWell(tilt=1.0)
    starts = np.linspace(-2.5, 2.5, 61)[:, None]
    gammas = np.array([0.0, 0.5, 0.8, 0.95])[:, None, None]
    hits = sweep.reaches_minimizer(ml.Momentum(lr, gammas), well, starts, 200, tol=0.05)
    tr = ml.run(ml.Momentum(lr, gammas), well, starts, 200)
    expected = ~tr.diverged & (np.abs(tr.final_theta[..., 0] - well.minimizer[0]) <= 0.05)
    assert np.array_equal(hits, expected)
    if lr > 0.2:
        assert tr.diverged.any()


def test_a_run_exactly_at_the_divergence_threshold_has_not_diverged_anywhere():
    """One rule for the package: |θ| = threshold is still in bounds, for run and for sweeps.
    Gradient descent with ηλ = 2 flips θ = 1e8 to −1e8 and back forever."""
    q, start = ml.Quadratic([1.0]), np.array([[1e8]])
    tr = ml.run(ml.GradientDescent(2.0), q, start[0], 32)
    assert not tr.diverged and tr.final_theta[0] == 1e8
    assert sweep.reaches_minimizer(ml.GradientDescent(2.0), q, start, 32, tol=1.0, target=[1e8]).tolist() == [True]
    assert not sweep.reaches_minimizer(ml.GradientDescent(2.0), q, start * 1.0000001, 32, tol=1e3,
                                       target=[1.0000001e8]).any()
