"""Objectives: analytic gradients equal finite differences, minima are where they say."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import momentum_lib as ml

# Built inside each test, not at import: mutmut switches a mutant on only while the tests run,
# so an objective built at import would never see a mutated constructor.
MAKERS = [ml.Quadratic.ravine, lambda: ml.Quadratic(matrix=[[2.0, 0.5], [0.5, 1.0]], minimizer=[1.0, -1.0]),
          ml.Rosenbrock, lambda: ml.DoubleWell(0.5), lambda: ml.Plateau(1.0, 1.0, 1.0), lambda: ml.Saddle(2.0, 0.5),
          ml.Flat]
IDS = [repr(make()) for make in MAKERS]


@pytest.mark.parametrize("make", MAKERS, ids=IDS)
@given(data=st.data())
def test_gradient_equals_central_differences(make, data):
    obj = make()
    theta = data.draw(arrays(np.float64, obj.dim, elements=st.floats(-2, 2)))
    if isinstance(obj, ml.Plateau):  # away from the kinks at 0 and w
        theta = np.where(np.abs(theta) < 0.01, 0.5, theta)
        theta = np.where(np.abs(theta - 1.0) < 0.01, 1.5, theta)
    h = 1e-6
    fd = [(obj.value(theta + h * e) - obj.value(theta - h * e)) / (2 * h) for e in np.eye(obj.dim)]
    np.testing.assert_allclose(obj.grad(theta), fd, rtol=1e-5, atol=1e-4)


@pytest.mark.parametrize("make", MAKERS, ids=IDS)
def test_minimizer_has_zero_gradient_and_the_stated_value(make):
    obj = make()
    np.testing.assert_allclose(obj.grad(obj.minimizer), 0, atol=1e-10)
    assert obj.value(obj.minimizer) == pytest.approx(obj.minimum, abs=1e-12)


@pytest.mark.parametrize("make", MAKERS, ids=IDS)
def test_vectorized_over_leading_axes(make):
    obj = make()
    theta = np.random.default_rng(0).uniform(-2, 2, (4, 3, obj.dim))
    assert obj.value(theta).shape == (4, 3) and obj.grad(theta).shape == (4, 3, obj.dim)
    np.testing.assert_allclose(obj.grad(theta)[2, 1], obj.grad(theta[2, 1]))


@pytest.mark.parametrize("make", MAKERS, ids=IDS)
def test_calling_an_objective_gives_its_value(make):
    obj = make()
    theta = np.random.default_rng(1).uniform(-2, 2, (3, obj.dim))
    assert np.array_equal(obj(theta), obj.value(theta))


def test_a_diagonal_quadratic_keeps_its_axes_apart():
    """A = diag(λ): each gradient component is λᵢ(θᵢ − θᵢ*) alone, so an overflowing coordinate
    leaves the others finite (a sum over the row would add inf · 0 = nan to them)."""
    q = ml.Quadratic([1.0, 50.0])
    assert q.grad(np.array([np.inf, 0.5])).tolist() == [np.inf, 25.0]


def test_eigenvalues_may_be_a_number_or_nested():
    assert ml.Quadratic(2.0).dim == 1 and ml.Quadratic(2.0).eigenvalues.tolist() == [2.0]
    assert ml.Quadratic([[50.0], [1.0]]).eigenvalues.tolist() == [1.0, 50.0]


def test_double_well_has_a_shallow_local_and_a_deep_global_minimum():
    w = ml.DoubleWell(0.5)
    assert w.minimizer[0] < w.barrier < w.local_minimizer[0]
    assert w.minimum < w.local_minimum < w.value(np.array([w.barrier]))
    assert w.grad(w.local_minimizer)[0] == pytest.approx(0, abs=1e-10)


def test_plateau_is_exactly_flat():
    p = ml.Plateau(width=2.0)
    x = np.linspace(0, 2, 11)[:, None]
    assert not p.grad(x).any() and not p.value(x).any()


def test_quadratic_from_matrix_knows_its_eigenvalues_and_condition_number():
    q = ml.Quadratic(matrix=[[3.0, 1.0], [1.0, 3.0]])
    np.testing.assert_allclose(q.eigenvalues, [2.0, 4.0])
    assert q.condition_number == pytest.approx(2.0)
    assert ml.Quadratic.ravine(50).condition_number == 50


@pytest.mark.parametrize("tilt", [0.1, 0.5, 1.0, 1.5])
def test_double_well_stationary_points_are_exact_roots(tilt):
    w = ml.DoubleWell(tilt)
    for x in (w.minimizer[0], w.barrier, w.local_minimizer[0]):
        assert abs(w.grad(np.array([x]))[0]) < 1e-12
    h = 1e-4
    assert w.value(np.array([w.barrier - h])) < w.value(np.array([w.barrier]))
    assert w.value(np.array([w.barrier + h])) < w.value(np.array([w.barrier]))


def test_saddle_has_a_saddle_point_and_two_minima():
    s = ml.Saddle(a=2.0, b=0.5)
    assert not s.grad(s.saddle_point).any() and s.value(s.saddle_point) == 0.0
    for y in (1.0, -1.0):
        assert not s.grad(np.array([0.0, y])).any() and s.value(np.array([0.0, y])) == s.minimum == -0.125
    h = 1e-3  # up along x, down along y: a saddle
    assert s.value(np.array([h, 0.0])) > 0 > s.value(np.array([0.0, h]))


def test_rotated_quadratic_gradient_is_products_summed_in_order():
    """No BLAS (which may fuse multiply and add on some CPUs): row i is d₀A[i,0] + d₁A[i,1]."""
    a = np.array([[3.0, 1.2], [1.2, 1.0]])
    q = ml.Quadratic(matrix=a, minimizer=[0.5, -0.25])
    d = np.random.default_rng(3).uniform(-2, 2, (500, 2))
    g = q.grad(d + q.minimizer)
    dd = (d + q.minimizer) - q.minimizer
    assert np.array_equal(g[:, 0], dd[:, 0] * a[0, 0] + dd[:, 1] * a[0, 1])
    assert np.array_equal(g[:, 1], dd[:, 0] * a[1, 0] + dd[:, 1] * a[1, 1])
