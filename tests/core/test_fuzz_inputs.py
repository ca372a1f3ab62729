"""Property: whatever a draft holds, `okr-coach review` reviews it or refuses it with one clear line.

The CLI's exit codes (coach/cli/__init__.py): 0 or 1 when the draft was reviewed, 2 when the
input was refused (a ``UsageProblem``: one line on stderr), 3 for an internal error. Drafts
of every kind (markdown, plain lines, tables, checklists, numbers, unicode with control
characters and lone surrogates, JSON, YAML, CSV, undecodable bytes) go through the functions
the CLI calls, in-process: ``read_source`` for bytes from a file, ``parse_draft`` with each
``--input-format``, ``review_okr_set`` and the text report. The only exception allowed is a
``UsageProblem`` with a 4xx status and a reason on one line: ``parse_draft`` turns a stray
ValueError into a 500 ("limits misconfigured"), which would hide a parser bug as a refusal.

Derandomized, so CI sees the same few thousand cases every run (``benchmarks/fuzz.py`` runs
100,000 random ones); the cases that once crashed or hung are pinned below them.
"""

from __future__ import annotations

import json
import os
import random
import tempfile
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.errors import UsageProblem
from coach.report import render
from coach.report.marks import offsets
from coach.service.inputs import INPUT_FORMATS, parse_draft, read_source
from coach.service.review import review_okr_set, rubric_for

FUZZ = settings(max_examples=500, deadline=None, derandomize=True, database=None,
                # the autouse fixtures (no network, a home of its own) need no reset per example
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture])

LABELS = ["Objective:", "Objective 1:", "O1.", "**Objective:**", "KR1:", "KR 2 -", "Key Result:",
          "Key Results:", "Initiatives:", "Owner:", "Team:", "Period:", "Parent:", "Status:", "Progress:",
          "Measure:", "Target:", "Notes", "TBD", "P1 -", "OKRs:", "We set three objectives for Q3:"]
MARKERS = ["", "- ", "* ", "+ ", "1. ", "a) ", "(i) ", "• ", "- [ ] ", "- [x] ", "↳ ", "-", "> "]
WORDS = ["Raise", "Cut", "Launch", "Hire", "Make", "Grow", "weekly", "active", "teams", "NPS", "churn",
         "from", "to", "by", "at", "least", "revenue", "latency", "p95", "the", "of", "customers"]
NUMBERS = ["0", "3.5%", "7.25%", "40", "120ms", "10x", "1e309", "-5", "0.7", "1,000", "$2M", "150%",
           "2026-03-31", "2026-02-31", "Q3", "Q5", "H1 2026", "FY26", "1:20:30", "½", "²", "٣", "１２",
           "9" * 60, "NaN", "inf"]
ODD = ["\x00", "\x01", "\x07", "\x1b[31m", "\x7f", "\x85", "\x0b", "\x0c", "\x1c", "\u2028", "\u2029", "\r",
       "\t", "\ufeff", "\u200b", "\u202e", "e\u0301", "🚀", "👩‍💻", "日本", "\ufffe", "\ud800", "\udcff"]
MARKUP = ["**", "_", "`", "[", "]", "(", ")", "|", "[x](http://y)", "<b>", "<!--", "```", "#tag", "@ann",
          "(80%)", "~~", "\\"]

# bytes a caller decoded with surrogateescape (lone surrogates in a str), as a few fixed pieces
ESCAPED = [b.decode("utf-8", "surrogateescape") for b in (b"\xff", b"caf\xe9", b"\xed\xa0\x80", b"\xc3(")]
POOL = [*WORDS, *WORDS, *WORDS, *NUMBERS, *MARKUP, *ODD, *ESCAPED]
INDENTS = ["", "", "  ", "    ", "\t", " " * 9]
BLOCKS = ["---", "===", "```", "<!--", "-->", "|---|---|", "", "***", "title: x"]


def _words(rng: random.Random, most: int = 10) -> str:
    """A line's words: pieces of the pool, now and then characters from anywhere in Unicode
    (control characters and lone surrogates included)."""
    out = []
    for _ in range(rng.randint(0, most)):
        if rng.random() < 0.08:
            out.append("".join(chr(rng.randrange(0x20, 0x30000)) for _ in range(rng.randint(1, 4))))
        else:
            out.append(rng.choice(POOL))
    return " ".join(out)


# The shape of a draft (which lines, markers, labels, formats) is drawn by hypothesis, which
# shrinks it; the words come from a seeded Random it draws once per draft (drawing each word
# through hypothesis made a case cost ten times the review of it).
_seeded = st.randoms(use_true_random=True)
_line = st.tuples(st.integers(0, 5), st.sampled_from(INDENTS), st.sampled_from(MARKERS),
                  st.sampled_from(LABELS))


