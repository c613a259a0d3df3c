"""The publishing workflow (.github/workflows/book.yml, issue 18), checked without GitHub:
actionlint passes on it (and fails on a broken copy, so it is really checking), it runs the same
`bash .ci/run` as CI here, and it publishes the folder `make book` writes, with the PDFs in it.
What only a real push can show (the runner's packages, the Pages deployment) is in the README."""

from __future__ import annotations

import importlib.util
import pathlib
import re
import subprocess
import sys

import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "book.yml"
ACTIONLINT = pathlib.Path(sys.executable).parent / "actionlint"

_spec = importlib.util.spec_from_file_location("pdf_build", ROOT / "pdf" / "build.py")
pdf_build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pdf_build)


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def triggers() -> dict:
    doc = workflow()
    return doc.get("on", doc.get(True))  # YAML 1.1 reads a bare `on` as true


def steps(job: str) -> list[dict]:
    return workflow()["jobs"][job]["steps"]


def step_using(job: str, action: str) -> dict:
    found = [s for s in steps(job) if s.get("uses", "").startswith(action + "@")]
    assert len(found) == 1, f"{job} should use {action} once"
    return found[0]


def actionlint(path: pathlib.Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(ACTIONLINT), "-no-color", str(path)], capture_output=True, text=True, timeout=60
    )


def test_actionlint_passes():
    result = actionlint(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_broken_copy(tmp_path):
    broken = WORKFLOW.read_text(encoding="utf-8").replace(
        "runs-on: ubuntu-latest", "runs-on: ubuntu-lastest", 1
    )
    broken = broken.replace("steps.deployment.outputs", "steps.deploy.outputs")
    (tmp_path / "book.yml").write_text(broken, encoding="utf-8")
    result = actionlint(tmp_path / "book.yml")
    assert result.returncode == 1
    assert "ubuntu-lastest" in result.stdout and "steps.deploy" in result.stdout


def test_runs_the_ci_script_on_pull_requests_and_pushes_to_main():
    on = triggers()
    assert "pull_request" in on
    assert on["push"]["branches"] == ["main"]
    job = workflow()["jobs"]["test"]
    assert job["runs-on"] == "ubuntu-latest"
    assert [s["run"] for s in job["steps"] if "run" in s] == ["bash .ci/run"]


def book_output() -> pathlib.PurePosixPath:
    """Where `make book` writes the site: Jupyter Book writes <source>/_build/html unless
    --path-output moves it."""
    recipe = re.search(
        r"^book:.*\n((?:\t.*\n)+)", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M
    ).group(1)
    command = re.search(r"jupyter-book build (\S+)(.*)", recipe)
    assert command, "make book no longer calls jupyter-book build"
    moved = re.search(r"--path-output[ =](\S+)", command.group(2))
    base = pathlib.PurePosixPath(moved.group(1) if moved else command.group(1))
    return base / "_build" / "html"


def test_publishes_the_folder_make_book_writes_with_the_pdfs_in_it():
    published = pathlib.PurePosixPath(step_using("test", "actions/upload-pages-artifact")["with"]["path"])
    assert published == book_output()
    assert ROOT / published == pdf_build.SITE
    assert pdf_build.PUBLISHED.parent == pdf_build.SITE  # make pdf copies the PDFs into it


def test_deploys_only_from_main_after_the_tests_pass():
    jobs = workflow()["jobs"]
    deploy = jobs["deploy"]
    assert deploy["needs"] == "test"
    upload = step_using("test", "actions/upload-pages-artifact")
    for condition in (deploy["if"], upload["if"]):
        assert "github.ref == 'refs/heads/main'" in condition and "!= 'pull_request'" in condition
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]


def test_least_permissions():
    doc = workflow()
    assert doc["permissions"] == {"contents": "read"}
    assert doc["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    others = {name: job.get("permissions") for name, job in doc["jobs"].items() if name != "deploy"}
    assert all(p is None for p in others.values()), f"only deploy may widen permissions: {others}"
    checkout = step_using("test", "actions/checkout")
    assert checkout["with"]["persist-credentials"] is False


def test_every_action_pinned_to_a_full_commit_sha_with_its_version():
    lines = [
        line for line in WORKFLOW.read_text(encoding="utf-8").splitlines() if re.match(r"\s*-?\s*uses:", line)
    ]
    assert len(lines) >= 5
    loose = [
        line.strip()
        for line in lines
        if not re.search(r"uses: [\w.-]+/[\w.-]+@[0-9a-f]{40}\s+# v\d+\.\d+\.\d+$", line)
    ]
    assert loose == []


def test_concurrency_group_and_pip_cache():
    doc = workflow()
    assert "group" in doc["concurrency"]
    python = step_using("test", "actions/setup-python")["with"]
    assert python["cache"] == "pip"
    assert "requirements.txt" in python["cache-dependency-path"]


@pytest.mark.parametrize("name", ["chromium", "google-chrome"])
def test_ci_script_accepts_the_runner_browser_and_installs_with_sudo(name):
    """GitHub's runner is not root and ships Google Chrome: .ci/run must use sudo, and must not
    ask apt for a `chromium` package that Ubuntu does not have."""
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert f"command -v {name}" in script
    assert "sudo -n" in script
