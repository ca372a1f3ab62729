"""Cold wall time of `okr-coach review` on the bundled example: a fresh process each run.

Run: .venv/bin/python benchmarks/bench_cold_review.py [--runs 15]
Prints the median and spread for text and JSON output (target: under 1 s).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "team-draft.md"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    exe = shutil.which("okr-coach", path=str(Path(sys.executable).parent)) or "okr-coach"
    for fmt in ("text", "json"):
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            proc = subprocess.run([exe, "review", str(EXAMPLE), "--format", fmt], capture_output=True)
            times.append(time.perf_counter() - start)
            if proc.returncode not in (0, 1):
                print(proc.stderr.decode(), file=sys.stderr)
                return 1
        print(f"cold okr-coach review --format {fmt}: median {statistics.median(times) * 1000:.0f} ms "
              f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}) over {args.runs} runs")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    print(f"  (bare python start: {(time.perf_counter() - start) * 1000:.0f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
