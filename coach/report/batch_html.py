"""The batch report as one self-contained page an ambassador can mail: no script, no external
URL, charts as inline SVG (matplotlib, the ``batch`` extra), every team linked to its own
full review page written beside it (``teams/``). Everything pasted is escaped."""

from __future__ import annotations

import html
from collections import Counter
from typing import Any

STYLE = """body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:1150px;padding:0 1rem;
color:#1b1f24}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;
padding:4px 8px;text-align:left;vertical-align:top}th{background:#f3f4f6}q{color:#444}
.charts{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start}.chart svg{max-width:100%;height:auto}
blockquote{margin:.3rem 0 .6rem 1rem;color:#444;border-left:3px solid #c7d2fe;padding-left:.6rem}
.note{color:#666}"""


def _short(criterion: str) -> str:
    return criterion.split(".", 1)[-1]


def _mistakes(data: dict[str, Any]) -> str:
    e = html.escape
    items = []
    for m in data["top_mistakes"]:
        line = f"<li><strong>{e(_short(m['criterion']))}</strong> ({m['count']}): " + "; ".join(
            f"<q>{e(x)}</q>" for x in m["examples"])
        guidance = m.get("guidance")
        if guidance:
            line += (f"<blockquote>{e(guidance['text'])} <span class='note'>({e(guidance['title'])}, "
                     f"<code>{e(guidance['id'])}</code>)</span></blockquote>")
        items.append(line + "</li>")
    return "<ol>" + "".join(items) + "</ol>"


def _teams(data: dict[str, Any], pages: list[str]) -> str:
    e = html.escape
    order = sorted(range(len(data["teams"])), key=lambda i: (
        data["teams"][i]["score"] if data["teams"][i]["score"] is not None else 0, data["teams"][i]["team"]))
    rows = []
    for i in order:
        t = data["teams"][i]
        worst = ", ".join(f"{_short(c)} {n}" for c, n in Counter(t["failing"]).most_common(3))
        page = pages[i] if i < len(pages) else None
        name = f"<a href='{e(page)}'>{e(t['team'])}</a>" if page else e(t["team"])
        rows.append(f"<tr><td>{e(str(t['grade']))}</td><td>{t['score']}</td><td>{name}</td>"
                    f"<td>{e(t['source'])}</td><td>{t['objectives']}</td><td>{t['key_results']}</td>"
                    f"<td>{e(worst)}</td></tr>")
    head = ("<table><thead><tr><th>Grade</th><th>Score</th><th>Team</th><th>Source</th><th>Objectives</th>"
            "<th>Key results</th><th>Most failed</th></tr></thead><tbody>")
    return head + "".join(rows) + "</tbody></table>"


def _progress(data: dict[str, Any]) -> str:
    e = html.escape
    scored = data["progress"]["teams"]
    if not scored:
        return "<p class='note'>No team published progress scores.</p>"
    flags = data["progress"]
    out = ""
    if flags["sandbagging"]:
        teams = e(", ".join(flags["sandbagging"]))
        out += f"<p>Nearly every target met or beaten (set too low?): {teams}</p>"
    if flags["chronic_misses"]:
        out += "<p>Most targets under 30%: " + e(", ".join(flags["chronic_misses"])) + "</p>"
    rows = "".join(f"<tr><td>{e(t['team'])}</td><td>{t['scored']}</td><td>{t['mean']}</td>"
                   f"<td>{t['at_or_over_100']:.0%}</td><td>{t['under_30']:.0%}</td></tr>" for t in scored)
    head = ("<table><thead><tr><th>Team</th><th>Scored key results</th><th>Mean</th>"
            "<th>At or over 100%</th><th>Under 30%</th></tr></thead><tbody>")
    return out + head + rows + "</tbody></table>"


def _support(s: dict[str, Any]) -> str:
    e = html.escape
    how = s["by"] if s["score"] is None else f"{s['by']}, {s['score']}"
    return f"<li>{e(s['team'])}: {e(s['objective'])} <span class='note'>({e(how)})</span></li>"


