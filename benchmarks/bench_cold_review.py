"""Cold `okr-coach review` of the bundled example as a ratio to a bare `python -c pass`, in one run.

Each round starts a fresh `python -c pass` and a fresh `okr-coach review examples/team-draft.md`
(output to a pipe, as a script or CI would), alternating, so both see the same machine load;
the ratio of the medians is the figure (target: at most 8x, design section 5).

"Cold" here means a new process, with what a normal install has on disk: Python's bytecode
caches (pip writes them for a wheel; an editable checkout writes them on first use) and the
compiled rubric pack under OKR_COACH_HOME (written by the first review ever). Both are also
measured without: the very first review (pack compiled: yaml, pydantic and a pass over the
knowledge base) and a review with no bytecode caches (every module compiled from source, as
when PYTHONDONTWRITEBYTECODE is set and nothing was precompiled).

    .venv/bin/python benchmarks/bench_cold_review.py [--rounds 21]
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "team-draft.md"


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, env=env)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.decode()}")
    return elapsed


def ratio(review: list[str], env: dict[str, str], rounds: int) -> tuple[float, float, float]:
    bare, cold = [], []
    for _ in range(rounds):
        bare.append(timed([sys.executable, "-c", "pass"], env))
        cold.append(timed(review, env))
    b, c = statistics.median(bare), statistics.median(cold)
    return b * 1000, c * 1000, c / b


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21)
    args = parser.parse_args()
    exe = shutil.which("okr-coach", path=str(Path(sys.executable).parent)) or "okr-coach"
    compileall.compile_dir(str(ROOT / "coach"), quiet=1)  # what pip does for an installed wheel
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "OKR_COACH_HOME": str(Path(tmp) / "home")}
        first = timed([exe, "review", str(EXAMPLE), "--format", "json"], env)
        print(f"first review ever (compiles the rubric pack into the cache): {first * 1000:.0f} ms")
        for fmt in ("json", "text"):
            b, c, r = ratio([exe, "review", str(EXAMPLE), "--format", fmt], env, args.rounds)
            print(f"cold okr-coach review --format {fmt}: median {c:.0f} ms vs bare python {b:.1f} ms "
                  f"-> {r:.1f}x (target <= 8x, {args.rounds} alternating rounds)")
        no_pyc = {**env, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPYCACHEPREFIX": str(Path(tmp) / "no-pyc")}
        b, c, r = ratio([exe, "review", str(EXAMPLE), "--format", "json"], no_pyc, max(5, args.rounds // 3))
        print(f"  without bytecode caches (every module compiled from source): median {c:.0f} ms -> {r:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