@st.composite
def markdown(draw: st.DrawFn) -> str:
    rng = draw(_seeded)
    lines = []
    for kind, indent, marker, label in draw(st.lists(_line, min_size=1, max_size=16)):
        if kind == 0:
            lines.append("#" * rng.randint(1, 7) + " " + _words(rng))
        elif kind == 1:
            lines.append(indent + "| " + " | ".join(_words(rng, 5) for _ in range(rng.randint(1, 4))) + " |")
        elif kind == 2:
            lines.append(rng.choice(BLOCKS))
        elif kind == 3:
            lines.append(indent + marker + label + " " + _words(rng))
        else:
            lines.append(indent + marker + _words(rng))
    return draw(st.sampled_from(["\n", "\r\n", "\r", "\u2028"])).join(lines)


SENTENCES = [_words(random.Random(k)) for k in range(300)]  # fixed: the same every run
_sentence = st.sampled_from(SENTENCES)
_scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), _sentence,
                    st.sampled_from(["", "70%", "abc", "0.5", "O1", "NaN"]))
_json = st.recursive(_scalar, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(["", "a", "title", "text", "x" * 9]), inner,
                                                 max_size=4)), max_leaves=8)
_key_result = st.one_of(_sentence, st.fixed_dictionaries(
    {"text": st.one_of(_sentence, _json)},
    optional={"owner": _scalar, "progress": _scalar, "status": _scalar, "team": _scalar}), _json)
_objective = st.one_of(_sentence, _json, st.fixed_dictionaries(
    {"title": st.one_of(_sentence, _sentence, _json)},
    optional={"key_results": st.one_of(st.lists(_key_result, max_size=5), _json), "owner": _scalar,
              "parent": st.one_of(st.sampled_from(["O1", "O2", ""]), _scalar), "team": _scalar,
              "initiatives": _json}))
structured = st.one_of(
    st.fixed_dictionaries({"objectives": st.lists(_objective, max_size=4)},
                          optional={"team": _scalar, "period": _scalar, "parents": _json}),
    st.lists(_objective, max_size=4), _json)


def _dump_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)


def _dump_yaml(data: Any) -> str:
    try:
        return yaml.safe_dump(data, allow_unicode=True)
    except yaml.YAMLError:  # a string YAML cannot write (a lone surrogate)
        return "objectives: []\n"


CELLS = ["", "-", "n/a", '"quoted, cell"', '"open', 'a "quote" inside', "x" * 2100]


@st.composite
def csv_text(draw: st.DrawFn) -> str:
    rng = draw(_seeded)
    header = draw(st.sampled_from(["Objective,Key result", "Objective,Key Result,Owner,Progress",
                                   "Team,Objective,KR", "Objective,KR,Baseline,Target", "a,b", ""]))
    sep = draw(st.sampled_from([",", ";", "\t"]))
    widths = draw(st.lists(st.integers(1, 5), max_size=8))
    rows = [sep.join(rng.choice(CELLS) if rng.random() < 0.2 else _words(rng, 6) for _ in range(width))
            for width in widths]
    return "\n".join([header, *rows])


_bytes = st.one_of(
    st.binary(max_size=300),
    markdown().map(lambda t: t.encode("utf-8", "surrogatepass")),
    markdown().map(lambda t: b"\xef\xbb\xbf" + t.encode("utf-8", "surrogatepass")),
    markdown().map(lambda t: t.encode("utf-16", "surrogatepass")),
    markdown().map(lambda t: t.encode("latin-1", "replace")),
)
formats = st.sampled_from(INPUT_FORMATS)


@pytest.fixture
def rubric() -> Any:
    return rubric_for(None)  # compiled once per process; per test, so it is under the test's home


@pytest.fixture(scope="module")
def draft_file() -> Iterator[str]:
    handle, path = tempfile.mkstemp(suffix=".md", prefix="okr-fuzz-")
    os.close(handle)
    yield path
    os.unlink(path)


def reviewed_or_refused(rubric: Any, draft: str | bytes, fmt: str, path: str | None = None) -> str:
    """What ``okr-coach review`` would end with: "reviewed" (exit 0/1) or "refused" (exit 2).

    Anything else raises: an internal error (exit 3) is what this file looks for.
    """
    try:
        if isinstance(draft, bytes):
            assert path is not None
            with open(path, "wb") as handle:
                handle.write(draft)
            text = read_source(path)
        else:
            text = draft
        okr = parse_draft(text, requested=fmt)
        result = review_okr_set(okr, rubric=rubric)
        render(result, "text", offsets=offsets(okr), color=False).encode("utf-8")
    except UsageProblem as exc:
        reason = str(exc)
        assert getattr(exc, "status", 400) < 500, f"a parser error shown as a refusal: {reason}"
        assert reason.strip() and "\n" not in reason and "\r" not in reason, f"not one line: {reason!r}"
        return "refused"
    return "reviewed"