def _alignment(data: dict[str, Any]) -> str:
    """The company objectives as a tree of the team objectives that support them."""
    e = html.escape
    found = data.get("alignment")
    if not found:
        return ""
    how = {"semantic": "by meaning (MiniLM)", "lexical": "by shared words (no embedding model here)"}
    items = []
    for c in found["company"]:
        kids = "".join(_support(s) for s in c["supported_by"])
        items.append(f"<li><strong>{e(c['id'])}</strong> {e(c['text'])}"
                     + (f"<ul>{kids}</ul>" if kids else " <em>: no team supports it</em>") + "</li>")
    orphans = "".join(f"<li>{e(u['team'])}: {e(u['objective'])}</li>" for u in found["unaligned"])
    head = (f"<h2>Alignment to the company</h2><p class='note'>Linked {how[found['method']]}, or where a "
            f"team names its parent.</p><ul>{''.join(items)}</ul>")
    if orphans:
        head += f"<h3>Team objectives that support no company objective</h3><ul>{orphans}</ul>"
    return head


def _compare(data: dict[str, Any]) -> str:
    e = html.escape
    found = data.get("compare")
    if not found:
        return ""
    rows = "".join(
        f"<tr><td>{e(t['team'])}</td><td>{t['before']}</td><td>{t['after']}</td><td>{t['change']:+.3f}</td>"
        f"<td>{e(', '.join(f'{_short(c)} {a}→{b}' for c, (a, b) in t['criteria'].items()))}</td></tr>"
        for t in found["teams"] if t["change"] is not None)
    new = f"<p>New teams: {e(', '.join(found['new_teams']))}</p>" if found["new_teams"] else ""
    head = ("<h2>Since the earlier run</h2><table><thead><tr><th>Team</th><th>Before</th><th>After</th>"
            "<th>Change</th><th>Failing items by criterion</th></tr></thead><tbody>")
    return head + rows + "</tbody></table>" + new


def render_batch_html(data: dict[str, Any], pages: list[str] | None = None) -> str:
    """The page; ``pages`` are the team review pages, in the order of ``data["teams"]``."""
    from coach.service.batch_charts import charts

    e = html.escape
    pages = pages or []
    totals = data["totals"]
    drawn = charts(data)
    chart_html = ("<div class='charts'>" + "".join(f"<div class='chart' id='chart-{k}'>{v}</div>"
                                                   for k, v in drawn.items() if v) + "</div>") if drawn else (
        "<p class='note'>Charts need the batch extra: <code>pip install 'okr-coach[batch]'</code>.</p>")
    dupes = "".join(f"<li><q>{e(d['text'])}</q>: {e(', '.join(d['teams']))}</li>" for d in data["duplicates"])
    unread = "".join(f"<li>{e(u['source'])}: {e(u['reason'])}</li>" for u in data["unreadable"])
    clash = "".join(f"<li><q>{e(c['metric'])}</q>: up for {e(', '.join(c['increase']))}; down for "
                    f"{e(', '.join(c['decrease']))}</li>" for c in data.get("conflicts", []))
    none = "<p class='note'>None.</p>"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>OKR batch review</title><style>{STYLE}</style></head>
<body>
<h1>OKR batch review</h1>
<p>{totals['teams']} teams from {totals['documents']} documents: {totals['objectives']} objectives,
{totals['key_results']} key results; mean score {totals['score']}.</p>
{chart_html}
<h2>Most common mistakes</h2>{_mistakes(data)}
<h2>Teams, weakest first</h2>{_teams(data, pages)}
{_alignment(data)}
{_compare(data)}
<h2>Published progress, read as scores</h2>{_progress(data)}
<h2>Key results several teams share</h2>{f'<ul>{dupes}</ul>' if dupes else "<p class='note'>None.</p>"}
<h2>Metrics teams push in opposite directions</h2>{f'<ul>{clash}</ul>' if clash else none}
{f'<h2>Not read</h2><ul>{unread}</ul>' if unread else ''}
</body></html>
"""
