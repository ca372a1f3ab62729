"""Render a Review as terminal text (rich), JSON (the contract), markdown or HTML (jinja2).

Why one module: every face (CLI, API, batch) shows the same review; only the
format changes. The JSON shape is design section 3, extended, never changed.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from coach.core.models import Finding, KeyResultReview, Review, Suggestion

_JSON_EXCLUDE: Any = {"objectives": {"__all__": {"key_results": {"__all__": {"parts": {"numbers"}}}}}}
_LEVEL_STYLE = {"error": "bold red", "warning": "yellow", "suggestion": "cyan"}
_LEVEL_MARK = {"error": "✖", "warning": "▲", "suggestion": "●"}


def to_dict(review: Review) -> dict[str, Any]:
    """The JSON contract: score, findings, objectives -> key_results, every applying finding."""
    return review.model_dump(mode="json", exclude=_JSON_EXCLUDE)


def render_json(review: Review) -> str:
    """Serialised by pydantic's compiled serializer: ten times faster than json.dumps(indent=2)."""
    return review.model_dump_json(indent=2, exclude=_JSON_EXCLUDE)


def _failing(findings: list[Finding]) -> list[Finding]:
    order = {"error": 0, "warning": 1, "suggestion": 2}
    return sorted((f for f in findings if not f.passed), key=lambda f: order[f.level])


def _highlight(text: str, offset: int, findings: list[Finding], absolute: bool) -> Any:
    from rich.text import Text

    rendered = Text(text)
    for finding in findings:
        for ev in finding.evidence:
            start = ev.start - offset if absolute else ev.start
            end = ev.end - offset if absolute else ev.end
            if not (0 <= start < end <= len(text) and text[start:end] == ev.text):
                start = text.find(ev.text)  # offsets in another frame: find the words themselves
                end = start + len(ev.text)
            if ev.text and start >= 0:
                rendered.stylize(f"underline {_LEVEL_STYLE[finding.level]}", start, end)
    return rendered


def _finding_lines(finding: Finding, indent: int) -> list[Any]:
    """A failing finding, its fix and its 'why', each wrapped under its own indent."""
    from rich.padding import Padding
    from rich.text import Text

    line = Text(f"{_LEVEL_MARK[finding.level]} {finding.level}: ", style=_LEVEL_STYLE[finding.level])
    line.append(finding.message)
    line.append(f"  [{finding.criterion.split('.', 1)[-1]}]", style="dim")
    out = [Padding(line, (0, 0, 0, indent), expand=False)]
    if finding.fix:
        out.append(Padding(Text("fix: ", style="green").append(finding.fix, style="default"),
                           (0, 0, 0, indent + 2), expand=False))
    if finding.why is not None:
        why = " ".join(finding.why.text.split())
        why = why if len(why) <= 180 else why[:179].rstrip() + "…"
        why_line = Text("why: ", style="magenta").append(why, style="dim")
        why_line.append(f" ({finding.why.id})", style="dim italic")
        out.append(Padding(why_line, (0, 0, 0, indent + 2), expand=False))
    return out


def _suggestion_lines(suggestions: list[Suggestion], indent: int) -> list[Any]:
    from rich.padding import Padding
    from rich.text import Text

    out = []
    for s in suggestions:
        line = Text("→ try: ", style="bold green").append(s.text)
        line.append(f"  ({s.origin}{'; ' + ', '.join(s.sources) if s.sources else ''})", style="dim")
        out.append(Padding(line, (0, 0, 0, indent), expand=False))
    return out