@FUZZ
@given(draft=markdown(), fmt=formats)
def test_markdown_and_text(rubric: Any, draft: str, fmt: str) -> None:
    reviewed_or_refused(rubric, draft, fmt)


@FUZZ
@given(data=structured, fmt=formats, as_yaml=st.booleans())
def test_json_and_yaml(rubric: Any, data: Any, fmt: str, as_yaml: bool) -> None:
    reviewed_or_refused(rubric, _dump_yaml(data) if as_yaml else _dump_json(data), fmt)


@FUZZ
@given(text=st.one_of(_sentence, st.text(max_size=200)), fmt=formats,
       wrap=st.sampled_from(["{%s}", "[%s]", "objectives: %s", "objectives:\n  - %s", "%s",
                             '{"objectives": %s']))
def test_text_that_looks_structured(rubric: Any, text: str, fmt: str, wrap: str) -> None:
    reviewed_or_refused(rubric, wrap % text, fmt)


@FUZZ
@given(draft=csv_text(), fmt=formats)
def test_csv(rubric: Any, draft: str, fmt: str) -> None:
    reviewed_or_refused(rubric, draft, fmt)


@settings(FUZZ, max_examples=300)
@given(data=_bytes, fmt=formats)
def test_bytes_from_a_file(rubric: Any, draft_file: str, data: bytes, fmt: str) -> None:
    reviewed_or_refused(rubric, data, fmt, draft_file)


# --- what the fuzzers found (benchmarks/fuzz.py and this file), pinned -------------------------

def _nested(label: str, depth: int) -> str:
    return "Objective: Grow\n" + "".join(" " * k + f"- {label}level {k} from {k} to {k + 1}\n"
                                         for k in range(depth))


FOUND = {
    # a YAML alias inside its own anchor: a list that holds itself (the reader never returned)
    "yaml-self-reference": ("objectives: &a [x, *a]", "yaml"),
    "yaml-self-reference-auto": ("objectives:\n  - &o {title: Grow, key_results: [*o]}\n", "auto"),
    # anchors each listing the one before ten times: 10^7 values from 300 characters
    "yaml-alias-bomb": ("a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 10)}]\n" for p, c in zip("abcdef", "bcdefg"))
        + "objectives:\n  - title: Grow\n    initiatives: *g\n", "yaml"),
    # 0x and 3,900 hex digits: an int too long to print in decimal (a 500 with Python's message)
    "yaml-huge-hex-int": ("objectives:\n  - title: Grow\n    owner: 0x" + "f" * 3900
                          + "\n    key_results: [Raise NPS from 10 to 20]\n", "yaml"),
    "yaml-huge-hex-team": ("team: 0x" + "f" * 3900 + "\nobjectives: [Grow revenue]\n", "auto"),
    # a character YAML refuses: the reason was three lines (the excerpt and a caret)
    "yaml-reader-error": ("objectives:\n  - title: Grow \ufffe\n", "yaml"),
    # labelled items nested inside each other past Python's recursion limit
    "nested-objectives": (_nested("Objective: ", 1200), "auto"),
    "nested-key-results": (_nested("Key results: ", 1200), "auto"),
    "nested-plain-items": (_nested("", 1200), "auto"),
}


@pytest.mark.parametrize("name", sorted(FOUND))
def test_found_by_fuzzing(rubric: Any, name: str) -> None:
    draft, fmt = FOUND[name]
    outcome = reviewed_or_refused(rubric, draft, fmt)
    assert outcome == ("reviewed" if name in ("nested-plain-items", "yaml-huge-hex-int",
                                              "yaml-huge-hex-team") else "refused")


def test_reasons_for_what_was_found(rubric: Any) -> None:
    reasons = {}
    for name in ("yaml-self-reference", "yaml-alias-bomb", "yaml-reader-error", "nested-objectives"):
        draft, fmt = FOUND[name]
        with pytest.raises(UsageProblem) as caught:
            parse_draft(draft, requested=fmt)
        reasons[name] = str(caught.value)
    assert "refers to itself" in reasons["yaml-self-reference"]
    assert "aliases" in reasons["yaml-alias-bomb"]
    assert reasons["yaml-reader-error"] == ("line 2: invalid YAML: unacceptable character #xfffe: "
                                            "special characters are not allowed")
    assert "nested 1,200 levels deep" in reasons["nested-objectives"]
    hex_owner = parse_draft(FOUND["yaml-huge-hex-int"][0], requested="yaml")
    assert hex_owner.objectives[0].owner == "0x" + "f" * 3900  # kept as the text it was written as
