"""Random bad (and good) input through the path ``okr-coach review`` takes, counted by outcome.

Each case is one draft: markdown and plain lines (headings, bullets, labels, checklists,
tables, fences, quotes, numbers and dates of every shape, unicode with control characters,
line separators and lone surrogates), JSON, YAML, CSV, or raw bytes (invalid UTF-8, a BOM,
NUL) read from a file the way the CLI reads one. Each is read with one of the
``--input-format`` values, parsed with ``parse_draft`` and reviewed with ``review_okr_set``,
exactly as ``okr-coach review`` does in-process, and written in one of the report formats
(text, JSON, markdown, HTML, github annotations, in turn). The outcome is what the CLI's exit
code would say:

  reviewed-pass / reviewed-fail   exit 0 / 1
  rejected: <message class>       exit 2, a one-line reason (the digits and quoted parts of
                                  the message are blanked, so one kind of reason is one class)
  crash: <exception> at <where>   exit 3, an internal error: a bug (or no answer within
                                  ``--timeout`` seconds: a draft that hangs the reviewer)

A rejection with HTTP status 500 is counted as a crash too: ``parse_draft`` turns a stray
ValueError into one ("limits misconfigured"), which would hide a parser bug as a usage error;
so is a reason that takes more than one line.

    .venv/bin/python benchmarks/fuzz.py [--cases 100000] [--seed 1] [--workers 1] [--show 3]

Deterministic for a seed and case count (each case has its own ``Random(seed, index)``), so a
crash it reports can be reproduced with ``--replay INDEX``. One worker by default: the
machine is shared; ``--workers 2`` splits the cases over two processes.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import re
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

FORMATS = ("auto", "text", "json", "yaml", "csv")
REPORTS = ("text", "json", "markdown", "html", "github")

# --- pieces drafts are made of -------------------------------------------------------------

WORDS = ("Raise Grow Cut Reduce Launch Ship Hire Make Win Keep Maintain Improve Double Halve Deliver "
         "Migrate Build Run Publish weekly active teams checkout completion first-response time churn NPS "
         "activation rate qualified leads p95 latency refunds revenue retention backlog onboarding CSAT "
         "customers users the a of to from by for and or with without while under above below at least "
         "most per week month quarter year new help centre mobile app portal partners pipeline").split()
LABELS = ["Objective:", "Objective 1:", "O1.", "O2:", "**Objective:**", "_Objective_:", "Goal:", "KR1:",
          "KR 2 -", "KR1.1", "Key Result:", "Key Results:", "**KR 3**", "Initiative:", "Initiatives:",
          "Owner:", "Owners:", "Team:", "Period:", "Quarter:", "Parent:", "Supports:", "Status:", "Progress:",
          "Score:", "Measure:", "Target:", "Baseline:", "Deadline:", "Notes", "Why:", "TBD", "P1 -", "P0",
          "Key Result Owner(s) Score", "OKRs:", "Our key results:", "We set three objectives for Q3:"]
MARKERS = ["- ", "* ", "+ ", "1. ", "2) ", "a. ", "(i) ", "(12) ", "• ", "◦ ", "- [ ] ", "- [x] ", "* [X] ",
           "↳ ", "== ", "-", "=", "--- ", "> ", ">> ", "1.", "999. "]
NUMBERS = ["0", "1", "3.5%", "7.25%", "40", "80", "120ms", "p95", "10x", "2x", "1e309", "-5", "+3", "0.7",
           ".5", "1,000", "1.000,5", "$2M", "€30k", "£1.5bn", "100%", "150%", "-100%", "NaN", "inf",
           "2026-03-31", "2026-02-31", "31/12/2026", "12/31/26", "Q3", "Q5", "H1 2026", "FY26", "2026",
           "1:20:30", "9" * 40, "1" + "0" * 400, "½", "²", "٣", "１２", "Ⅻ", "⑦", "0x1F",
           "1_000", "3-5", "5–10", "from 10 to", "to 0", "by 0%", "±2", "≥ 95%", "<= 3", "~40", "20 → 40",
           "0.7 0.5", " 0.3", "#1", "No. 7"]
DATES = ["by end of Q3", "by 2026-03-31", "by 30 September", "this quarter", "by Q5", "before 2026-13-45",
         "within 60 days", "by EOY", "in H2", "by 31.12.2026", "by week 53"]
UNICODE = ["é", "ñ", "ß", "日本語", "Ελληνικά", "עברית", "العربية", "🚀", "👩‍💻", "🏳️‍🌈", "\u200b", "\u200d",
           "\u202e", "\u2066", "\ufeff", "\u00ad", "e\u0301", "\u0300", "ﬁ", "Ａ", "\u3000", "\xa0", "’", "“",
           "”", "—", "–", "…", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f",
           "\x01", "\x07", "\x08", "\x1b[31m", "\x7f", "\x00", "\r", "\r\n", "\t", "\ud800", "\udcff",
           "\udc80", "\U0010ffff", "\ufffd", "\ufffe"]
MARKUP = ["**", "__", "*", "_", "`", "~~", "[", "]", "(", ")", "[link](http://x.y)", "[[wiki]]",
          "![img](a.png)", "<b>", "</b>", "<br>", "<!--", "-->", "<details>", "<style>", "</style>",
          "<script>", "```", "~~~", "$$", "\\", "\\[", "|", "||", "@alice", "@bob (@bob)", "#tag",
          "[#wp-performance](x)", "(Owner: Ann)",
          "— Ann", "(80%)", "[0.7]", "✅", "❌", "🟢", "(done)", "~~struck~~", "{", "}", "&nbsp;", "&amp;"]
BLOCKS = ["---", "...", "***", "___", "===", "```", "~~~", "<!--", "-->", "<style>", "</style>", "> quoted",
          "    indented code", "\tTabbed\tcells\there", "[ref]: http://x", "title: Q3 OKRs", "GIP: 3",
          "Author: Ann", "|---|---|", "| --- | :---: |", "Objective | Key result", "", "", ""]


_ODD = {"odd": 0.1}  # the share of words that are unicode oddities, chosen per case


def _word(rng: random.Random) -> str:
    roll = rng.random()
    if roll < _ODD["odd"]:
        return rng.choice(UNICODE)
    if roll < 0.62:
        return rng.choice(WORDS)
    if roll < 0.77:
        return rng.choice(NUMBERS)
    if roll < 0.87:
        return rng.choice(MARKUP)
    if roll < 0.97:
        return rng.choice(DATES)
    if roll < 0.99996:
        return "".join(chr(rng.randrange(0x20, 0x2FFF)) for _ in range(rng.randint(1, 8)))
    return "9" * 5000


def sentence(rng: random.Random, most: int = 14) -> str:
    n = rng.choice([0, 1, 2, 3, 5, 8, 12, most]) if rng.random() < 0.3 else rng.randint(2, most)
    glue = rng.choice([" ", " ", " ", "", "  ", "\t", ", "])
    text = glue.join(_word(rng) for _ in range(n))
    if rng.random() < 0.0005:
        text = text * rng.randint(20, 300)  # near and over the line-length limit
    return text


def _line(rng: random.Random, depth: int) -> str:
    roll = rng.random()
    indent = rng.choice(["", "", "", "  ", "    ", "\t", " " * (2 * depth), " " * rng.randint(0, 12)])
    if roll < 0.12:
        return "#" * rng.randint(1, 8) + rng.choice([" ", "", "\t"]) + sentence(rng) + rng.choice(["", " ##"])
    if roll < 0.22:
        return indent + rng.choice(LABELS) + rng.choice([" ", "", "  "]) + sentence(rng)
    if roll < 0.55:
        return indent + rng.choice(MARKERS) + rng.choice(["", "", rng.choice(LABELS) + " "]) + sentence(rng)
    if roll < 0.65:
        cells = [sentence(rng, 6) for _ in range(rng.randint(1, 6))]
        sep = rng.choice(["|", " | ", "\t", "\t\t"])
        edge = sep.strip() if sep.strip() and rng.random() < 0.7 else ""
        return indent + edge + sep.join(cells) + edge
    if roll < 0.72:
        return rng.choice(BLOCKS)
    if roll < 0.78:
        return ""
    return indent + sentence(rng)


def markdown(rng: random.Random) -> str:
    """Lines of a draft: sometimes a well-formed OKR skeleton, sometimes noise, mostly between."""
    lines: list[str] = []
    if rng.random() < 0.1:
        lines += ["---", f"title: {sentence(rng, 5)}", rng.choice(["---", "...", "x"])]
    shape = rng.random()
    count = rng.choice([1, 2, 3, 5, 8, 13, 30, 80]) if rng.random() < 0.9 else rng.randint(100, 400)
    for i in range(count):
        depth = rng.randint(0, 4)
        if shape < 0.35 and i % 4 == 0:  # a recognisable skeleton with noise in it
            opener = rng.choice(["Objective: ", "## ", "# O1 ", "**Objective 2:** ", "Goal "])
            lines.append(opener + sentence(rng))
        elif shape < 0.35:
            lines.append(rng.choice(["- ", "  - ", "* KR: ", "1. ", "- [ ] "]) + sentence(rng))
        else:
            lines.append(_line(rng, depth))
    if rng.random() < 0.05:  # deep nesting: every line indented further
        lines += [" " * (k * rng.choice([1, 2, 4])) + "- " + sentence(rng, 4)
                  for k in range(rng.randint(50, 600))]
    if rng.random() < 0.04:  # many objectives, or one with very many key results
        kind = rng.random()
        for k in range(rng.randint(50, 400)):
            if kind < 0.5:
                lines.append(f"Objective: {sentence(rng, 6)}" if k % 3 == 0 else f"- {sentence(rng)}")
            else:
                lines.append(f"- Raise metric {k} from {k}% to {k + 5}% by 2026-03-31")
    newline = rng.choice(["\n", "\n", "\n", "\r\n", "\r", "\u2028", "\x85", "\n\n"])
    text = newline.join(lines)
    if rng.random() < 0.05:
        text = text[: rng.randint(0, len(text))]
    return text + rng.choice(["", "\n", "\n\n", "  ", "\n" * 9, "\x00" if rng.random() < 0.1 else "\t"])


def _scalar(rng: random.Random) -> Any:
    return rng.choice([None, True, False, 0, 1, -1, 0.7, 70, 1e308, -1e308, float("inf"), 10**50, "",
                       " ", "70%", "abc", "0.5", "150%", "NaN", sentence(rng), sentence(rng), sentence(rng),
                       [], {}, [sentence(rng)], {"text": sentence(rng)}])


def _key_result(rng: random.Random) -> Any:
    roll = rng.random()
    if roll < 0.5:
        return sentence(rng)
    if roll < 0.9:
        key = rng.choice(["text", "title", "kr", "text"])
        kr: dict[str, Any] = {key: rng.choice([sentence(rng), _scalar(rng)])}
        fields = ["owner", "team", "progress", "status", "parts", "id", "notes"]
        for key in rng.sample(fields, rng.randint(0, 4)):
            kr[key] = _scalar(rng)
        return kr
    return _scalar(rng)


def structure(rng: random.Random) -> Any:
    """A JSON/YAML document: the OKR shape with wrong types, missing keys and odd values in it."""
    if rng.random() < 0.08:
        return _scalar(rng)
    objectives: list[Any] = []
    for _ in range(rng.choice([0, 1, 1, 2, 3, 5, 12])):
        roll = rng.random()
        if roll < 0.1:
            objectives.append(_scalar(rng))
            continue
        if roll < 0.2:
            objectives.append(sentence(rng))
            continue
        item: dict[str, Any] = {rng.choice(["title", "objective", "text", "title", "name"]):
                                rng.choice([sentence(rng), sentence(rng), _scalar(rng)])}
        key = rng.choice(["key_results", "krs", "key_results", "results"])
        item[key] = [_key_result(rng) for _ in range(rng.choice([0, 1, 2, 3, 4, 7]))] \
            if rng.random() < 0.9 else _scalar(rng)
        for extra in rng.sample(["owner", "parent", "team", "period", "initiatives"], rng.randint(0, 3)):
            item[extra] = _scalar(rng) if extra != "parent" or rng.random() < 0.5 else \
                rng.choice(["O1", "O9", ""])
        objectives.append(item)
    doc: dict[str, Any] = {"objectives": objectives}
    for extra in rng.sample(["team", "owner", "period", "quarter", "parents", "parent_objectives"],
                            rng.randint(0, 3)):
        doc[extra] = _scalar(rng)
    if rng.random() < 0.15:
        return objectives
    if rng.random() < 0.05:
        return {"okrs": doc}
    return doc


def json_text(rng: random.Random) -> str:
    data = structure(rng)
    try:
        text = json.dumps(data, ensure_ascii=rng.random() < 0.5, indent=rng.choice([None, 2]))
    except ValueError:
        text = "{}"
    roll = rng.random()
    if roll < 0.05:
        depth = rng.choice([39, 40, 41, 100, 5000])
        text = "[" * depth + "1" + "]" * depth if rng.random() < 0.5 else '{"a":' * depth + "1" + "}" * depth
    elif roll < 0.1:
        text = text[: rng.randint(0, len(text))]  # cut short
    elif roll < 0.14:
        text = text.replace('"', "'") if rng.random() < 0.5 else text + rng.choice([",", "}", "]", " x"])
    elif roll < 0.18:
        text = re.sub(r'"[^"\\]{1,8}"', lambda m: '"\\ud8' + rng.choice("0abf") + '0"' if rng.random() < 0.2
                      else m.group(0), text)
    elif roll < 0.2:
        text = rng.choice(['{"objectives": [{"title": "x", "key_results": [' + "1" * 5000 + "]}]}",
                           '{"objectives": NaN}', '{"objectives": [Infinity]}', "[]", "{}", "null", '"x"',
                           '{"objectives": [{"title": "Grow", "key_results": ["\\u0000 raise"]}]}',
                           '{"objectives": [{"title": "Grow", "key_results": [{"text": "A", "progress": '
                           + "9" * 400 + "}]}]}"])
    return text


def yaml_text(rng: random.Random) -> str:
    import yaml

    roll = rng.random()
    if roll < 0.12:
        return rng.choice([
            "objectives: &a [x, *a]",
            "objectives:\n  - title: &t Grow\n    key_results: [*t, *t]\n",
            "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
            "c: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c]\n"
            "e: &e [*d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e]\n"
            "objectives: [*f]\n",
            "objectives: !!python/object:os.system x",
            "objectives:\n  - !!binary aGVsbG8=\n",
            "objectives:\n  - title: Grow\n    key_results: !!set {a, b}\n",
            "objectives:\n  - title: Grow\n    owner: 0x" + "f" * 3900
            + "\n    key_results: [Raise x from 1 to 2]\n",
            "objectives:\n  - title: Grow\n    key_results:\n      - text: Raise x\n        progress: 0x"
            + "f" * 3900 + "\n",
            "team: 0x" + "f" * 3900 + "\nobjectives: [Grow]\n",
            "objectives:\n  - title: Grow\n    key_results: [Raise NPS from 1 to 2]\n"
            "    period: 2026-02-31\n",
            "objectives:\n  ? [a, b]\n  : c\n",
            "objectives:\n  - {title: Grow, key_results: [Raise NPS, {text: 1:20:30}]}\n",
            "objectives:\n\t- title: tabs\n",
            "objectives: " + "[" * 45 + "]" * 45,
            "objectives:\n" + "".join("  " * k + "- \n" for k in range(60)),
            "objectives:\n  - title: Grow\n    key_results: ['\\ud800']\n",
            'objectives:\n  - title: "Grow \\ud800"\n',
            "%YAML 1.1\n---\nobjectives: [Grow]\n...\n---\nobjectives: [Two]\n",
            "objectives: [Grow]\n" + "x" * 3000 + ": 1\n",
        ])
    data = structure(rng)
    try:
        text = yaml.safe_dump(data, allow_unicode=rng.random() < 0.5, default_flow_style=rng.random() < 0.3)
    except (yaml.YAMLError, ValueError):
        text = "objectives: []\n"
    if roll < 0.2:
        text = text[: rng.randint(0, len(text))]
    elif roll < 0.26:
        lines = text.splitlines()
        k = rng.randrange(len(lines)) if lines else 0
        lines.insert(k, rng.choice(["  bad: [", "\t- x", ": :", "- - - -", "? x", "&anchor", "*missing",
                                    "!!tag x", "objectives:", "'unterminated"]))
        text = "\n".join(lines)
    return text


CELLS = [*NUMBERS, "", " ", "-", "n/a", "TBD"]


def csv_text(rng: random.Random) -> str:
    header = rng.choice(["Objective,Key result", "Objective,Key Result,Owner,Progress", "objective,kr,team",
                         "Objective,KR,Baseline,Target,Status", "Team,Objective,Key results,Owner",
                         "Objective;Key result", "a,b,c", "", "Objective,Key result,Key result"])
    rows = [header] if header else []
    for _ in range(rng.choice([0, 1, 2, 3, 5, 10, 40])):
        cells = []
        for _ in range(rng.choice([1, 2, 2, 3, 4, 5, 8])):
            cell = sentence(rng, 8) if rng.random() < 0.8 else rng.choice(CELLS)
            roll = rng.random()
            if roll < 0.1:
                cell = '"' + cell.replace('"', '""') + '"'
            elif roll < 0.13:
                cell = '"' + cell  # a quote never closed
            elif roll < 0.15:
                cell = '"' + cell + '\n' + sentence(rng, 4) + '"'  # a newline inside quotes
            cells.append(cell)
        rows.append(rng.choice([",", ",", ", ", ";", "\t"]).join(cells))
    text = rng.choice(["\n", "\r\n", "\r"]).join(rows)
    if rng.random() < 0.02:
        text += "\n" + "x" * rng.choice([2100, 140_000]) + ",y"
    return text


def raw_bytes(rng: random.Random) -> bytes:
    """What a file can hold: UTF-8 with a BOM, Latin-1, UTF-16, stray bytes, NUL."""
    text = markdown(rng) if rng.random() < 0.7 else json_text(rng)
    roll = rng.random()
    if roll < 0.2:
        return b"\xef\xbb\xbf" + text.encode("utf-8", "surrogatepass")
    if roll < 0.35:
        return text.encode("latin-1", "replace")
    if roll < 0.45:
        return text.encode("utf-16", "surrogatepass")
    if roll < 0.7:
        data = bytearray(text.encode("utf-8", "surrogatepass"))
        for _ in range(rng.randint(1, 5)):
            if data:
                data[rng.randrange(len(data))] = rng.randrange(256)
        return bytes(data)
    if roll < 0.75:
        return bytes(rng.randrange(256) for _ in range(rng.randint(0, 600)))
    return text.encode("utf-8", "surrogatepass")


def case(seed: int, index: int) -> tuple[str, str, str | bytes]:
    """(kind, input format, draft) for one case: the same for the same seed and index."""
    rng = random.Random(f"{seed}:{index}")
    # most drafts are ordinary text with a rare odd character; some are full of them
    _ODD["odd"] = rng.choice([0.0, 0.0, 0.002, 0.002, 0.01, 0.03, 0.1])
    kind = rng.choices(["markdown", "json", "yaml", "csv", "bytes", "escaped"], [45, 17, 13, 12, 8, 5])[0]
    draft: str | bytes
    if kind == "markdown":
        draft = markdown(rng)
    elif kind == "json":
        draft = json_text(rng)
    elif kind == "yaml":
        draft = yaml_text(rng)
    elif kind == "csv":
        draft = csv_text(rng)
    elif kind == "bytes":
        draft = raw_bytes(rng)
    else:  # bytes a caller decoded with surrogateescape: lone surrogates in a str
        draft = raw_bytes(rng).decode("utf-8", "surrogateescape")
    fmt = rng.choice(FORMATS) if rng.random() < 0.5 else {
        "json": "json", "yaml": "yaml", "csv": "csv"}.get(kind, "auto")
    return kind, fmt, draft


# --- one case through the CLI's path -------------------------------------------------------

_DIGITS = re.compile(r"\d[\d,._]*")
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|\([^()]*\)")


def message_class(message: str) -> str:
    """A rejection's reason with its particulars blanked: one class per kind of reason."""
    text = message.split(": ", 1)[1] if message.startswith(("line ", "/")) and ": " in message else message
    text = _QUOTED.sub("…", _DIGITS.sub("N", text))
    return text[:90]


