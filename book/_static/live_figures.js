/* Live figures of chapters 02, 03, 04, 06, 07, computed by momentumSim. A page asks for one with
 * <div class="live-figure" data-figure="ch02-momentum"></div>; other pages load none of this
 * (book/_ext/live_figures.py). Labels follow <html lang>. Range inputs drive every figure (Tab,
 * arrows), the pointer or touch where the text says so; a live read-out says what it shows. */
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg", uid = 0, sim, L;
  var RAVINE = { name: "quadratic", eigenvalues: [1, 50] }, START = [-4, 1], STEPS = 1000, TOL = 1e-3;
  var RAV = "J = (θ₁² + 50θ₂²)/2";

  var TEXT = {
    en: {
      live: "Live: ", eta: "learning rate η", gamma: "momentum coefficient γ", start: "start θ₀",
      gd: "gradient descent", mom: "momentum", hb: "heavy ball", nag: "Nesterov", hover: "Pointer on", chosen: "Selected",
      settled: n => "settles after " + n + " steps (‖θ − θ*‖ ≤ 10⁻³ from step " + n + " on)",
      diverged: k => "diverges at step " + k,
      unsettled: T => "has not settled within " + T + " steps",
      ch02: ["momentum on the ravine", "Momentum (blue) and gradient descent (grey) from (−4, 1) on the contours of the ravine " + RAV + ", and their loss (log scale) over 1000 steps.",
             "Trajectories on the contours", "Loss against step t, log scale"],
      ch03: ["momentum under a constant gradient", "m_t (dots) under a constant gradient C = 1 with η = 0.1, as −m_t on a log scale; dashed: the terminal momentum m* = −ηC/(1−γ); vertical line: the first step at which m_t covers 90 % of it.",
             "−m_t against step t"],
      ch03read: function (g, ms, t, mt) {
        return "γ = " + g.toFixed(2) + ": terminal momentum m* = " + fix(ms, 3) + " (" + fix(ms / -0.1, 1) + " × gradient descent's step); m_t reaches 90 % of it at t = " + t + " (m_" + t + " = " + fix(mt, 3) + ").";
      },
      ch04: ["escaping the shallow well", "Tap, click or drag on the landscape J(θ) = θ⁴ − 2θ² + θ to set the start θ₀ (○); ● is where momentum with η = 0.05 is after 600 steps. Below: θ_t over 150 steps (dotted: the minima and the barrier), and the success rate p(γ) over 400 starts in the shallow basin, the current γ circled.",
             "Landscape J(θ): start and end", "θ_t against step t", "Success rate p(γ) against γ"],
      end: "after 600 steps θ = ", where: { global: ", the global minimum", local: ", the local minimum", other: ", in neither minimum yet" },
      rate: function (g, p) {
        return p === null ? "Success rate: computing…" : "Success rate p(" + g + ") = " + (p / 400).toFixed(3) + " (" + p + " of 400 starts).";
      },
      ch06: ["the convergence-rate map", "Momentum's rate ρ on the ravine (λ = 1, 50) from chapter 6's theory, 80 η × 50 γ (darker is faster, 1 and above clipped); dashed: ηλ_max = 2 + 2γ; dotted: critical damping for λ = 1 and 50; ★: Polyak's optimum. Hover over or tap a cell to read ρ; tap it, or use the sliders, to run that (η, γ) in the trajectory panel.",
             "Convergence rate ρ over (γ, η)", "Trajectory of the selected (η, γ)"],
      ch07: ["heavy ball and Nesterov", "Heavy ball (blue) and Nesterov (red) from (−4, 1) under the same η and γ on the ravine " + RAV + ", and their losses (log scale) over 1000 steps; ρ: each one's rate from theory."]
    },
    ko: {
      live: "직접 움직여 보기: ", eta: "학습률 η", gamma: "관성 계수 γ", start: "출발점 θ₀",
      gd: "경사 하강법", mom: "모멘텀", hb: "헤비볼", nag: "네스테로프", hover: "포인터 위치", chosen: "고른 칸",
      settled: n => n + "걸음째부터 ‖θ − θ*‖ ≤ 10⁻³ 안에 머묾",
      diverged: k => k + "걸음째에 발산",
      unsettled: T => T + "걸음 안에 자리 잡지 못함",
      ch02: ["골짜기의 모멘텀", "골짜기 " + RAV + "의 등고선 위에 (−4, 1)에서 출발한 모멘텀(파란색)과 경사 하강법(회색)의 궤적을, 옆에 손실(로그 눈금)을 1000걸음까지 그립니다.",
             "등고선 위의 궤적", "걸음 t에 따른 손실(로그 눈금)"],
      ch03: ["일정한 기울기 위의 모멘텀", "기울기가 C = 1로 일정하고 η = 0.1일 때의 m_t(점)를 −m_t의 로그 눈금으로 그립니다. 점선은 종단 모멘텀 m* = −ηC/(1−γ), 세로선은 m_t가 그 90 %에 처음 이르는 걸음입니다.",
             "걸음 t에 따른 −m_t"],
      ch03read: function (g, ms, t, mt) {
        return "γ = " + g.toFixed(2) + ": 종단 모멘텀 m* = " + fix(ms, 3) + " (경사 하강법 걸음의 " + fix(ms / -0.1, 1) + "배), m_t는 t = " + t + "에서 그 90 %에 이릅니다 (m_" + t + " = " + fix(mt, 3) + ").";
      },
      ch04: ["얕은 우물 벗어나기", "지형 J(θ) = θ⁴ − 2θ² + θ를 누르거나 끌어서 출발점 θ₀(○)를 정합니다. ●는 η = 0.05인 모멘텀이 600걸음 뒤에 있는 곳입니다. 이어서 처음 150걸음의 θ_t(점선: 두 최솟값과 장벽)와, 얕은 우물 유역의 출발점 400개에 대한 성공률 p(γ)(동그라미: 지금의 γ)를 그립니다.",
             "지형 J(θ): 출발점과 도착점", "걸음 t에 따른 θ_t", "γ에 따른 성공률 p(γ)"],
      end: "600걸음 뒤 θ = ", where: { global: ", 전역 최솟값", local: ", 지역 최솟값", other: ", 아직 어느 최솟값에도 없음" },
      rate: function (g, p) {
        return p === null ? "성공률 계산 중…" : "성공률 p(" + g + ") = " + (p / 400).toFixed(3) + " (출발점 400개 중 " + p + "개).";
      },
      ch06: ["수렴률 지도", "골짜기(λ = 1, 50)에서 모멘텀의 수렴률 ρ를 6장의 이론으로 η 80개 × γ 50개에 대해 구했습니다(어두울수록 빠르고, 1 이상은 1로 자름). 파선: ηλ_max = 2 + 2γ, 점선: λ = 1, 50의 임계 감쇠, ★: 폴랴크의 최적점. 칸에 포인터를 올리거나 칸을 누르면 ρ가 보이고, 누르거나 슬라이더를 움직이면 그 (η, γ)의 궤적을 그립니다.",
             "(γ, η)에 따른 수렴률 ρ", "고른 (η, γ)의 궤적"],
      ch07: ["헤비볼과 네스테로프", "같은 η와 γ로 골짜기 " + RAV + "의 (−4, 1)에서 출발한 헤비볼(파란색)과 네스테로프(빨간색)의 궤적과 손실(로그 눈금)을 1000걸음까지 그립니다. ρ는 이론으로 구한 수렴률입니다."]
    }
  };

  // Hangul written right after a closing mark stays on that mark's line ("(−4, 1)에서", "90 %에"),
  // as bilingual.py keeps it in the page's own text (.nowrap in bilingual.css).
  var MARK_THEN_HANGUL = /([^\s\p{L}\p{N}_(\[{“‘「『\/-])([\uac00-\ud7a3][^\s(]*)/u;
  function write(e, text) {
    var parts = String(text).split(MARK_THEN_HANGUL);
    e.textContent = parts[0];
    for (var i = 1; i < parts.length; i += 3) {
      make("span", { class: "nowrap" }, e).textContent = parts[i] + parts[i + 1];
      e.appendChild(document.createTextNode(parts[i + 2]));
    }
  }
  function fix(v, d) { return v.toFixed(d).replace("-", "−"); }
  function sup(n) { return String(n).replace(/./g, c => "⁻⁰¹²³⁴⁵⁶⁷⁸⁹".charAt("-0123456789".indexOf(c))); }
  function attr(e, a) { for (var k in a) if (a[k] !== undefined) e.setAttribute(k, a[k]); return e; }
  function make(tag, a, parent, text) {
    var e = tag === "svg" || (parent && parent.namespaceURI === NS) ? document.createElementNS(NS, tag) : document.createElement(tag);
    attr(e, a);
    if (text !== undefined) { if (e.namespaceURI === NS) e.textContent = text; else write(e, text); }
    if (parent) parent.appendChild(e);
    return e;
  }
  function clamp(v, lo, hi) { return v < lo ? lo : v > hi ? hi : v; }
  function linspace(a, b, n) { // numpy.linspace, rounding included
    for (var step = (b - a) / (n - 1), out = [], i = 0; i < n; i++) out.push(i * step + a);
    out[n - 1] = b;
    return out;
  }
  function tick(v, log) { return log ? "10" + sup(Math.round(Math.log10(v))) : String(v).replace("-", "−"); }

  // A panel: an SVG plot with axes and a clipped layer g; X/Y map data to SVG units. Wide panels
  // get a wider coordinate system only where there is room, so text keeps its size on phones.
  function plot(parent, o) {
    var W = o.wide && parent.clientWidth > 560 ? 720 : 360, H = o.h || 240, l = o.ylog ? 54 : 46, r = 16, t = 10, b = 34, w = W - l - r, h = H - t - b;
    var box = make("div", { class: o.wide ? "lf-panel lf-wide" : "lf-panel" }, parent);
    var svg = make("svg", { viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": o.label }, box);
    var id = "lf-clip" + (++uid), x = o.x, y = o.y;
    function u(v, d, log) { return log ? Math.log10(v / d[0]) / Math.log10(d[1] / d[0]) : (v - d[0]) / (d[1] - d[0]); }
    var p = {
      svg: svg, box: box,
      X: v => l + u(v, x) * w,
      Y: v => t + h - u(o.ylog ? Math.max(v, y[0] / 10) : v, y, o.ylog) * h,
      invX: px => x[0] + (px - l) / w * (x[1] - x[0]),
      invY: py => y[0] + (t + h - py) / h * (y[1] - y[0]),
      at: function (ev) { // the pointer in SVG units
        var c = svg.getBoundingClientRect();
        return [(ev.clientX - c.left) * W / c.width, (ev.clientY - c.top) * H / c.height];
      }
    };
    make("rect", { x: l, y: t, width: w, height: h }, make("clipPath", { id: id }, make("defs", {}, svg)));
    p.g = make("g", { "clip-path": "url(#" + id + ")" }, svg);
    var ax = make("g", { class: "lf-axis" }, svg);
    make("rect", { x: l, y: t, width: w, height: h, fill: "none" }, ax);
    o.xt.forEach(function (v) {
      make("line", { x1: p.X(v), x2: p.X(v), y1: t + h, y2: t + h + 4 }, ax);
      make("text", { x: p.X(v), y: t + h + 15, "text-anchor": "middle" }, ax, tick(v));
    });
    o.yt.forEach(function (v) {
      make("line", { x1: l - 4, x2: l, y1: p.Y(v), y2: p.Y(v) }, ax);
      make("text", { x: l - 6, y: p.Y(v) + 4, "text-anchor": "end" }, ax, tick(v, o.ylog));
    });
    make("text", { x: l + w / 2, y: H - 3, "text-anchor": "middle", class: "lf-label" }, ax, o.xl);
    make("text", { x: 12, y: t + h / 2, "text-anchor": "middle", class: "lf-label", transform: "rotate(-90 12 " + (t + h / 2) + ")" }, ax, o.yl);
    return p;
  }

  // polyline points for data xs, ys, kept within a sane distance of the plot
  function points(p, xs, ys) {
    for (var s = new Array(xs.length), i = 0; i < xs.length; i++) {
      s[i] = clamp(p.X(xs[i]), -5e3, 5e3).toFixed(1) + "," + clamp(p.Y(ys[i]), -5e3, 5e3).toFixed(1);
    }
    return s.join(" ");
  }
  function col(a, k) { return a.map(v => v[k]); }
  function path(p, thetas) { return points(p, col(thetas, 0), col(thetas, 1)); }
  function series(p, v) { return points(p, v.map((_, i) => i), v); }
  function line(p, cls) { return make("polyline", { class: "lf-path " + cls }, p.g); }

  // A labelled range input; o.name is the symbol read out in aria-valuetext.
  function slider(f, o) {
    var id = "lf-in" + (++uid), row = make("div", { class: "lf-control" }, f.controls);
    make("label", { for: id }, row, o.label);
    var input = make("input", { id: id, type: "range", min: o.min, max: o.max, step: o.step, value: o.value }, row);
    var out = make("output", { for: id }, row);
    function show() {
      out.textContent = o.fmt(Number(input.value));
      input.setAttribute("aria-valuetext", o.name + " = " + out.textContent);
    }
    input.addEventListener("input", function () { show(); o.change(Number(input.value)); });
    show();
    return { value: () => Number(input.value), set: function (v) { input.value = v; show(); } };
  }
  function etaSlider(f, change) {
    return slider(f, { label: L.eta, name: "η", min: 0.001, max: 0.08, step: 0.001, value: 0.02, fmt: x => x.toFixed(3), change: change });
  }
  function gammaSlider(f, max, step, change) {
    return slider(f, { label: L.gamma, name: "γ", min: 0, max: max, step: step, value: 0.9, fmt: x => x.toFixed(2), change: change });
  }

  // title, description (the text alternative), controls, panels, legend and a live read-out
  function frame(root, t) {
    root.textContent = "";
    var n = ++uid, f = { t: make("p", { class: "lf-title", id: "lf-t" + n }, root, L.live + t[0]) };
    make("p", { class: "lf-desc", id: "lf-d" + n }, root, t[1]);
    f.controls = make("div", { class: "lf-controls" }, root);
    f.panels = make("div", { class: "lf-panels" }, root);
    f.legend = make("p", { class: "lf-legend" }, root);
    f.read = make("p", { class: "lf-readout", "aria-live": "polite", id: "lf-r" + n }, root);
    attr(root, { class: "live-figure lf-on", role: "figure", "aria-labelledby": "lf-t" + n, "aria-describedby": "lf-d" + n + " lf-r" + n });
    return f;
  }
  function key(f, cls, text) {
    var s = make("span", {}, f.legend);
    make("span", { class: "lf-swatch " + cls }, s);
    s.appendChild(document.createTextNode(text));
  }
  // one line of the read-out; the numbers also go to data attributes for the tests
  function say(f, text, r) {
    make("span", { class: "lf-line", "data-settled": r && r.settled, "data-diverged-at": r && r.divergedAt }, f.read, text);
  }
  function status(r) { return r.diverged ? L.diverged(r.divergedAt) : r.settled === Infinity ? L.unsettled(STEPS) : L.settled(r.settled); }
  function ravineRun(eta, gamma, nesterov) {
    var r = sim.run({ objective: RAVINE, learningRate: eta, momentum: gamma, nesterov: nesterov, theta0: START, steps: STEPS });
    r.settled = sim.settledStep(r.thetas, [0, 0], TOL, r.divergedAt);
    return r;
  }
  function lossPanel(f, wide) {
    return plot(f.panels, { x: [0, STEPS], y: [1e-16, 1e4], ylog: true, wide: wide, xt: [0, 250, 500, 750, 1000],
                            yt: [1e-16, 1e-12, 1e-8, 1e-4, 1], xl: "t", yl: "J(θ_t) − J*", label: L.ch02[3] });
  }
  function ravinePanel(f, label) {
    var p = plot(f.panels, { x: [-4.5, 1.5], y: [-1.5, 1.5], h: 200, xt: [-4, -3, -2, -1, 0, 1], yt: [-1, 0, 1], xl: "θ₁", yl: "θ₂", label: label });
    [0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100].forEach(function (c) { // contours J = c
      make("ellipse", { cx: p.X(0), cy: p.Y(0), rx: Math.sqrt(2 * c) * (p.X(1) - p.X(0)), ry: Math.sqrt(c / 25) * (p.Y(0) - p.Y(1)), class: "lf-contour" }, p.g);
    });
    make("text", { x: p.X(0), y: p.Y(0) + 4, "text-anchor": "middle" }, p.g, "×");
    make("circle", { cx: p.X(START[0]), cy: p.Y(START[1]), r: 3, class: "lf-startdot" }, p.g);
    return p;
  }
  function setXY(e, x, y, k) { e.setAttribute(k ? "x" : "cx", x); e.setAttribute(k ? "y" : "cy", y); }

  var FIGURES = {
    "ch02-momentum": function (root) {
      var f = frame(root, L.ch02), a = ravinePanel(f, L.ch02[2]), b = lossPanel(f);
      var lines = [line(a, "lf-gd"), line(a, "lf-mom"), line(b, "lf-gd"), line(b, "lf-mom")];
      key(f, "lf-gd", L.gd); key(f, "lf-mom", L.mom);
      var gd, gdEta, eta, gamma;
      function update() {
        var e = eta.value(), g = gamma.value(), r;
        if (gdEta !== e) { gd = ravineRun(e, null); gdEta = e; } // gradient descent does not depend on γ
        r = ravineRun(e, g);
        [path(a, gd.thetas), path(a, r.thetas), series(b, gd.losses), series(b, r.losses)].forEach(function (s, i) { lines[i].setAttribute("points", s); });
        f.read.textContent = "";
        say(f, L.mom + " (η = " + e.toFixed(3) + ", γ = " + g.toFixed(2) + "): " + status(r) + ".", r);
        say(f, L.gd + " (η = " + e.toFixed(3) + "): " + status(gd) + ".", gd);
      }
      eta = etaSlider(f, update);
      gamma = gammaSlider(f, 0.99, 0.01, update);
      update();
    },

    "ch03-terminal": function (root) {
      var f = frame(root, L.ch03), T = 250, ETA = 0.1;
      var p = plot(f.panels, { x: [0, T], y: [0.05, 20], ylog: true, wide: true, h: 250, xt: [0, 50, 100, 150, 200, 250],
                               yt: [0.1, 1, 10], xl: "t", yl: "−m_t", label: L.ch03[2] });
      var terminal = make("line", { class: "lf-terminal", x1: p.X(0), x2: p.X(T) }, p.g);
      var mark = make("line", { class: "lf-mark", y1: p.Y(0.05), y2: p.Y(20) }, p.g);
      var curve = line(p, "lf-mom"), dots = make("g", { class: "lf-mom" }, p.g);
      var ring = make("circle", { r: 4, class: "lf-ring" }, p.g), note = make("text", {}, p.g);
      key(f, "lf-mom", "m_t"); key(f, "lf-dash", "m* = −ηC/(1−γ)"); key(f, "lf-dot", "90 %");
      function update(g) {
        var r = sim.run({ objective: { name: "linear", gradient: [1] }, learningRate: ETA, momentum: g, theta0: [0], steps: T });
        var neg = r.momenta.map(m => -m[0]), ms = -ETA / (1 - g);
        var n = g === 0 ? 1 : Math.max(1, Math.ceil(Math.log1p(-0.9) / Math.log(g) - 1e-12)); // theory.steps_to_fraction
        attr(terminal, { y1: p.Y(-ms), y2: p.Y(-ms) });
        attr(mark, { x1: p.X(n), x2: p.X(n) });
        curve.setAttribute("points", series(p, neg));
        dots.textContent = "";
        for (var t = 1; t <= T; t += t < 50 ? 1 : 5) make("circle", { cx: p.X(t), cy: p.Y(neg[t]), r: 1.6 }, dots);
        setXY(ring, p.X(n), p.Y(neg[n]));
        setXY(note, p.X(n) + 5, p.Y(neg[n]) + 14, 1);
        note.textContent = "t = " + n;
        write(f.read, L.ch03read(g, ms, n, -neg[n]));
        f.read.setAttribute("data-t90", n);
      }
      gammaSlider(f, 0.99, 0.01, update);
      update(0.9);
    },

    "ch04-double-well": function (root) {
      var f = frame(root, L.ch04), ETA = 0.05, T = 600, SHOW = 150, N = 400;
      var well = sim.objective({ name: "doublewell", tilt: 1 }), star = well.minimizer[0], local = well.localMinimizer[0];
      var land = plot(f.panels, { x: [-2, 2], y: [-2.5, 3], xt: [-2, -1, 0, 1, 2], yt: [-2, -1, 0, 1, 2, 3], xl: "θ", yl: "J(θ)", label: L.ch04[2] });
      var time = plot(f.panels, { x: [0, SHOW], y: [-2, 2], xt: [0, 50, 100, 150], yt: [-2, -1, 0, 1, 2], xl: "t", yl: "θ_t", label: L.ch04[3] });
      var rate = plot(f.panels, { x: [0, 1], y: [0, 0.6], wide: true, h: 220, xt: [0, 0.2, 0.4, 0.6, 0.8, 1], yt: [0, 0.2, 0.4, 0.6], xl: "γ", yl: "p(γ)", label: L.ch04[4] });
      var xs = linspace(-2, 2, 161);
      make("polyline", { class: "lf-curve", points: points(land, xs, xs.map(x => well.value([x]))) }, land.g);
      [star, well.barrier, local].forEach(function (v) {
        make("line", { class: "lf-level", x1: time.X(0), x2: time.X(SHOW), y1: time.Y(v), y2: time.Y(v) }, time.g);
      });
      var traj = line(time, "lf-mom"), from = make("circle", { r: 5, class: "lf-from" }, land.g), to = make("circle", { r: 4, class: "lf-mom" }, land.g);
      var curve = line(rate, "lf-mom"), here = make("circle", { r: 6, class: "lf-ring" }, rate.g);
      land.svg.classList.add("lf-touch");
      key(f, "lf-mom", L.mom + ", η = 0.05");
      // p(γ) as chapter 04 defines it: 400 starts spread over the shallow basin; a run succeeds
      // when it ends within 0.05 of the global minimum without diverging
      var starts = linspace(well.barrier, 2, N + 1).slice(1), counts = {}, gammas = [];
      for (var i = 0; i < 50; i++) gammas.push(i * 2 / 100);
      function count(g) {
        if (!(g in counts)) {
          counts[g] = starts.filter(function (s) {
            var r = sim.run({ objective: well, learningRate: ETA, momentum: g, theta0: [s], steps: T, history: false });
            return !r.diverged && Math.abs(r.thetas[0][0] - star) <= 0.05;
          }).length;
        }
        return counts[g];
      }
      var start, gamma;
      function update() {
        var s = start.value(), g = gamma.value(), c = g in counts ? counts[g] : null;
        var r = sim.run({ objective: well, learningRate: ETA, momentum: g, theta0: [s], steps: T }), end = r.thetas[T][0];
        setXY(from, land.X(s), land.Y(well.value([s])));
        setXY(to, land.X(end), land.Y(well.value([end])));
        traj.setAttribute("points", series(time, col(r.thetas.slice(0, SHOW + 1), 0)));
        setXY(here, rate.X(g), rate.Y(c / N));
        here.style.visibility = c === null ? "hidden" : "visible";
        var w = r.diverged ? "diverged" : Math.abs(end - star) <= 0.05 ? "global" : Math.abs(end - local) <= 0.05 ? "local" : "other";
        f.read.setAttribute("data-outcome", w);
        write(f.read, "θ₀ = " + fix(s, 2) + ", γ = " + g.toFixed(2) + ": " + (r.diverged ? L.diverged(r.divergedAt) : L.end + fix(end, 3) + L.where[w]) + ". " + L.rate(g.toFixed(2), c));
      }
      start = slider(f, { label: L.start, name: "θ₀", min: -2, max: 2, step: 0.01, value: 1.5, fmt: x => fix(x, 2), change: update });
      gamma = gammaSlider(f, 0.98, 0.02, update);
      function setStart(ev) {
        start.set(clamp(Math.round(land.invX(land.at(ev)[0]) * 100) / 100, -2, 2));
        update();
      }
      land.svg.addEventListener("pointerdown", function (ev) {
        if (land.svg.setPointerCapture) land.svg.setPointerCapture(ev.pointerId);
        setStart(ev);
      });
      land.svg.addEventListener("pointermove", function (ev) { if (ev.buttons) setStart(ev); });
      // the curve fills in over a few dozen tasks, the current γ first so its marker shows at once
      var queue = [gamma.value()].concat(gammas);
      (function next() {
        var g = queue.shift();
        count(g);
        var done = gammas.filter(x => x in counts);
        curve.setAttribute("points", points(rate, done, done.map(x => counts[x] / N)));
        if (g === gamma.value()) update();
        if (queue.length) setTimeout(next, 0);
        else root.setAttribute("data-rates", JSON.stringify(gammas.map(count)));
      })();
      update();
    },

    "ch06-rate-map": function (root) {
      var f = frame(root, L.ch06), NE = 80, NG = 50, etas = linspace(0.001, 0.08, NE), gammas = linspace(0, 0.98, NG);
      var map = plot(f.panels, { x: [-0.01, 0.99], y: [0.0005, 0.0805], xt: [0, 0.2, 0.4, 0.6, 0.8], yt: [0, 0.02, 0.04, 0.06, 0.08], xl: "γ", yl: "η", label: L.ch06[2] });
      var traj = ravinePanel(f, L.ch06[3]);
      var rates = etas.map(e => gammas.map(g => sim.quadraticRate(e, g, [1, 50])));
      // one pixel per cell, η upwards, viridis from ρ = 0.7 to 1 as in the chapter's static map
      var canvas = attr(document.createElement("canvas"), { width: NG, height: NE }), ctx = canvas.getContext("2d"), img = ctx.createImageData(NG, NE);
      rates.forEach(function (row, i) {
        row.forEach(function (r, j) {
          var v = clamp((r - 0.7) / 0.3, 0, 1) * 4, k = Math.min(3, Math.floor(v)), c = VIRIDIS[k], d = VIRIDIS[k + 1], o = ((NE - 1 - i) * NG + j) * 4;
          for (var q = 0; q < 3; q++) img.data[o + q] = Math.round(c[q] + (d[q] - c[q]) * (v - k));
          img.data[o + 3] = 255;
        });
      });
      ctx.putImageData(img, 0, 0);
      make("image", { href: canvas.toDataURL(), x: map.X(-0.01), y: map.Y(0.0805), width: map.X(0.99) - map.X(-0.01),
                      height: map.Y(0.0005) - map.Y(0.0805), preserveAspectRatio: "none", class: "lf-pixels" }, map.g);
      var hs = linspace(0.0005, 0.0805, 161);
      make("polyline", { class: "lf-bound", points: points(map, gammas, gammas.map(g => (2 + 2 * g) / 50)) }, map.g);
      [1, 50].forEach(function (lam) {
        make("polyline", { class: "lf-crit", points: points(map, hs.map(function (h) { var s = 1 - Math.sqrt(h * lam); return s * s; }), hs) }, map.g);
      });
      var rk = Math.sqrt(50);
      make("text", { x: map.X(Math.pow((rk - 1) / (rk + 1), 2)), y: map.Y(Math.pow(2 / (1 + rk), 2)) + 5, "text-anchor": "middle", class: "lf-polyak" }, map.g, "★");
      var cw = map.X(0.02) - map.X(0), chh = map.Y(0) - map.Y(0.001), tPath = line(traj, "lf-mom");
      var hover = make("rect", { class: "lf-cell lf-hover", width: cw, height: chh }, map.g), pick = make("rect", { class: "lf-cell", width: cw, height: chh }, map.g);
      map.svg.classList.add("lf-touch");
      key(f, "lf-dash", "ηλ_max = 2 + 2γ"); key(f, "lf-dot", "γ = (1 − √(ηλ))²"); key(f, "lf-mom", L.mom);
      var ei, gi, hoverText = "";
      function place(rect, i, j) { setXY(rect, map.X(gammas[j] - 0.01), map.Y(etas[i] + 0.0005), 1); }
      function describe(i, j) { return "η = " + etas[i].toFixed(3) + ", γ = " + gammas[j].toFixed(2) + ": ρ = " + rates[i][j].toFixed(4); }
      function show(c) {
        hover.style.visibility = c ? "visible" : "hidden";
        if (c) place(hover, c[0], c[1]);
        hoverText = c ? L.hover + " " + describe(c[0], c[1]) + "." : "";
        write(f.read.lastChild, hoverText);
        f.read.lastChild.setAttribute("data-rho", c ? rates[c[0]][c[1]] : "");
      }
      function select() {
        var i = ei.value(), j = gi.value(), r = ravineRun(etas[i], gammas[j]);
        place(pick, i, j);
        tPath.setAttribute("points", path(traj, r.thetas));
        f.read.textContent = "";
        say(f, L.chosen + " " + describe(i, j) + "; " + status(r) + ".", r);
        f.read.firstChild.setAttribute("data-rho", rates[i][j]);
        say(f, hoverText);
      }
      ei = slider(f, { label: L.eta, name: "η", min: 0, max: NE - 1, step: 1, value: 19, fmt: i => etas[i].toFixed(3), change: select });
      gi = slider(f, { label: L.gamma, name: "γ", min: 0, max: NG - 1, step: 1, value: 45, fmt: j => gammas[j].toFixed(2), change: select });
      function cellAt(ev) {
        var xy = map.at(ev), j = Math.round(map.invX(xy[0]) / 0.02), i = Math.round((map.invY(xy[1]) - 0.001) / 0.001);
        return i >= 0 && i < NE && j >= 0 && j < NG ? [i, j] : null;
      }
      map.svg.addEventListener("pointermove", function (ev) { show(cellAt(ev)); });
      map.svg.addEventListener("pointerleave", function () { show(null); });
      map.svg.addEventListener("pointerdown", function (ev) {
        var c = cellAt(ev);
        if (c) { ei.set(c[0]); gi.set(c[1]); select(); show(c); }
      });
      select();
      show(null);
    },

    "ch07-nesterov": function (root) {
      var f = frame(root, L.ch07), a = ravinePanel(f, L.hb), b = ravinePanel(f, L.nag), loss = lossPanel(f, true);
      var lines = [line(a, "lf-mom"), line(b, "lf-nag"), line(loss, "lf-mom"), line(loss, "lf-nag")];
      key(f, "lf-mom", L.hb); key(f, "lf-nag", L.nag);
      [[a, L.hb], [b, L.nag]].forEach(x => make("text", { x: x[0].X(-4.4), y: x[0].Y(-1.35) }, x[0].g, x[1]));
      var eta, gamma;
      function update() {
        var e = eta.value(), g = gamma.value(), h = ravineRun(e, g, false), n = ravineRun(e, g, true);
        [path(a, h.thetas), path(b, n.thetas), series(loss, h.losses), series(loss, n.losses)].forEach(function (s, i) { lines[i].setAttribute("points", s); });
        f.read.textContent = "";
        [[L.hb, h, false], [L.nag, n, true]].forEach(function (x) {
          say(f, x[0] + " (ρ = " + sim.quadraticRate(e, g, [1, 50], x[2]).toFixed(4) + "): " + status(x[1]) + ".", x[1]);
        });
      }
      eta = etaSlider(f, update);
      gamma = gammaSlider(f, 0.99, 0.01, update);
      update();
    }
  };
  var VIRIDIS = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]]; // five stops of viridis

  function init() {
    var roots = document.querySelectorAll(".live-figure[data-figure]");
    if (!roots.length || !window.momentumSim) return;
    sim = window.momentumSim;
    L = TEXT[/^ko/.test(document.documentElement.lang) ? "ko" : "en"];
    Array.prototype.forEach.call(roots, function (root) {
      var build = FIGURES[root.getAttribute("data-figure")];
      if (build) build(root);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
