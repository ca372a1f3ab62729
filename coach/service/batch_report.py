"""What a batch says about the organisation: per team, per criterion, the top mistakes, and
the files an ambassador shares (``summary.json``, ``reviews.jsonl``, ``key_results.csv``,
``report.html``).

Why from the stored review JSON and not the review objects: a resumed run has most reviews
from the store, so everything here works on the JSON contract every face already speaks.
"""

from __future__ import annotations

import csv
import json
import re
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


def _guidance(review: dict[str, Any], item: dict[str, Any], criterion: str) -> dict[str, str] | None:
    """The passage the review cites as 'why this matters' for a failing finding."""
    for f in item.get("findings", []):
        if f["criterion"] == criterion and f.get("why"):
            passage = (review.get("passages") or {}).get(f["why"])
            if passage:
                return {"id": f["why"], "title": passage.get("title", ""), "text": passage.get("text", "")}
    return None


def summary(result: BatchResult, company: Any = None) -> dict[str, Any]:
    """The summary object of the batch contract (design section 3), plus what the report
    shows beside it: the guidance for each top mistake, published progress scores read as
    scores, and key results that several teams share word for word."""
    teams = []
    judged: Counter[str] = Counter()
    failed: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    guidance: dict[str, dict[str, str]] = {}
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
                if criterion not in guidance:
                    found = _guidance(review, item, criterion)
                    if found:
                        guidance[criterion] = found
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
        "top_mistakes": [{"criterion": c, "count": n, "examples": examples.get(c, []),
                          "guidance": guidance.get(c)} for c, n in failed.most_common(TOP_MISTAKES)],
        "progress": progress(result),
        "duplicates": duplicates(result),
        "conflicts": conflicts(result),
        "unreadable": [{"source": p.source, "reason": p.reason} for p in result.problems],
        **({"alignment": _alignment(result, company)} if company is not None else {}),
    }


def _alignment(result: BatchResult, company: Any) -> dict[str, Any]:
    from coach.service.batch_company import link

    return link(result, company)


SANDBAG_SHARE = 0.7  # of a team's scored key results at 100% or more
MISS_SHARE = 0.5  # of a team's scored key results under 30%
MIN_SCORED = 3


def progress(result: BatchResult) -> dict[str, Any]:
    """Published progress scores read as scores: teams that hit everything (targets set too
    low) and teams that miss most (targets out of reach, or not worked on)."""
    out: dict[str, Any] = {"teams": [], "sandbagging": [], "chronic_misses": []}
    for team, review in result.teams:
        scores = [kr["progress"] for o in review.get("objectives", []) for kr in o.get("key_results", [])
                  if isinstance(kr.get("progress"), (int, float))]
        if not scores:
            continue
        full = sum(s >= 1.0 for s in scores) / len(scores)
        low = sum(s < 0.3 for s in scores) / len(scores)
        entry = {"team": team.name, "scored": len(scores), "mean": round(sum(scores) / len(scores), 2),
                 "at_or_over_100": round(full, 2), "under_30": round(low, 2)}
        out["teams"].append(entry)
        if len(scores) >= MIN_SCORED and full >= SANDBAG_SHARE:
            out["sandbagging"].append(team.name)
        if len(scores) >= MIN_SCORED and low >= MISS_SHARE:
            out["chronic_misses"].append(team.name)
    return out