def where(exc: BaseException) -> str:
    """The innermost frame of the project's own code that raised, as file:function."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/coach/" in f.filename]
    if not frames:
        return "?"
    f = frames[-1]
    return f"{f.filename.rsplit('/coach/', 1)[1]}:{f.name}:{f.lineno}"


class Runner:
    """Reads, parses, reviews and renders one draft the way ``okr-coach review`` does."""

    def __init__(self) -> None:
        from coach.service.review import rubric_for

        self.rubric = rubric_for(None)
        handle, self.path = tempfile.mkstemp(suffix=".txt", prefix="okr-fuzz-")
        os.close(handle)

    def close(self) -> None:
        Path(self.path).unlink(missing_ok=True)

    def run(self, fmt: str, draft: str | bytes, report: str = "text") -> tuple[str, str]:
        """(outcome, detail): outcome is reviewed-pass, reviewed-fail, rejected or crash.

        ``report`` is the ``--format`` the review is written in: text, json, markdown, html or
        github (workflow annotations); what is written must encode as UTF-8, as stdout needs.
        """
        from coach.errors import UsageProblem
        from coach.report import write
        from coach.report.github import workflow_annotations
        from coach.report.marks import offsets
        from coach.service.inputs import parse_draft, read_source
        from coach.service.review import review_okr_set

        try:
            if isinstance(draft, bytes):
                Path(self.path).write_bytes(draft)
                text = read_source(self.path)
            else:
                text = draft
            okr = parse_draft(text, requested=fmt)
            result = review_okr_set(okr, rubric=self.rubric)
            out = io.StringIO()
            if report == "github":
                out.writelines(workflow_annotations(result, "draft.md", text, okr.source != "text"))
            else:
                write(result, report, out, offsets=offsets(okr), color=False)
            out.getvalue().encode("utf-8")
        except UsageProblem as exc:
            if getattr(exc, "status", 400) >= 500:
                return "crash", f"UsageProblem(500) {message_class(str(exc))}"
            if "\n" in str(exc) or "\r" in str(exc):  # the CLI promises one line on stderr
                return "crash", f"a reason over several lines: {message_class(str(exc).splitlines()[0])}"
            return "rejected", message_class(str(exc).replace(self.path, "PATH"))
        except RecursionError as exc:
            return "crash", f"RecursionError at {where(exc)}"
        except Exception as exc:
            return "crash", f"{type(exc).__name__} at {where(exc)}"
        return ("reviewed-fail" if result.failing("error") else "reviewed-pass"), ""


class Hang(BaseException):
    """A case that ran past ``--timeout``: a review must never take that long. (Not an
    Exception, so the reviewer's own handlers cannot take it for an error of theirs.)"""


def _alarm(_signum: int, _frame: Any) -> None:
    raise Hang


def _work(args: tuple[int, int, int, int, float]) -> tuple[Counter[tuple[str, str]], dict[str, int]]:
    seed, start, stop, step, timeout = args
    runner = Runner()
    counts: Counter[tuple[str, str]] = Counter()
    first: dict[str, int] = {}
    signal.signal(signal.SIGALRM, _alarm)
    try:
        for index in range(start, stop, step):
            _kind, fmt, draft = case(seed, index)
            signal.setitimer(signal.ITIMER_REAL, timeout)
            try:
                outcome, detail = runner.run(fmt, draft, REPORTS[index % len(REPORTS)])
            except Hang:
                outcome, detail = "crash", f"no answer within {timeout:g} s"
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            counts[(outcome, detail)] += 1
            if outcome == "crash":
                first.setdefault(detail, index)
    finally:
        runner.close()
    return counts, first


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=1, help="processes (default 1: the machine is shared)")
    parser.add_argument("--show", type=int, default=8, help="rejection classes to list (most common first)")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds one case may take (default 10)")
    parser.add_argument("--replay", type=int, default=None,
                        help="run one case by index and show its traceback")
    args = parser.parse_args(argv)
    os.environ.setdefault("OKR_COACH_HOME", tempfile.mkdtemp(prefix="okr-fuzz-home-"))
    if args.replay is not None:
        kind, fmt, draft = case(args.seed, args.replay)
        print(f"case {args.replay}: {kind}, --input-format {fmt}, {len(draft):,} {type(draft).__name__}")
        print(repr(draft[:600]))
        os.environ["OKR_COACH_DEBUG"] = "1"
        runner = Runner()
        try:
            print(runner.run(fmt, draft, REPORTS[args.replay % len(REPORTS)]))
        finally:
            runner.close()
        return 0
    started = time.perf_counter()
    workers = max(1, args.workers)
    jobs = [(args.seed, w, args.cases, workers, args.timeout) for w in range(workers)]
    if workers == 1:
        results = [_work(jobs[0])]
    else:
        from multiprocessing import Pool

        with Pool(workers) as pool:
            results = pool.map(_work, jobs)
    elapsed = time.perf_counter() - started
    counts: Counter[tuple[str, str]] = Counter()
    first: dict[str, int] = {}
    for c, f in results:
        counts.update(c)
        for detail, index in f.items():
            first[detail] = min(index, first.get(detail, index))
    by_outcome: Counter[str] = Counter()
    for (outcome, _detail), n in counts.items():
        by_outcome[outcome] += n
    print(f"fuzz: {args.cases:,} cases, seed {args.seed}, {workers} worker(s), {elapsed:.1f} s "
          f"({args.cases / elapsed:,.0f} cases/s)")
    for outcome in ("reviewed-pass", "reviewed-fail", "rejected", "crash"):
        print(f"  {outcome:<14} {by_outcome[outcome]:>8,}")
    rejected = Counter({d: n for (o, d), n in counts.items() if o == "rejected"})
    print(f"rejected, by message class ({len(rejected)} classes):")
    for detail, n in rejected.most_common(args.show):
        print(f"  {n:>8,}  {detail}")
    if len(rejected) > args.show:
        print(f"  {sum(rejected.values()) - sum(n for _, n in rejected.most_common(args.show)):>8,}  "
              f"(the other {len(rejected) - args.show} classes)")
    crashes = Counter({d: n for (o, d), n in counts.items() if o == "crash"})
    print(f"crashes, by exception and place ({len(crashes)} kinds):")
    for detail, n in crashes.most_common():
        print(f"  {n:>8,}  {detail}  (first: --replay {first[detail]})")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
