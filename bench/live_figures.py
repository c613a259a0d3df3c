"""How long one input event takes in each live figure: recompute and redraw, in Chromium.

For every slider of every figure, 50 input events alternate between two values; each is timed
with performance.now() from dispatching the event to the end of a forced style and layout (so the
new SVG attributes are applied), after 5 events of warm-up, with one frame between events.
The median is the figure of merit; the target is 16 ms (one frame at 60 Hz) for 1000 steps.
The same again with Chromium's CPU throttled 4× (a rough stand-in for a mid-range phone), and
the engine's raw speed on chapter 04's success-rate curve (50 γ × 400 starts × 600 steps).

Needs the built site (`make book`) and Chromium (/usr/bin/chromium here).
"""

import functools
import http.server
import pathlib
import shutil
import statistics
import sys
import threading

from playwright.sync_api import sync_playwright

ROOT = pathlib.Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
FIGURES = {  # figure: (page, slider values to alternate between, one pair per slider)
    "ch02-momentum": ("02_momentum", [("0.020", "0.021"), ("0.90", "0.91")]),
    "ch03-terminal": ("03_terminal_momentum", [("0.90", "0.91")]),
    "ch04-double-well": ("04_flat_regions_and_local_minima", [("1.50", "1.51"), ("0.90", "0.92")]),
    "ch06-rate-map": ("06_quadratic_analysis", [("19", "20"), ("45", "46")]),
    "ch07-nesterov": ("07_nesterov", [("0.020", "0.021"), ("0.90", "0.91")]),
}
UPDATES, WARM_UP = 50, 5

TIME_SLIDER = """async ([figure, index, values, n, warm]) => {
  const fig = document.querySelector(`.live-figure[data-figure="${figure}"]`);
  const input = fig.querySelectorAll('input[type=range]')[index];
  const times = [];
  for (let k = 0; k < n + warm; k++) {
    input.value = values[k % 2];
    const t0 = performance.now();
    input.dispatchEvent(new Event('input', {bubbles: true}));
    fig.getBoundingClientRect();  // style and layout now, inside the timed span
    const t1 = performance.now();
    if (k >= warm) times.push(t1 - t0);
    await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  }
  return times;
}"""

TIME_SWEEP = """() => {
  const well = momentumSim.objective({name: 'doublewell', tilt: 1});
  const t0 = performance.now();
  let runs = 0;
  for (let i = 0; i < 50; i++) for (let k = 1; k <= 400; k++, runs++) {
    momentumSim.run({objective: well, learningRate: 0.05, momentum: i / 50, theta0: [2 * k / 400],
                     steps: 600, history: false});
  }
  return [performance.now() - t0, runs * 600];
}"""


def serve():
    handler = functools.partial(type("Quiet", (http.server.SimpleHTTPRequestHandler,),
                                     {"log_message": lambda *a: None}), directory=str(SITE))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def measure(page, url, throttle):
    rows = []
    for figure, (name, sliders) in FIGURES.items():
        page.goto(f"{url}/book/en/{name}.html", wait_until="load")
        if figure == "ch04-double-well":
            page.wait_for_selector(".live-figure[data-rates]", state="attached", timeout=120_000)
        cdp = page.context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
        for index, values in enumerate(sliders):
            times = page.evaluate(TIME_SLIDER, [figure, index, list(values), UPDATES, WARM_UP])
            p90 = sorted(times)[int(0.9 * len(times))]
            rows.append((figure, index, statistics.median(times), p90, max(times)))
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
        cdp.detach()
    return rows


def main() -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not (SITE / "index.html").exists() or chromium is None:
        sys.exit("bench/live_figures.py needs the built site (make book) and Chromium")
    server, url = serve()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True,
                                    args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        print(f"bench/live_figures.py: one input event, recompute + redraw; median of {UPDATES} "
              f"(after {WARM_UP} warm-up), p90 and max, in ms; target: median <= 16 ms")
        worst = 0.0
        for throttle in (1, 4):
            print(f"\nCPU throttling {throttle}×")
            print(f"{'figure':<18}{'slider':>7}{'median':>9}{'p90':>8}{'max':>8}")
            for figure, index, median, p90, top in measure(page, url, throttle):
                print(f"{figure:<18}{index:>7}{median:9.2f}{p90:8.2f}{top:8.2f}")
                if throttle == 1:
                    worst = max(worst, median)
        verdict = "met" if worst <= 16 else "NOT met"
        print(f"\nworst median without throttling: {worst:.2f} ms (target <= 16 ms: {verdict})")
        page.goto(f"{url}/book/en/02_momentum.html", wait_until="load")
        ms, steps = page.evaluate(TIME_SWEEP)
        print(f"engine: {steps / 1e6:.0f} million double-well steps (chapter 04's curve) in {ms:.0f} ms, "
              f"{steps / ms / 1e3:.0f} million steps/s")
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
