"""`okr-coach batch` on 1,000 teams of 3 objectives x 4 key results, as an ambassador runs it.

Times the whole command (start-up, reading, splitting, reviews in worker processes, the
store, and the four report files with ``--out``) in a fresh OKR_COACH_HOME, then the same
run again (everything from the store), and one cold `okr-coach review` of one team for the
ratio. Peak memory is the largest resident set of the command or any of its workers.
Target (issue 12): under 15 s wall and 600 MB on this 2-core machine.

    .venv/bin/python benchmarks/bench_batch.py [--teams 1000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-c", "from coach.cli import run; run()"]
TIME = shutil.which("time") or "/usr/bin/time"


def write_teams(folder: Path, teams: int) -> None:
    for n in range(teams):
        lines = [f"# Team {n}", "Period: Q3 2026"]
        for o in range(3):
            lines.append(f"## Objective {o + 1}: Make area {o} of team {n} delightful")
            lines += [f"- Raise weekly active users of feature {o}{k} from {100 + n} to {200 + n + k} by Sep"
                      if k % 2 == 0 else f"- Launch the new dashboard {o}{k} for team {n}" for k in range(4)]
        (folder / f"team-{n:04d}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def timed(args: list[str], home: Path) -> tuple[float, float]:
    """(wall seconds, peak MB of the process tree) of one command."""
    env = dict(os.environ, OKR_COACH_HOME=str(home))
    started = time.perf_counter()
    proc = subprocess.run([TIME, "-f", "%M", *args], env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, check=False)
    if proc.returncode not in (0, 1):  # 1: findings failed, which a review of a draft may
        raise SystemExit(f"{' '.join(args[3:])} failed ({proc.returncode}): {proc.stderr[-400:]}")
    wall = time.perf_counter() - started
    # GNU time reports the largest child; workers are children of the command's children,
    # so also ask the kernel for the largest RSS among all descendants this process waited for.
    import resource

    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    own = int(proc.stderr.strip().splitlines()[-1]) / 1024
    return wall, max(own, children)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teams", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "teams"
        folder.mkdir()
        write_teams(folder, args.teams)
        cold, warm, peaks = [], [], []
        for r in range(args.rounds):
            home = Path(tmp) / f"home-{r}"
            out = Path(tmp) / f"out-{r}"
            wall, peak = timed([*CLI, "batch", str(folder), "--out", str(out), "--format", "json"], home)
            cold.append(wall)
            peaks.append(peak)
            warm.append(timed([*CLI, "batch", str(folder), "--out", str(out), "--format", "json"], home)[0])
        one = folder / "team-0000.md"
        singles = [timed([*CLI, "review", str(one), "--format", "json"], Path(tmp) / "home-0")[0]
                   for _ in range(5)]
    single = statistics.median(singles)
    print(f"{args.teams} teams of 3x4, {os.cpu_count()} cores, {args.rounds} rounds")
    print(f"  batch, fresh store : median {statistics.median(cold):.2f} s wall (min {min(cold):.2f}), "
          f"peak {max(peaks):.0f} MB")
    print(f"  batch, all stored  : median {statistics.median(warm):.2f} s wall")
    print(f"  one cold review    : median {single:.3f} s; batch / one review = "
          f"{statistics.median(cold) / single:.0f}x for {args.teams} teams "
          f"({statistics.median(cold) / single / args.teams:.3f}x per team)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
