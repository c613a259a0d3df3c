/* momentumSim: the book's optimizers and objectives in the browser, in float64, computing what
 * momentum_lib computes (tests/browser/test_live_figures.py checks it against momentum_lib.run).
 *
 *   momentumSim.run({objective, learningRate, momentum, nesterov, theta0, steps, threshold})
 *     -> {thetas: [θ_0 … θ_T], losses: [J(θ_0) … J(θ_T)], momenta: [m_0 … m_T] (heavy ball and
 *         Nesterov only), diverged: bool, divergedAt: first bad step or -1}
 *
 * The update is momentum_lib.Momentum's (Keras'), in the same order of operations:
 *   m = momentum*m - learningRate*g;  theta = theta + m     (nesterov: theta + (momentum*m - learningRate*g))
 * and without `momentum` (undefined or null) gradient descent: theta = theta - learningRate*g.
 * Divergence is momentum_lib.run's rule: after step t, if some |θ_i| > threshold (default 1e8)
 * or θ is not finite, the run diverged at t; θ stays at its last good value and m becomes 0.
 * `history: false` keeps only the last θ, loss and m (thetas = [θ_T]), for sweeps.
 *
 * `objective` is plain numbers, named as in momentum_lib.objectives:
 *   {name: "quadratic", eigenvalues: [λ1, λ2], minimizer: [..]}    J = ½(θ−θ*)ᵀA(θ−θ*), A = diag(λ)
 *   {name: "quadratic", matrix: [[a, b], [b, c]], minimizer: [..]}  a rotated one: A symmetric,
 *       e.g. R diag(λ) Rᵀ for a rotation R (Quadratic(matrix=...)); 1 or 2 dimensions
 *   {name: "rosenbrock", a: 1, b: 100}                                 Rosenbrock(a, b)
 *   {name: "doublewell", tilt: 0.5}                                    DoubleWell(tilt), 1-D
 *   {name: "plateau", width: 1, depth: 1, radius: 1}                   Plateau(...), 1-D
 *   {name: "linear", gradient: [C, ...]}  J = C·θ, a constant gradient (chapter 03's C)
 * Missing parameters take momentum_lib's defaults. θ's are plain arrays of numbers.
 *
 * The arithmetic is momentum_lib's, operation for operation: the double well's θ³, θ⁴ as
 * θ·θ·θ, (θ·θ)·(θ·θ), and a rotated quadratic's A(θ−θ*) as products summed in index order
 * (momentum_lib avoids pow() and BLAS there, whose last bit depends on the CPU).
 *
 * Also: objective(spec) -> {dim, value, grad, minimizer}, settledStep(thetas, target, tol,
 * divergedAt), spectralRadius(η, γ, λ, nesterov) and quadraticRate(η, γ, [λ...], nesterov),
 * as momentum_lib.theory computes them.
 */