def _normal(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def duplicates(result: BatchResult) -> list[dict[str, Any]]:
    """Key results that two or more teams wrote word for word: shared work to agree on once,
    or a copy-paste no one adapted."""
    where: dict[str, set[str]] = {}
    texts: dict[str, str] = {}
    for team, review in result.teams:
        for objective in review.get("objectives", []):
            for kr in objective.get("key_results", []):
                key = _normal(kr.get("text", ""))
                if len(key.split()) >= 3:
                    where.setdefault(key, set()).add(team.name)
                    texts.setdefault(key, kr.get("text", ""))
    return [{"text": texts[k], "teams": sorted(v)} for k, v in sorted(where.items()) if len(v) > 1]


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


def conflicts(result: BatchResult) -> list[dict[str, Any]]:
    """One metric that teams push in opposite directions ("Raise onboarding calls" here, "Cut
    onboarding calls" there): two plans that cannot both succeed, to settle before the quarter."""
    ways: dict[str, dict[str, set[str]]] = {}
    names: dict[str, str] = {}
    for team, review in result.teams:
        for objective in review.get("objectives", []):
            for kr in objective.get("key_results", []):
                parts = kr.get("parts") or {}
                metric, direction = parts.get("metric"), parts.get("direction")
                if not metric or direction not in ("increase", "decrease"):
                    continue
                key = _normal(metric)
                if len(key.split()) < 2:
                    continue  # "users", "revenue": too broad to call a conflict
                ways.setdefault(key, {}).setdefault(direction, set()).add(team.name)
                names.setdefault(key, metric)
    return [{"metric": names[k], "increase": sorted(v["increase"]), "decrease": sorted(v["decrease"])}
            for k, v in sorted(ways.items()) if "increase" in v and "decrease" in v]


def write_xlsx(rows: list[dict[str, Any]], path: Path) -> bool:
    """key_results.xlsx beside the CSV, when openpyxl (the batch extra) is installed."""
    try:
        import openpyxl
    except ImportError:
        return False
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Key results")
    fields = list(rows[0]) if rows else ["team"]
    sheet.append(fields)
    for row in rows:
        sheet.append([row.get(f) for f in fields])
    book.save(path)
    return True


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
    if write_xlsx(rows, out / "key_results.xlsx"):
        written.append(out / "key_results.xlsx")
    from coach.report.batch_html import render_batch_html
    from coach.report.html import render_html
    from coach.report.json import from_dict

    pages: list[str] = []  # in the order of data["teams"], which is the order of result.teams
    (out / "teams").mkdir(exist_ok=True)
    for n, (team, review) in enumerate(result.teams, start=1):
        slug = re.sub(r"[^a-z0-9]+", "-", team.name.lower()).strip("-")[:40] or "team"
        name = f"teams/{n:04d}-{slug}.html"
        (out / name).write_text(render_html(from_dict(review)), encoding="utf-8")
        pages.append(name)
    path = out / "report.html"
    path.write_text(render_batch_html(data, pages), encoding="utf-8")
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
    if data.get("compare"):
        moved = data["compare"]["teams"]
        lines += ["", "Change since the earlier run (most worsened first):"]
        lines += [f"  {t['change']:+.3f}  {t['team'][:40]:40} {t['before']} -> {t['after']}" for t in moved
                  if t["change"]]
        if data["compare"]["new_teams"]:
            lines.append("  new: " + ", ".join(data["compare"]["new_teams"]))
    if data["unreadable"]:
        lines += ["", "Not read:"] + [f"  {u['source']}: {u['reason']}" for u in data["unreadable"]]
    return "\n".join(lines) + "\n"


def compare(data: dict[str, Any], earlier: dict[str, Any]) -> dict[str, Any]:
    """Quarter over quarter: per team (by name) the score and each criterion's failing count
    before and after, teams that are new and teams that are gone."""
    before = {t["team"]: t for t in earlier.get("teams", [])}
    now = {t["team"]: t for t in data["teams"]}
    teams = []
    for name, t in now.items():
        old = before.get(name)
        if old is None:
            continue
        criteria = {c: [old["failing"].get(c, 0), t["failing"].get(c, 0)]
                    for c in sorted(set(old["failing"]) | set(t["failing"]))
                    if old["failing"].get(c, 0) != t["failing"].get(c, 0)}
        change = None if t["score"] is None or old["score"] is None else round(t["score"] - old["score"], 3)
        teams.append({"team": name, "before": old["score"], "after": t["score"], "change": change,
                      "criteria": criteria})
    teams.sort(key=lambda t: (t["change"] if t["change"] is not None else 0, t["team"]))
    return {"teams": teams, "new_teams": sorted(set(now) - set(before)),
            "gone_teams": sorted(set(before) - set(now))}


def load_earlier(folder: Path) -> dict[str, Any]:
    """The summary.json of an earlier ``--out`` folder (or the file itself)."""
    path = folder / "summary.json" if folder.is_dir() else folder
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        from coach.errors import UsageProblem

        raise UsageProblem(f"--compare {folder}: no readable summary.json ({type(exc).__name__})") from None
    if not isinstance(data, dict) or not isinstance(data.get("teams"), list):
        from coach.errors import UsageProblem

        raise UsageProblem(f"--compare {folder}: summary.json has no teams")
    return data
