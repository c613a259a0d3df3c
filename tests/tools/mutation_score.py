"""Summarise `mutmut results --all true`: killed / total, survivors per module, and which
survivors tests/MUTATION.md lists as equivalent (with a reason). Exit 1 below 90 % killed,
counting a listed equivalent mutant neither as killed nor as a miss."""

import pathlib
import re
import sys
from collections import Counter

ROOT = pathlib.Path(__file__).resolve().parents[2]
TARGET = 0.90


def main(path: str) -> int:
    status = dict(re.findall(r"^\s*(\S+__mutmut_\d+): (.+)$", pathlib.Path(path).read_text(), flags=re.M))
    listed = set(re.findall(r"`(\S+__mutmut_\d+)`", (ROOT / "tests" / "MUTATION.md").read_text(encoding="utf-8")))
    counts = Counter(status.values())
    equivalent = {m for m, s in status.items() if s == "survived" and m in listed}
    survivors = sorted(m for m, s in status.items() if s == "survived" and m not in listed)
    killed = counts["killed"] + counts["timeout"]
    judged = len(status) - len(equivalent)
    score = killed / judged if judged else 0.0
    print(f"mutants: {len(status)}; " + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())))
    print(f"listed as equivalent in tests/MUTATION.md: {len(equivalent)}")
    print(f"score: {killed} killed of {judged} non-equivalent = {score:.1%} (target {TARGET:.0%})")
    by_module = Counter(m.split(".x")[0] for m in survivors)
    for module, n in sorted(by_module.items()):
        print(f"  survivors in {module}: {n}")
    for m in survivors:
        print(f"    {m}")
    stale = sorted(listed - set(status))
    if stale:
        print(f"tests/MUTATION.md lists {len(stale)} mutants this run did not make: {stale[:5]}")
    return 0 if score >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
