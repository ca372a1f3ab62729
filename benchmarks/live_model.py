"""The suggestion eval against a real model endpoint, one case at a time: does the plumbing hold?

Not in CI (it needs a model server). Point it at any litellm model, for example a local
OpenAI-compatible server (llama.cpp's ``llama-server``, llama-cpp-python's server, Ollama):

    OKR_COACH_MODEL=openai/local OKR_COACH_API_BASE=http://127.0.0.1:8080/v1 \\
        .venv/bin/python benchmarks/live_model.py [--cases N]

It prints, per case and in total: whether the reply validated first time, after a re-ask,
or not at all (then the offline rewriter answered), whether the gate accepted the model's
rewrite, how many rewrites were refused for invented numbers, and the latency (median and
90th percentile). With a small instruct model on two cores these figures measure the
plumbing (schema, token cap, timeouts, fallback), not the quality of the rewrites.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from coach.evals.suggestions import evaluate_case, load_cases  # noqa: E402
from coach.llm.client import OFFLINE, LLMConfig, make_client  # noqa: E402
from coach.paths import data_dir  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=0, help="only the first N cases (0: all)")
    args = parser.parse_args(argv)
    config = LLMConfig.from_env()
    if config.model is None:
        print("live_model: set OKR_COACH_MODEL (and OKR_COACH_API_BASE for a local server)", file=sys.stderr)
        return 2
    cases = load_cases(data_dir("evals") / "suggestions" / "cases.yaml")
    cases = cases[: args.cases] if args.cases else cases
    print(f"model {config.model} at {config.api_base or 'its provider'}; timeout {config.timeout:g} s; "
          f"{len(cases)} cases, one at a time")
    seconds: list[float] = []
    first_time = reasked = bad = accepted = invented_refused = calls = 0
    for case in cases:
        client = make_client(config)
        started = time.perf_counter()
        _result, outcome = evaluate_case(case, client)
        took = time.perf_counter() - started
        seconds.append(took)
        if outcome is None:
            print(f"  {case.id:34} nothing to rewrite")
            continue
        calls += outcome.calls
        fell_back = outcome.fallback
        bad += fell_back
        reasked += outcome.reasks
        first_time += not fell_back and not outcome.reasks
        model_ok = [s for _i, s in outcome.suggestions if s.origin != OFFLINE]
        accepted += bool(model_ok)
        invented_refused += sum(r.reason == "invented_number" for r in outcome.rejections)
        state = "fallback" if fell_back else "re-asked" if outcome.reasks else "valid"
        print(f"  {case.id:34} {state:9} gate {'accepted' if model_ok else 'refused '} {took:6.1f} s"
              + (f"  ({outcome.notes[0][:90]})" if outcome.notes else ""))
    done = len(seconds)
    print(f"\nvalid first time {first_time}/{done}, after a re-ask {reasked}, no valid reply {bad} "
          f"(offline used); model rewrites accepted by the gate in {accepted}/{done} cases; "
          f"refused for invented numbers {invented_refused}; model calls {calls}")
    if seconds:
        ordered = sorted(seconds)
        p90 = ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]
        print(f"latency per case: median {statistics.median(seconds):.1f} s, p90 {p90:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
