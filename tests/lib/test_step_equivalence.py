"""The pure ``step`` and the in-place ``step_`` are one update: bit for bit the same θ and m for
every dtype of θ and gradient, every kind of hyperparameter, both conventions, with and
without Nesterov, and however the two styles are mixed on one state."""

import tracemalloc

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import momentum_lib as ml

DTYPES = [np.float16, np.float32, np.float64]
#: How many examples the property below draws (the closing note quotes it).
EXAMPLES = 400


@st.composite
def hyperparameter(draw, low, high, shape):
    """A scalar, an array broadcasting against θ (one value per row), or a schedule of step t."""
    kind = draw(st.sampled_from(["scalar", "array", "schedule", "no-argument"]))
    value = draw(st.floats(low, high))
    if kind == "scalar":
        return value
    if kind == "array":
        rows = draw(st.lists(st.floats(low, high), min_size=shape[0], max_size=shape[0]))
        return np.array(rows).reshape(shape[0], 1)
    if kind == "schedule":
        return lambda t: low + (value - low) / (1 + t)
    return lambda: value


@st.composite
def configurations(draw):
    shape = (draw(st.integers(1, 4)), draw(st.integers(1, 5)))
    theta_dtype, grad_dtype = draw(st.sampled_from(DTYPES)), draw(st.sampled_from(DTYPES))
    opt = ml.Momentum(
        draw(hyperparameter(1e-3, 1.0, shape)), draw(hyperparameter(0.0, 0.99, shape)),
        nesterov=draw(st.booleans()), convention=draw(st.sampled_from(["keras", "pytorch"])),
    )
    seed = draw(st.integers(0, 2**16))
    return opt, shape, theta_dtype, grad_dtype, seed


@settings(max_examples=EXAMPLES)
@given(config=configurations())
def test_step_and_step_in_place_are_bit_identical(config):
    opt, shape, theta_dtype, grad_dtype, seed = config
    rng = np.random.default_rng(seed)
    theta_a = rng.uniform(-3, 3, shape).astype(theta_dtype)
    theta_b = theta_a.copy()
    state_a, state_b = opt.init(theta_a), opt.init(theta_b)
    for _ in range(6):
        grad = rng.uniform(-2, 2, shape).astype(grad_dtype)
        theta_a, state_a = opt.step(theta_a, grad, state_a)
        state_b = opt.step_(theta_b, grad, state_b)
        assert theta_a.dtype == theta_b.dtype == theta_dtype
        assert np.array_equal(theta_a, theta_b, equal_nan=True)
        assert np.array_equal(state_a.m, state_b.m, equal_nan=True)
    assert int(state_a.count) == int(state_b.count) == 6


@pytest.mark.parametrize("opt", [ml.GradientDescent(0.1), ml.Momentum(0.1, 0.9),
                                 ml.Momentum(0.1, 0.9, nesterov=True, convention="pytorch")], ids=repr)
def test_both_styles_can_take_turns_on_one_state(opt):
    """The README's example: a pure step, then an in-place step on the state it returned."""
    theta = np.array([1.0]); state = opt.init(theta)
    theta, state = opt.step(theta, np.array([1.0]), state)
    state = opt.step_(theta, np.array([1.0]), state)
    theta, state = opt.step(theta, np.array([1.0]), state)
    reference = np.array([1.0]); ref_state = opt.init(reference)
    for _ in range(3):
        reference, ref_state = opt.step(reference, np.array([1.0]), ref_state)
    assert np.array_equal(theta, reference) and int(state.count) == 3


def test_gradient_wider_than_theta_is_cast_to_thetas_dtype_first_as_keras_does():
    opt = ml.Momentum(0.1, 0.9)
    grad = np.array([0.9])  # float64: rounding it to float32 first changes m
    first_cast = -(np.float32(grad[0]) * np.float32(0.1))
    assert first_cast != np.float32(-(grad[0] * 0.1))
    theta = np.array([1.0], np.float32); state = opt.init(theta)
    theta_pure, s = opt.step(theta, grad, state)
    opt.step_(theta, grad, state)
    assert s.m[0] == state.m[0] == first_cast and theta_pure[0] == theta[0] == np.float32(1) + first_cast


