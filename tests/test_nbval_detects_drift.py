"""nbval is the book's regression test, so prove it can fail: a stored output changed by hand
must make it fail, and the untouched notebook must pass."""

import json
import pathlib
import shutil
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "book" / "en" / "00_preface.ipynb"


def nbval(path: pathlib.Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--nbval", "--nbval-current-env",
         "-q", str(path)], cwd=path.parent, capture_output=True, text=True, timeout=300)


def test_nbval_passes_the_stored_notebook_and_fails_a_tampered_one(tmp_path):
    good = tmp_path / "good.ipynb"
    shutil.copy(NOTEBOOK, good)
    assert nbval(good).returncode == 0

    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    tampered_cells = 0
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and "0.439" in "".join(out["text"]):
                out["text"] = [line.replace("0.439", "0.440") for line in out["text"]]
                tampered_cells += 1
    assert tampered_cells == 1, "the preface no longer prints θ = 0.439; update this test"
    bad = tmp_path / "bad.ipynb"
    bad.write_text(json.dumps(nb), encoding="utf-8")
    result = nbval(bad)
    assert result.returncode == 1, result.stdout[-2000:]
