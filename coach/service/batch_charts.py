"""Charts for the batch report, drawn by matplotlib as inline SVG (the ``batch`` extra).

Why matplotlib SVG: the report is mailed and opened offline, so it cannot load a script
from a CDN, and inlining a JavaScript charting library adds megabytes. An SVG is text in
the page, scales, prints and needs no script at all. Without the extra the report keeps its
tables and says how to get the charts.
"""

from __future__ import annotations

import io
import re
import warnings
from collections import Counter
from typing import Any

GRADES = ["A", "B", "C", "D", "E"]
GRADE_COLOURS = ["#1c7c43", "#5a9e3a", "#c9a227", "#d9731a", "#c0262d"]
MAX_HEATMAP_TEAMS = 40


def available() -> bool:
    from coach.paths import contain_library_files

    contain_library_files()  # matplotlib's font cache under OKR_COACH_HOME, not ~/.cache
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def _pyplot() -> Any:
    from coach.paths import contain_library_files

    contain_library_files()
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams.update({"svg.fonttype": "none", "font.size": 9, "axes.spines.top": False,
                                "axes.spines.right": False, "svg.hashsalt": "okr-coach"})
    import matplotlib.pyplot as plt

    return plt


def _svg(fig: Any) -> str:
    """The figure as an ``<svg>`` element for an HTML page: no XML prolog, no metadata block
    and no namespace URLs (HTML needs none), so the page names no external address at all."""
    buffer = io.StringIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # a glyph the bundled font lacks draws as a box
        fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    _pyplot().close(fig)
    text = buffer.getvalue()
    text = text[text.index("<svg"):]
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text, flags=re.S)
    text = re.sub(r'\s+xmlns(?::\w+)?="[^"]*"', "", text)
    return text.replace("xlink:href", "href")


def grade_chart(data: dict[str, Any]) -> str:
    plt = _pyplot()
    counts = Counter(t["grade"] for t in data["teams"])
    fig, ax = plt.subplots(figsize=(4.2, 2.4))
    ax.bar(GRADES, [counts.get(g, 0) for g in GRADES], color=GRADE_COLOURS)
    ax.set_ylabel("teams")
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_title("Grades across teams")
    return _svg(fig)


def mistakes_chart(data: dict[str, Any]) -> str:
    plt = _pyplot()
    top = list(reversed(data["top_mistakes"]))
    fig, ax = plt.subplots(figsize=(5.4, 0.3 * len(top) + 0.8))
    ax.barh([m["criterion"].split(".", 1)[-1] for m in top], [m["count"] for m in top], color="#4f46e5")
    ax.set_xlabel("failing items")
    ax.set_title("Most common mistakes")
    return _svg(fig)


def heatmap(data: dict[str, Any]) -> str:
    """Teams (weakest first) x criteria, the number of failing items in each cell."""
    plt = _pyplot()
    teams = sorted(data["teams"], key=lambda t: (t["score"] if t["score"] is not None else 0))
    teams = teams[:MAX_HEATMAP_TEAMS]
    criteria = [m["criterion"] for m in data["top_mistakes"]]
    if not teams or not criteria:
        return ""
    grid = [[t["failing"].get(c, 0) for c in criteria] for t in teams]
    fig, ax = plt.subplots(figsize=(0.55 * len(criteria) + 2.8, 0.26 * len(teams) + 1.4))
    image = ax.imshow(grid, cmap="Reds", aspect="auto", vmin=0)
    ax.set_xticks(range(len(criteria)), [c.split(".", 1)[-1] for c in criteria], rotation=50, ha="right")
    ax.set_yticks(range(len(teams)), [t["team"][:32] for t in teams])
    for i, row in enumerate(grid):
        for j, value in enumerate(row):
            if value:
                ax.text(j, i, str(value), ha="center", va="center", fontsize=7,
                        color="white" if value > max(max(r) for r in grid) / 2 else "#1b1f24")
    fig.colorbar(image, ax=ax, shrink=0.6, label="failing items")
    ax.set_title("Where each team struggles (weakest teams first)")
    return _svg(fig)


def charts(data: dict[str, Any]) -> dict[str, str]:
    """name -> inline SVG; empty when matplotlib is not installed."""
    if not available() or not data["teams"]:
        return {}
    return {"grades": grade_chart(data), "mistakes": mistakes_chart(data) if data["top_mistakes"] else "",
            "heatmap": heatmap(data)}