def render_text(review: Review, width: int | None = None, color: bool | None = None,
                texts: dict[str, tuple[str, int]] | None = None) -> str:
    """A terminal report grouped per objective, evidence underlined, fix under each failure.

    ``texts`` maps item ids to (text, absolute offset) so evidence can be located;
    without it evidence offsets are read as relative to the item text.
    """
    import io
    import shutil

    from rich.console import Console
    from rich.text import Text

    if color is None:
        color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    width = width or (shutil.get_terminal_size((110, 24)).columns if sys.stdout.isatty() else 110)
    console = Console(file=io.StringIO(), width=width, record=True, force_terminal=color,
                      no_color=not color, highlight=False, soft_wrap=False)
    texts = texts or {}
    header = Text("OKR review", style="bold")
    if review.team or review.period:
        header.append(f" — {' · '.join(x for x in (review.team, review.period) if x)}")
    header.append(f"   score {review.score:.2f}  grade {review.grade}", style="bold")
    header.append(f"   profile {review.profile}", style="dim")
    console.print(header)
    for finding in _failing(review.findings):
        for line in _finding_lines(finding, 2):
            console.print(line)
    for objective in review.objectives:
        console.print()
        _text, offset = texts.get(objective.id, (objective.text, 0))
        title = Text(f"{objective.id} ", style="bold blue")
        title.append(_highlight(objective.text, offset, objective.findings, objective.id in texts))
        title.append(f"   {objective.score:.2f}", style="bold")
        console.print(title)
        for finding in _failing(objective.findings):
            for line in _finding_lines(finding, 3):
                console.print(line)
        for line in _suggestion_lines(objective.suggestions, 3):
            console.print(line)
        for kr in objective.key_results:
            _print_kr(console, kr, texts)
    failing = review.failing("suggestion")
    counts = {level: sum(1 for f in failing if f.level == level)
              for level in ("error", "warning", "suggestion")}
    console.print()
    console.print(Text(f"{review.stats.get('objectives', 0)} objectives, "
                       f"{review.stats.get('key_results', 0)} key results: {counts['error']} errors, "
                       f"{counts['warning']} warnings, {counts['suggestion']} suggestions",
                       style="bold"))
    exported = console.export_text(styles=bool(color))
    return "\n".join(line.rstrip() for line in exported.splitlines()) + "\n"


def _print_kr(console: Any, kr: KeyResultReview, texts: dict[str, tuple[str, int]]) -> None:
    from rich.text import Text

    _text, offset = texts.get(kr.id, (kr.text, 0))
    failing = _failing(kr.findings)
    mark = "✓" if not failing else _LEVEL_MARK[failing[0].level]
    style = "green" if not failing else _LEVEL_STYLE[failing[0].level]
    line = Text("   ")
    line.append(f"{mark} ", style=style)
    line.append(f"{kr.id.split('.', 1)[-1]} ", style="bold")
    line.append(_highlight(kr.text, offset, kr.findings, kr.id in texts))
    line.append(f"   {kr.score:.2f}", style="dim")
    console.print(line)
    for finding in failing:
        for out in _finding_lines(finding, 7):
            console.print(out)
    for out in _suggestion_lines(kr.suggestions, 7):
        console.print(out)


def render_markdown(review: Review) -> str:
    """A shareable markdown report (tickets, wikis, chat)."""
    lines = [f"# OKR review — score {review.score:.2f} (grade {review.grade})", ""]
    if review.team or review.period:
        lines += [f"*{' · '.join(x for x in (review.team, review.period) if x)}*", ""]
    for finding in _failing(review.findings):
        lines += _md_finding(finding)
    for objective in review.objectives:
        lines += [f"## {objective.id}: {objective.text} — {objective.score:.2f}", ""]
        for finding in _failing(objective.findings):
            lines += _md_finding(finding)
        for kr in objective.key_results:
            failing = _failing(kr.findings)
            status = "✅" if not failing else "❌" if failing[0].level == "error" else "⚠️"
            lines.append(f"- {status} **{kr.id}** {kr.text} — {kr.score:.2f}")
            for finding in failing:
                lines += ["  " + x for x in _md_finding(finding) if x]
            for s in kr.suggestions:
                lines.append(f"  - ➜ *Suggested:* {s.text}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _md_finding(finding: Finding) -> list[str]:
    out = [f"- **{finding.level}** ({finding.criterion}): {finding.message}"]
    if finding.fix:
        out.append(f"  - Fix: {finding.fix}")
    if finding.why is not None:
        out.append(f"  - Why: {' '.join(finding.why.text.split())[:300]} (`{finding.why.id}`)")
    return out


def render_html(review: Review) -> str:
    """A standalone HTML page (inline CSS, no external assets); pasted text is escaped."""
    from pathlib import Path

    import jinja2

    templates = Path(__file__).resolve().parent / "templates"
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)),
                             autoescape=True, undefined=jinja2.StrictUndefined)
    return env.get_template("report.html.j2").render(review=review, sort=_failing)


def render(review: Review, fmt: str, texts: dict[str, tuple[str, int]] | None = None,
           color: bool | None = None) -> str:
    if fmt == "json":
        return render_json(review)
    if fmt == "markdown":
        return render_markdown(review)
    if fmt == "html":
        return render_html(review)
    return render_text(review, texts=texts, color=color)
