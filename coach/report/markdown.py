"""The review as markdown, for tickets, wikis and chat."""

from __future__ import annotations

import re

from coach.core.models import Finding, Review
from coach.report.marks import excerpt, failing, improved_set, why

WHY_CHARS = 300
_ACTIVE = re.compile(r"[<>`]|\]\(|javascript:", re.IGNORECASE)


def md(text: str) -> str:
    """Pasted text made inert in markdown: no raw HTML, no link or code syntax, no
    ``javascript:`` (a renderer that allows HTML or links must not run a draft's markup)."""
    def inert(m: re.Match[str]) -> str:
        found = m.group(0)
        if found.lower() == "javascript:":
            return "javascript&#58;"
        if found in ("<", ">"):
            return "&lt;" if found == "<" else "&gt;"
        if found == "](":
            return "]\\("  # "[text](url)" stays text; "[baseline]" placeholders stay as written
        return "\\" + found

    return _ACTIVE.sub(inert, text)


def _finding(review: Review, finding: Finding) -> list[str]:
    out = [f"- **{finding.level}** ({finding.criterion}): {md(finding.message)}"]
    if finding.fix:
        out.append(f"  - Fix: {finding.fix}")
    passage = why(review, finding)
    if passage is not None:
        out.append(f"  - Why: {excerpt(passage.text, WHY_CHARS)} (`{passage.id}`)")
    return out


def render_markdown(review: Review) -> str:
    """A shareable markdown report: every objective and key result, failures with fix and why."""
    lines = [f"# OKR review — score {review.score:.2f} (grade {review.grade})", ""]
    context = md(" · ".join(x for x in (review.team, review.period) if x))
    if context:
        lines += [f"*{context}*", ""]
    for finding in failing(review.findings):
        lines += _finding(review, finding)
    for objective in review.objectives:
        lines += [f"## {objective.id}: {md(objective.text)} — {objective.score:.2f}", ""]
        for finding in failing(objective.findings):
            lines += _finding(review, finding)
        lines += [f"- ➜ *Suggested objective:* {md(s.text)}" for s in objective.suggestions]
        for kr in objective.key_results:
            bad = failing(kr.findings)
            status = "✅" if not bad else "❌" if bad[0].level == "error" else "⚠️"
            lines.append(f"- {status} **{kr.id}** {md(kr.text)} — {kr.score:.2f}")
            for finding in bad:
                lines += ["  " + x for x in _finding(review, finding) if x]
            lines += [f"  - ➜ *Suggested:* {md(s.text)}" for s in kr.suggestions]
        lines.append("")
    improved = improved_set(review)
    if improved:
        lines += ["## Improved set", "", "Each rewritten line takes its first suggestion; fill in every "
                  "[placeholder] before use.", ""]
        for n, (objective_text, krs) in enumerate(improved, start=1):
            lines += [f"**Objective {n}:** {md(objective_text)}", ""] + [f"- {md(kr)}" for kr in krs] + [""]
    return "\n".join(lines).rstrip() + "\n"