def test_editing_an_array_learning_rate_in_place_takes_effect_in_both_styles():
    lr = np.array([[0.1], [0.2]])
    opt = ml.Momentum(lr, 0.0)
    theta = np.ones((2, 3)); state = opt.init(theta)
    opt.step_(theta, np.ones((2, 3)), state)
    opt.learning_rate *= 0.1
    before = theta.copy()
    pure, _ = opt.step(before, np.ones((2, 3)), state)
    opt.step_(theta, np.ones((2, 3)), state)
    np.testing.assert_allclose(before - theta, [[0.01] * 3, [0.02] * 3], rtol=1e-12)
    assert np.array_equal(pure, theta)


def test_a_schedule_that_refills_one_array_is_read_every_step():
    shared = np.array([[0.1], [0.2]])  # broadcasts against θ of shape (2, 3)

    def schedule(t):
        shared[...] = [[0.1 / (1 + t)], [0.2 / (1 + t)]]
        return shared

    opt = ml.Momentum(schedule, 0.0)
    theta = np.zeros((2, 3)); state = opt.init(theta)
    steps = []
    for _ in range(3):
        before = theta.copy()
        opt.step_(theta, np.ones((2, 3)), state)
        steps.append((before - theta)[:, 0])
    np.testing.assert_allclose(steps, [[0.1, 0.2], [0.05, 0.1], [0.1 / 3, 0.2 / 3]], rtol=1e-12)


def test_a_new_theta_dtype_is_honoured_by_the_in_place_step():
    lr = np.array([[0.1], [0.3]])  # not exact in float32
    opt = ml.Momentum(lr, 0.5)
    theta32 = np.ones((2, 2), np.float32); opt.step_(theta32, np.ones((2, 2), np.float32), opt.init(theta32))
    theta64 = np.ones((2, 2)); state = opt.init(theta64)
    pure, _ = opt.step(theta64, np.ones((2, 2)), state)
    opt.step_(theta64, np.ones((2, 2)), state)
    assert np.array_equal(pure, theta64)
    assert np.array_equal(theta64[:, 0], [1 - 0.1, 1 - 0.3])


@pytest.mark.parametrize("nesterov", [False, True])
@pytest.mark.parametrize("convention", ["keras", "pytorch"])
def test_the_gradient_may_be_the_momentum_buffer_itself(convention, nesterov):
    """step_(θ, state.m, state) reads the gradient before it overwrites m."""
    opt = ml.Momentum(0.1, 0.9, nesterov=nesterov, convention=convention)
    theta = np.array([1.0, -2.0]); state = opt.init(theta)
    opt.step_(theta, np.array([0.5, 0.25]), state)
    expected_theta, expected_state = opt.step(theta, state.m.copy(), state)
    opt.step_(theta, state.m, state)
    assert np.array_equal(theta, expected_theta) and np.array_equal(state.m, expected_state.m)


def test_the_gradient_may_be_theta_itself():
    opt = ml.Momentum(0.1, 0.9, convention="pytorch", nesterov=True)
    theta = np.array([1.0, -2.0]); state = opt.init(theta)
    expected, _ = opt.step(theta, theta.copy(), state)
    opt.step_(theta, theta, state)
    assert np.array_equal(theta, expected)


def test_theta_and_m_may_not_be_the_same_array():
    opt = ml.Momentum(0.1, 0.9)
    theta = np.ones(2); state = opt.init(theta)
    with pytest.raises(ValueError, match=r"state\.m and theta share memory"):
        opt.step_(state.m, np.ones(2), state)


def peak_bytes(call, repeats=5):
    call()
    tracemalloc.start()
    tracemalloc.reset_peak()
    for _ in range(repeats):
        call()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


@pytest.mark.parametrize("make", [lambda: ml.GradientDescent(0.01), lambda: ml.Momentum(0.01, 0.9),
                                  lambda: ml.Momentum(0.01, 0.9, nesterov=True),
                                  lambda: ml.Momentum(0.01, 0.9, convention="pytorch")],
                         ids=["gd", "momentum", "nesterov", "pytorch"])
