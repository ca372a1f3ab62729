"""The README's CI job example runs: its okr-coach steps, on this repository's examples/."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]


def _job_steps() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```yaml\n(.*?)```", readme, re.S) if "name: okr-coach" in b)
    steps = yaml.safe_load(block)["jobs"]["okrs"]["steps"]
    return [s["run"] for s in steps if "run" in s and s["run"].startswith("okr-coach")]


def test_the_readme_ci_job_reviews_the_examples(tmp_path: Path) -> None:
    sarif_step, github_step = _job_steps()
    env = {**os.environ, "OKR_COACH_HOME": str(tmp_path / "home"),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    argv = shlex.split(sarif_step.split(">")[0])
    sarif = subprocess.run(argv, cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert sarif.returncode == 0, sarif.stderr
    log = json.loads(sarif.stdout)
    results = log["runs"][0]["results"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert "examples/team-draft.md" in uris
    annotations = subprocess.run(shlex.split(github_step), cwd=REPO, env=env, capture_output=True, text=True,
                                 timeout=120)
    assert annotations.returncode == 1  # the examples carry failing errors on purpose
    assert re.search(r"^::error file=examples/team-draft\.md,line=\d+", annotations.stdout, re.M)
