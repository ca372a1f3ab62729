#!/usr/bin/env bash
# Install everything the tests need into .venv and run the whole check:
# lint, types, tests (incl. the headless-browser test), and the evals with their thresholds.
# This is the README's test command; .ci/run calls it on a clean clone.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[dev]'
# Bytecode for the package, as pip writes it for an installed wheel: start-up is then measured
# (and tested) the way users run it, also where PYTHONDONTWRITEBYTECODE is set.
.venv/bin/python -m compileall -q coach api
if [ "${OKR_COACH_SKIP_BROWSER:-0}" != "1" ] && [ -f .ci/install-browser.sh ]; then
  bash .ci/install-browser.sh
fi

echo "== ruff";   .venv/bin/ruff check .
echo "== mypy";   .venv/bin/mypy
echo "== pytest"; .venv/bin/python -m pytest
echo "== evals"
.venv/bin/okr-coach rubrics check   # every bundled pack
.venv/bin/okr-coach eval rubric --report-dir evals/reports
.venv/bin/okr-coach eval real --half calibration   # figures only: the tuning half
.venv/bin/okr-coach eval real --report-dir evals/reports   # the report half, with its floors
.venv/bin/okr-coach eval retrieval --report-dir evals/reports
.venv/bin/okr-coach eval suggestions --report-dir evals/reports
.venv/bin/okr-coach eval suggestions-real --half calibration   # figures only: the tuning half
.venv/bin/okr-coach eval suggestions-real --report-dir evals/reports   # the report half, with its floors
.venv/bin/python evals/suggestions/real/stand_in.py   # the model path on real documents (scripted stand-in)
echo "== all checks passed"
