"""A workshop's worth of learners answering at once: 20 clients, 60 s, one server.

Starts `okr-coach serve` (one uvicorn worker) in a fresh OKR_COACH_HOME, opens a workshop,
and runs 20 learners in threads, each starting a session in it and answering exercise after
exercise as fast as the server lets it (a wrong answer every third exercise, so hints,
repeats and grading of wrong rewrites are in the mix; the rubric grades every rewrite and
set). Prints answers per second, errors, and the p50/p99 latency of an answer. Target
(issue 13): 0 errors and p99 under 100 ms.

    .venv/bin/python benchmarks/bench_tutor_load.py [--learners 20] [--seconds 60]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_api_load import start_server  # noqa: E402

from coach.tutor.curriculum import load_lessons  # noqa: E402


def learner(base: str, code: str, n: int, until: float, answers: dict[str, str], wrong: dict[str, str],
            lessons: list[str], latencies: list[float], errors: list[str], lock: threading.Lock) -> None:
    with httpx.Client(base_url=base, timeout=30) as client:
        count = 0
        while time.monotonic() < until:
            started = client.post("/api/v1/tutor/sessions", json={
                "lesson": lessons[n % len(lessons)], "learner": f"learner-{n}", "workshop": code})
            if started.status_code != 201:
                with lock:
                    errors.append(f"start {started.status_code}")
                return
            body = started.json()
            current = body["exercise"]
            while current is not None and time.monotonic() < until:
                count += 1
                text = wrong[current["id"]] if count % 3 == 0 else answers[current["id"]]
                t0 = time.perf_counter()
                reply = client.post(f"/api/v1/tutor/sessions/{body['session']}/answers",
                                    json={"exercise": current["id"], "answer": text})
                took = time.perf_counter() - t0
                with lock:
                    if reply.status_code != 200:
                        errors.append(f"answer {reply.status_code}: {reply.text[:120]}")
                        return
                    latencies.append(took)
                current = reply.json()["next"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    lessons = load_lessons()
    answers, wrong = {}, {}
    for lesson in lessons:
        for e in lesson.exercises:
            right = e.answer if e.kind in ("classify", "spot", "scenario") else e.model_answer
            answers[e.id] = right or ""
            wrong[e.id] = (next(c for c in e.choices if c != e.answer) if e.choices
                           else "Launch it" if e.kind == "rewrite" else "Objective: Do things\n- Work hard")
    with tempfile.TemporaryDirectory() as home:
        os.environ["OKR_COACH_HOME"] = home
        proc, port = start_server()
        try:
            base = f"http://127.0.0.1:{port}"
            code = httpx.post(f"{base}/api/v1/workshops", json={"title": "load"}).json()["code"]
            latencies: list[float] = []
            errors: list[str] = []
            lock = threading.Lock()
            until = time.monotonic() + args.seconds
            threads = [threading.Thread(target=learner, args=(base, code, n, until, answers, wrong,
                                                                [lesson.id for lesson in lessons], latencies,
                                                                errors, lock)) for n in range(args.learners)]
            started = time.monotonic()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            wall = time.monotonic() - started
            board = httpx.get(f"{base}/api/v1/workshops/{code}").json()
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))] if ordered else float("nan")
    print(f"{args.learners} learners for {args.seconds:.0f} s, one server worker, {os.cpu_count()} cores")
    print(f"  answers: {len(latencies)} ({len(latencies) / wall:.0f}/s), errors: {len(errors)}"
          + (f" e.g. {errors[0]}" if errors else ""))
    print(f"  answer latency: p50 {statistics.median(latencies) * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms")
    print(f"  dashboard: {board['learners']} learners, {board['attempts']} attempts recorded")
    return 0 if not errors else 1


if __name__ == "__main__":
    raise SystemExit(main())
