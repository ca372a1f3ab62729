"""A built wheel carries its data: reviewing works from an installed wheel outside the repo."""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_wheel_installs_into_a_fresh_venv_and_reviews_from_another_directory(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    command = [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist)]
    built = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    wheel = next(dist.glob("okr_coach-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheel)],
                   check=True, timeout=300)
    # Dependencies come from the test environment (no network here); the package itself only
    # from the wheel: the dev environment's editable hook is a .pth file, which is not read here.
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    deps = [p for p in [*site.getsitepackages(), sysconfig.get_paths()["purelib"]] if Path(p).is_dir()]
    Path(purelib, "zz_test_deps.pth").write_text("\n".join(dict.fromkeys(deps)) + "\n")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    draft = elsewhere / "draft.md"
    draft.write_text("Objective: Make onboarding painless\n- Launch the new onboarding flow\n"
                     "- Raise activation from 30% to 45% by Q3\n")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    proc = subprocess.run([str(venv / "bin" / "okr-coach"), "review", "draft.md", "--format", "json"],
                          cwd=elsewhere, capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    launch = data["objectives"][0]["key_results"][0]
    outcome = next(f for f in launch["findings"] if f["criterion"] == "okr-core.kr-outcome")
    assert not outcome["passed"] and outcome["why"].startswith(("outcomes-vs-outputs", "milestones"))

    where = subprocess.run([str(python), "-c", "import coach, coach.paths as p; print(coach.__file__); "
                            "print(p.data_dir('rubrics'))"], cwd=elsewhere, capture_output=True, text=True,
                           env=env, check=True).stdout.split()
    assert where[0].startswith(purelib) and "_data" in where[1]
    check = subprocess.run([str(venv / "bin" / "okr-coach"), "rubrics", "check"], cwd=elsewhere,
                           capture_output=True, text=True, env=env, timeout=120)
    assert check.returncode == 0, check.stderr
