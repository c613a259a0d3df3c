"""Print the notebooks listed in _toc.yml, one per line (both editions), for `make notebooks`.

Reads the toc with a tiny parser so it runs on the system Python before .venv exists.
"""

import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]


def toc_files() -> list[str]:
    """Every `file:` entry of _toc.yml (and the root), in order, without suffix."""
    text = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    return re.findall(r"^\s*(?:-\s*)?(?:file|root):\s*(\S+)\s*$", text, flags=re.M)


def toc_notebooks() -> list[pathlib.Path]:
    return [ROOT / f"{f}.ipynb" for f in toc_files() if (ROOT / f"{f}.ipynb").exists()]


if __name__ == "__main__":
    sys.stdout.write("\n".join(str(p.relative_to(ROOT)) for p in toc_notebooks()) + "\n")
