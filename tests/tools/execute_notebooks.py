"""Execute notebooks in place, top to bottom, each in a fresh kernel, as `make notebooks` does.

The stored outputs are what nbval later checks, so they are made the same way every time:
the kernel starts in the notebook's folder, cells run in order, execution counts are
sequential and no timing metadata is stored.
"""

import pathlib
import sys
import time

import nbformat
from nbclient import NotebookClient


def execute(path: pathlib.Path) -> float:
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}},
        record_timing=False, coalesce_streams=True,
    ).execute()
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)
    return time.perf_counter() - start


if __name__ == "__main__":
    paths = [pathlib.Path(p) for p in sys.argv[1:] if p.strip()]
    if not paths:
        sys.exit("no notebooks given")
    for p in paths:
        print(f"{p}: {execute(p):.1f} s", flush=True)