(function () {
  "use strict";
  function num(v, fallback) { return v === undefined || v === null ? fallback : Number(v); }

  function quadratic(spec) {
    var lam = spec.eigenvalues, a = spec.matrix ? spec.matrix.map(row => row.map(Number))
      : lam.map((l, i) => lam.map((_, j) => i === j ? Number(l) : 0));
    var n = a.length;
    // momentum_lib takes the diagonal path when np.allclose(A, diag(A)): off-diagonals <= 1e-8.
    var diagonal = n === 1 || (Math.abs(a[0][1]) <= 1e-8 && Math.abs(a[1][0]) <= 1e-8);
    var star = spec.minimizer ? spec.minimizer.map(Number) : a.map(() => 0);
    function grad(th, out) {
      if (diagonal) {
        for (var i = 0; i < n; i++) out[i] = (th[i] - star[i]) * a[i][i];
      } else {
        var d0 = th[0] - star[0], d1 = th[1] - star[1];
        out[0] = d0 * a[0][0] + d1 * a[0][1];
        out[1] = d0 * a[1][0] + d1 * a[1][1];
      }
      return out;
    }
    var g = new Array(n);
    return {
      dim: n, matrix: a, minimizer: star, minimum: 0, grad: grad,
      value: function (th) {
        grad(th, g);
        var s = (th[0] - star[0]) * g[0];
        return 0.5 * (n === 2 ? s + (th[1] - star[1]) * g[1] : s);
      }
    };
  }

  function rosenbrock(spec) {
    var a = num(spec.a, 1), b = num(spec.b, 100), b4 = 4 * b, b2 = 2 * b;
    return {
      dim: 2, minimizer: [a, a * a], minimum: 0,
      value: function (th) {
        var x = th[0], y = th[1], u = a - x, v = y - x * x;
        return u * u + b * (v * v);
      },
      grad: function (th, out) {
        var x = th[0], y = th[1], v = y - x * x;
        out[0] = -2 * (a - x) - b4 * x * v;
        out[1] = b2 * v;
        return out;
      }
    };
  }

  // Roots of J'(x) = 4x³ − 4x + c, smallest first: trigonometric form, then Newton to round-off.
  function wellRoots(c) {
    var third = Math.acos(-3 * Math.sqrt(3) * c / 8) / 3;
    return [0, 1, 2].map(function (k) {
      var x = 2 / Math.sqrt(3) * Math.cos(third - 2 * Math.PI * k / 3);
      for (var i = 0; i < 4; i++) x -= (4 * x * x * x - 4 * x + c) / (12 * x * x - 4);
      return x;
    }).sort((p, q) => p - q);
  }

  function doubleWell(spec) {
    var c = num(spec.tilt, 0.5), roots = wellRoots(c);
    var value = function (th) { var x = th[0], x2 = x * x; return x2 * x2 - 2 * x2 + c * x; };
    return {
      dim: 1, tilt: c, minimizer: [roots[0]], barrier: roots[1], localMinimizer: [roots[2]],
      minimum: value([roots[0]]), value: value,
      grad: function (th, out) { var x = th[0]; out[0] = 4 * (x * x * x) - 4 * x + c; return out; }
    };
  }

  function plateau(spec) {
    var w = num(spec.width, 1), d = num(spec.depth, 1), r = num(spec.radius, 1);
    var d2 = 2 * d, r2 = r * r;
    return {
      dim: 1, minimizer: [w + r], minimum: -d,
      value: function (th) {
        var x = th[0], u = (x - w - r) / r;
        return x < 0 ? x * x : x <= w ? 0 : d * (u * u - 1);
      },
      grad: function (th, out) {
        var x = th[0];
        out[0] = x < 0 ? 2 * x : x <= w ? 0 : d2 * (x - w - r) / r2;
        return out;
      }
    };
  }

  function linear(spec) {
    var c = spec.gradient.map(Number);
    return {
      dim: c.length, minimizer: null, minimum: -Infinity,
      value: function (th) { var s = 0; for (var i = 0; i < c.length; i++) s += c[i] * th[i]; return s; },
      grad: function (th, out) { for (var i = 0; i < c.length; i++) out[i] = c[i]; return out; }
    };
  }

  var OBJECTIVES = { quadratic: quadratic, rosenbrock: rosenbrock, doublewell: doubleWell,
                     plateau: plateau, linear: linear };

  function objective(spec) {
    if (spec && typeof spec.grad === "function") return spec; // already built
    var make = spec && OBJECTIVES[String(spec.name).toLowerCase()];
    if (!make) throw new Error("momentumSim: unknown objective " + JSON.stringify(spec && spec.name));
    return make(spec);
  }

  function run(cfg) {
    var f = objective(cfg.objective), n = f.dim, steps = Math.floor(cfg.steps);
    var lr = Number(cfg.learningRate), heavy = cfg.momentum !== undefined && cfg.momentum !== null;
    var mom = heavy ? Number(cfg.momentum) : 0, nesterov = !!cfg.nesterov;
    var limit = num(cfg.threshold, 1e8);
    if (!(lr > 0) || !(steps >= 1) || cfg.theta0.length !== n) throw new Error("momentumSim.run: bad arguments");
    var theta = cfg.theta0.map(Number), m = theta.map(() => 0);
    var g = new Array(n), next = new Array(n), mNext = new Array(n);
    var keep = cfg.history !== false;
    var thetas = [theta.slice()], losses = [f.value(theta)], momenta = heavy ? [m.slice()] : null;
    var divergedAt = -1, i, t, s;
    for (t = 1; t <= steps; t++) {
      f.grad(theta, g);
      var bad = false;
      for (i = 0; i < n; i++) {
        s = lr * g[i];
        if (heavy) {
          mNext[i] = mom * m[i] - s;
          next[i] = theta[i] + (nesterov ? mom * mNext[i] - s : mNext[i]);
        } else {
          next[i] = theta[i] - s;
        }
        if (!(Math.abs(next[i]) <= limit)) bad = true; // NaN fails the comparison too
      }
      if (bad) {
        divergedAt = t;
        for (i = 0; i < n; i++) m[i] = 0;
      } else {
        for (i = 0; i < n; i++) { theta[i] = next[i]; m[i] = mNext[i]; }
      }
      if (keep) {
        thetas.push(theta.slice());
        losses.push(bad ? losses[t - 1] : f.value(theta));
        if (heavy) momenta.push(m.slice());
      }
      if (divergedAt >= 0) break;
    }
    // a diverged run stays where it was, with m = 0, for the remaining steps
    for (t++; keep && t <= steps; t++) {
      thetas.push(theta.slice()); losses.push(losses[t - 1]);
      if (heavy) momenta.push(m.slice());
    }
    if (!keep) { thetas = [theta]; losses = [f.value(theta)]; momenta = heavy ? [m] : null; }
    return { thetas: thetas, losses: losses, momenta: momenta, diverged: divergedAt >= 0, divergedAt: divergedAt };
  }

  // The smallest t with ‖θ_s − target‖ ≤ tol for every s from t to T; Infinity if θ_T is not
  // within tol or the run diverged (momentum_lib.sweep.steps_to_settle).
  function settledStep(thetas, target, tol, divergedAt) {
    if (divergedAt !== undefined && divergedAt >= 0) return Infinity;
    var t = thetas.length;
    while (t > 0 && distance(thetas[t - 1], target) <= tol) t--;
    return t === thetas.length ? Infinity : t;
  }
  function distance(p, q) {
    var s = 0;
    for (var i = 0; i < p.length; i++) s += (p[i] - q[i]) * (p[i] - q[i]);
    return Math.sqrt(s);
  }

  // momentum_lib.theory.spectral_radius, operation for operation.
  function spectralRadius(eta, gamma, lam, nesterov) {
    var h = eta * lam, r00 = nesterov ? 1 - h * (1 + gamma) : 1 - h, r01 = nesterov ? gamma * gamma : gamma;
    var tr = r00 + gamma, det = r00 * gamma - r01 * -h, disc = tr * tr - 4 * det, root = Math.sqrt(Math.abs(disc));
    return disc >= 0 ? Math.max(Math.abs(tr + root), Math.abs(tr - root)) / 2 : Math.sqrt(Math.abs(det));
  }
  function quadraticRate(eta, gamma, eigenvalues, nesterov) {
    return Math.max.apply(null, eigenvalues.map(l => spectralRadius(eta, gamma, l, nesterov)));
  }

  window.momentumSim = { run: run, objective: objective, settledStep: settledStep,
                         spectralRadius: spectralRadius, quadraticRate: quadraticRate };
})();
