"""What a batch says about the organisation: per team, per criterion, the top mistakes, and
the files an ambassador shares (``summary.json``, ``reviews.jsonl``, ``key_results.csv``,
``report.html``).

Why from the stored review JSON and not the review objects: a resumed run has most reviews
from the store, so everything here works on the JSON contract every face already speaks.
"""

from __future__ import annotations

import csv
import html
import json
from collections import Counter
from pathlib import Path
from typing import Any

from coach.service.batch import BatchResult

EXAMPLES_PER_MISTAKE = 2
TOP_MISTAKES = 10


def _items(review: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(text, item) for every objective and key result of a review."""
    out = []
    for objective in review.get("objectives", []):
        out.append((objective.get("text", ""), objective))
        out += [(kr.get("text", ""), kr) for kr in objective.get("key_results", [])]
    return out


def _failing(item: dict[str, Any]) -> list[str]:
    return [f["criterion"] for f in item.get("findings", []) if not f.get("passed") and not f.get("unsure")
            and f.get("level") in ("error", "warning")]


def summary(result: BatchResult) -> dict[str, Any]:
    """The summary object of the batch contract (design section 3)."""
    teams = []
    judged: Counter[str] = Counter()
    failed: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    objectives = key_results = 0
    for team, review in result.teams:
        counts: Counter[str] = Counter()
        n_obj = len(review.get("objectives", []))
        n_kr = sum(len(o.get("key_results", [])) for o in review.get("objectives", []))
        objectives, key_results = objectives + n_obj, key_results + n_kr
        for text, item in _items(review):
            for f in item.get("findings", []):
                judged[f["criterion"]] += 1
            for criterion in _failing(item):
                counts[criterion] += 1
                failed[criterion] += 1
                seen = examples.setdefault(criterion, [])
                if len(seen) < EXAMPLES_PER_MISTAKE and text not in seen:
                    seen.append(text)
        teams.append({"team": team.name, "source": team.source, "objectives": n_obj, "key_results": n_kr,
                      "score": review.get("score"), "grade": review.get("grade"), "failing": dict(counts)})
    scores = [t["score"] for t in teams if isinstance(t["score"], (int, float))]
    return {
        "teams": teams,
        "totals": {"documents": result.documents, "teams": len(teams), "objectives": objectives,
                   "key_results": key_results,
                   "score": round(sum(scores) / len(scores), 3) if scores else None},
        "criteria": {c: {"failed": failed[c], "rate": round(failed[c] / judged[c], 3)}
                     for c in sorted(judged)},
        "top_mistakes": [{"criterion": c, "count": n, "examples": examples.get(c, [])}
                         for c, n in failed.most_common(TOP_MISTAKES)],
        "unreadable": [{"source": p.source, "reason": p.reason} for p in result.problems],
    }


def key_result_rows(result: BatchResult) -> list[dict[str, Any]]:
    rows = []
    for team, review in result.teams:
        for objective in review.get("objectives", []):
            for kr in objective.get("key_results", []):
                rows.append({"team": team.name, "source": team.source, "objective_id": objective.get("id"),
                             "objective": objective.get("text"), "key_result_id": kr.get("id"),
                             "key_result": kr.get("text"), "score": kr.get("score"),
                             "progress": kr.get("progress"), "owner": kr.get("owner"),
                             "failing": ";".join(_failing(kr))})
    return rows


def write_outputs(result: BatchResult, data: dict[str, Any], out: Path) -> list[Path]:
    """summary.json, reviews.jsonl, key_results.csv and report.html in ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    path = out / "summary.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    written.append(path)
    path = out / "reviews.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for team, review in result.teams:
            handle.write(json.dumps({"team": team.name, "source": team.source, **review}, ensure_ascii=False)
                         + "\n")
    written.append(path)
    path = out / "key_results.csv"
    rows = key_result_rows(result)
    with path.open("w", encoding="utf-8", newline="") as handle:
        fields = ["team", "source", "objective_id", "objective", "key_result_id", "key_result", "score",
                  "progress", "owner", "failing"]
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    written.append(path)
    path = out / "report.html"
    path.write_text(render_html(data), encoding="utf-8")
    written.append(path)
    return written


def render_text(data: dict[str, Any]) -> str:
    """The terminal view: totals, teams from weakest to strongest, the top mistakes."""
    totals = data["totals"]
    lines = [f"{totals['teams']} teams from {totals['documents']} documents: {totals['objectives']} "
             f"objectives, {totals['key_results']} key results, mean score {totals['score']}", ""]
    ranked = sorted(data["teams"], key=lambda t: (t["score"] if t["score"] is not None else 0, t["team"]))
    lines.append("Teams, weakest first:")
    for t in ranked:
        worst = ", ".join(f"{c.split('.', 1)[-1]} {n}" for c, n in Counter(t["failing"]).most_common(3))
        score = t["score"] if t["score"] is not None else "-"
        lines.append(f"  {t['grade'] or '-'} {score:<5} {t['team'][:40]:40} {worst}")
    lines += ["", "Most common mistakes:"]
    for m in data["top_mistakes"]:
        lines.append(f"  {m['count']:4}  {m['criterion'].split('.', 1)[-1]}  e.g. "
                     + " | ".join(e[:60] for e in m["examples"]))
    if data["unreadable"]:
        lines += ["", "Not read:"] + [f"  {u['source']}: {u['reason']}" for u in data["unreadable"]]
    return "\n".join(lines) + "\n"


def render_html(data: dict[str, Any]) -> str:
    """A self-contained page (inline CSS, no script, no external URL) an ambassador can mail."""
    e = html.escape
    totals = data["totals"]
    ranked = sorted(data["teams"], key=lambda t: (t["score"] if t["score"] is not None else 0, t["team"]))
    def worst(team: dict[str, Any]) -> str:
        return ", ".join(f"{c.split('.', 1)[-1]} {n}" for c, n in Counter(team["failing"]).most_common(3))

    rows = "".join(
        f"<tr><td>{e(str(t['grade']))}</td><td>{t['score']}</td><td>{e(t['team'])}</td>"
        f"<td>{e(t['source'])}</td><td>{t['objectives']}</td><td>{t['key_results']}</td>"
        f"<td>{e(worst(t))}</td></tr>" for t in ranked)
    mistakes = "".join(
        f"<li><strong>{e(m['criterion'].split('.', 1)[-1])}</strong> ({m['count']}): "
        + "; ".join(f"<q>{e(x)}</q>" for x in m["examples"]) + "</li>" for m in data["top_mistakes"])
    unread = "".join(f"<li>{e(u['source'])}: {e(u['reason'])}</li>" for u in data["unreadable"])
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>OKR batch review</title>
<style>body{{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;
color:#1b1f24}} table{{border-collapse:collapse;width:100%}}
td,th{{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left}}
th{{background:#f3f4f6}}q{{color:#444}}</style></head><body>
<h1>OKR batch review</h1>
<p>{totals['teams']} teams from {totals['documents']} documents: {totals['objectives']} objectives,
{totals['key_results']} key results; mean score {totals['score']}.</p>
<h2>Most common mistakes</h2><ol>{mistakes}</ol>
<h2>Teams, weakest first</h2>
<table><thead><tr><th>Grade</th><th>Score</th><th>Team</th><th>Source</th><th>Objectives</th>
<th>Key results</th><th>Most failed</th></tr></thead><tbody>{rows}</tbody></table>
{f'<h2>Not read</h2><ul>{unread}</ul>' if unread else ''}
</body></html>
"""
