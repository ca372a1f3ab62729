"""The whole `okr-coach review` command on big drafts: CPU seconds and peak memory, per size.

What it times is what a user runs: a fresh `okr-coach review FILE --format json` process
(parse, review, the "why this matters" guidance, the JSON written to a pipe), and the same
with the text report. CPU is user + system time of that process alone (os.wait4), so the
other core's noise does not count, and the review is single-threaded: one core. Sizes are
key results at 10 per objective; 50,000 needs more than the 1,000-objective default limit,
so that run raises it through OKR_COACH_MAX_OBJECTIVES / OKR_COACH_MAX_CHARS.

    .venv/bin/python benchmarks/bench_cli_path.py                  # 1k, 10k, 50k
    .venv/bin/python benchmarks/bench_cli_path.py --sizes 1000 10000 --runs 5

It also prints the warm path for one pasted set of 3 objectives x 4 key results (parse,
review, guidance, JSON in a running process), which is what the API does per request.
Targets (design section 5): 10,000 key results in at most 2.5 s of CPU, linear to 50,000;
warm 3x4 p50 under 5 ms.
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

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _drafts import draft  # noqa: E402

PER_OBJECTIVE = 10


def run_once(exe: str, path: Path, fmt: str, env: dict[str, str]) -> tuple[float, float, int]:
    """(cpu seconds, wall seconds, peak RSS in MB) of one fresh process."""
    start = time.perf_counter()
    proc = subprocess.Popen([exe, "review", str(path), "--format", fmt], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env=env)
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        reason = proc.stderr.read().decode() if proc.stderr else ""
        raise SystemExit(f"review failed with exit {code}: {reason}")
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss // 1024


def warm_p50() -> tuple[float, float]:
    """p50 and p95 in ms of parse + review + guidance + JSON for one 3x4 set, in process."""
    from coach.report.json import render_json
    from coach.service.review import review_text

    texts = [draft(3, 4, seed=s) for s in range(50)]
    render_json(review_text(texts[0]))  # load the pack once, as a running server has
    times = []
    for i in range(400):
        start = time.perf_counter()
        render_json(review_text(texts[i % len(texts)]))
        times.append(time.perf_counter() - start)
    times.sort()
    return times[len(times) // 2] * 1000, times[int(len(times) * 0.95)] * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 50_000])
    parser.add_argument("--runs", type=int, default=3, help="runs per size and format (median)")
    args = parser.parse_args()
    exe = shutil.which("okr-coach", path=str(Path(sys.executable).parent)) or "okr-coach"
    env = dict(os.environ)
    env["OKR_COACH_MAX_OBJECTIVES"] = str(max(args.sizes) // PER_OBJECTIVE + 1)
    env["OKR_COACH_MAX_CHARS"] = str(200 * max(args.sizes))
    with tempfile.TemporaryDirectory() as tmp:
        env.setdefault("OKR_COACH_HOME", str(Path(tmp) / "home"))
        per_kr: dict[str, list[float]] = {"json": [], "text": []}
        print(f"okr-coach review, fresh process per run, median of {args.runs} (CPU = user + sys)")
        for size in args.sizes:
            path = Path(tmp) / f"draft-{size}.md"
            path.write_text(draft(size // PER_OBJECTIVE, PER_OBJECTIVE), encoding="utf-8")
            run_once(exe, path, "json", env)  # compile the pack cache once; not counted
            for fmt in ("json", "text"):
                runs = [run_once(exe, path, fmt, env) for _ in range(args.runs)]
                cpu = statistics.median(r[0] for r in runs)
                wall = statistics.median(r[1] for r in runs)
                rss = max(r[2] for r in runs)
                per_kr[fmt].append(cpu / size)
                print(f"  {size:>7,} key results  --format {fmt:<5} CPU {cpu:6.2f} s  wall {wall:6.2f} s  "
                      f"peak {rss:5d} MB  ({cpu / size * 1e6:6.0f} µs per key result)")
        for fmt, costs in per_kr.items():
            steps = ", ".join(f"{args.sizes[i]:,}->{args.sizes[i + 1]:,}: {costs[i + 1] / costs[i]:.2f}x"
                              for i in range(len(costs) - 1))
            if steps:  # 1.00 = linear; the smallest size also carries the ~0.1 s start-up
                print(f"  linearity ({fmt}), CPU per key result from one size to the next: {steps}")
    p50, p95 = warm_p50()
    print(f"warm, one pasted set of 3 objectives x 4 key results (parse, review, guidance, JSON): "
          f"p50 {p50:.2f} ms, p95 {p95:.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