@pytest.mark.parametrize("grad_dtype", [np.float32, np.float64], ids=["same-dtype", "wider-grad"])
def test_in_place_step_allocates_nothing_after_the_first_call(make, grad_dtype):
    n = 1_000_000
    opt = make()
    theta = np.ones(n, dtype=np.float32); grad = np.full(n, 0.5, dtype=grad_dtype)
    state = opt.init(theta)
    # One float32 block would be 128 KiB, the array 4 MB; Python objects for a call are < 10 KiB.
    peak = peak_bytes(lambda: opt.step_(theta, grad, state))
    assert peak < 16_384, f"step_ allocated {peak} bytes at peak"


def test_in_place_step_with_a_broadcast_grid_allocates_nothing_after_the_first_call():
    lr, mom = ml.sweep.grid(np.linspace(0.01, 0.1, 50), np.linspace(0, 0.9, 50))
    opt = ml.Momentum(lr, mom)
    theta = np.ones((50, 50, 2)); state = opt.init(theta); grad = np.ones_like(theta)
    peak = peak_bytes(lambda: opt.step_(theta, grad, state))
    assert peak < 8_192, f"step_ allocated {peak} bytes at peak (θ is {theta.nbytes} bytes)"


def test_an_array_learning_rate_is_cast_to_thetas_dtype_before_it_multiplies():
    """As Keras casts η: g·float32(η) in float32, not float32(g·η) in float64 (they differ in
    about a quarter of the products below)."""
    rng = np.random.default_rng(0)
    g, lr = rng.uniform(-2, 2, 100).astype(np.float32), rng.uniform(0.01, 0.1, 100)
    opt = ml.GradientDescent(lr)
    theta, _ = opt.step(np.zeros(100, np.float32), g, opt.init(np.zeros(100)))
    assert np.array_equal(theta, np.float32(0) - g * lr.astype(np.float32))


def test_in_place_step_over_many_blocks_equals_the_pure_step():
    """step_ walks θ in blocks of ml.optimizers.BLOCK elements; the last block here is 5 long."""
    n = 3 * ml.optimizers.BLOCK + 5
    theta = np.random.default_rng(1).uniform(-1, 1, n); grad = np.cos(theta)
    opt = ml.Momentum(0.1, 0.9, nesterov=True)
    expected, expected_state = opt.step(theta, grad, opt.init(theta))
    state = opt.init(theta)
    opt.step_(theta, grad, state)
    assert np.array_equal(theta, expected) and np.array_equal(state.m, expected_state.m)


# The two tests below hold under mutmut's call recording (unlike the byte budgets of the
# `allocates` tests above, which `make mutate` leaves out): their budgets are fractions of θ.
def test_in_place_step_works_through_a_large_theta_in_cache_sized_blocks():
    """The first step_ on a 4 MB θ needs one scratch block (128 KiB), not a θ-sized scratch."""
    opt = ml.Momentum(0.01, 0.9)
    theta = np.ones(1_000_000, dtype=np.float32); grad = np.full_like(theta, 0.5)
    state = opt.init(theta)
    tracemalloc.start()
    opt.step_(theta, grad, state)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < theta.nbytes / 8, f"the first step_ took {peak} bytes at peak (θ is {theta.nbytes})"


def test_in_place_step_on_a_grid_keeps_its_scratch_and_hyperparameter_buffers():
    """A grid of η (rows) and γ (columns) is written out to θ's shape once, into buffers that
    later steps reuse, as is the scratch: later steps take far less than one θ of memory."""
    opt = ml.Momentum(*ml.sweep.grid(np.linspace(0.01, 0.1, 200), np.linspace(0, 0.9, 200)))
    theta = np.ones((200, 200, 2)); grad = np.full_like(theta, 0.5)
    state = opt.init(theta)
    peak = peak_bytes(lambda: opt.step_(theta, grad, state))
    assert peak < theta.nbytes / 8, f"step_ took {peak} bytes at peak (θ is {theta.nbytes})"
