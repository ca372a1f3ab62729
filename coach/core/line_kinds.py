"""What a line of an OKR document is: the patterns and tests the reader decides with.

Why apart from the reader (:mod:`coach.core.reading`): these are questions about one line
or one heading ("is this a section to skip? a "Measure:" note? a table header flattened
into a list? prose about OKRs?"), answered the same wherever the reader stands, and the
document-level passes (:mod:`coach.core.document`) ask them too.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice

from coach.core import inline
from coach.core.inline import Cleaned
from coach.core.outline import Node

MONTH_NAMES = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
               r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
PERIOD_RE = re.compile(r"\b(?:Q[1-4]|H[12])\s?[-/']?\s?\d{2,4}\b|\bFY\s?[-']?\d{1,4}\b"
                       r"|\b\d{4}\s?[-/ ]?\s?(?:Q[1-4]|H[12])\b"
                       # "1Q27", "2H 2027": the quarter or half written first; "PI 3", "Iteration 4"
                       r"|\b[1-4]Q\s?\d{2,4}\b|\b[12]H\s?\d{2,4}\b|\b(?:PI|iteration)\s+\d{1,4}(?:\.\d)?\b"
                       # "October–December", "Jan-Mar 2027": a run of months
                       r"|\b" + MONTH_NAMES + r"\s?[-–—]\s?" + MONTH_NAMES + r"\b"
                       r"|\bquarterly\s+(?:OKRs?|goals|objectives|targets)\b|\b(?:year|quarter)[- ]end\b"
                       # "8 Week Push", "12-week build": a set that runs for so many weeks
                       r"|\b\d{1,2}[- ]weeks?\s+(?:push|sprint|build|plan|cycle|challenge|programm?e?|bet)\b"
                       r"|\bQ[1-4]\b|\b(?:19|20)\d{2}\b|\b(?:season|sprint|cycle|semester|trimester|term)\s*\d{1,2}\b"
                       # "spring term", "first semester", "autumn half": a school or club's period
                       r"|\b(?:spring|summer|autumn|fall|winter|first|second|third|1st|2nd|3rd)\s+"
                       r"(?:term|semester|trimester|season|half)\b",
                       re.IGNORECASE)
# "next 90 days", "Long term — 12 months", "through early March 2027", "this quarter": a horizon
# a heading or an opening paragraph gives the OKRs under it (their period, where no quarter is named)
_MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
HORIZON = re.compile(r"\b(?:next|coming|following|first)\s+(?:\d{1,3}|three|six|nine|twelve|ninety)\s+"
                     r"(?:days|weeks|months)\b"
                     r"|\b(?:this|next|the\s+coming)\s+(?:quarter|half[-\s]year|half|year|semester|term|season"
                     r"|sprint|month)\b"
                     r"|^[^:]{0,40}?[—–:-]\s*(?:\d{1,3}|three|six|twelve)[- ](?:days?|weeks?|months?)\s*$"
                     r"|\b(?:through|until|till|by)\s+(?:early\s+|mid[-\s]|late\s+|the\s+end\s+of\s+)?"
                     + _MONTHS + r"\s+(?:19|20)\d{2}\b", re.IGNORECASE)
_TAIL = re.compile(r"\(([^()]{1,40})\)\s*$|\s[—–|-]\s+([^—–|]{1,30})$")
_IN_PERIOD = re.compile(r"\b(?:in|during|for|throughout|by|before|until|through)\s+"
                        r"(?:the\s+)?(?:end\s+of\s+)?"
                        r"(?:" + PERIOD_RE.pattern + r")", re.IGNORECASE)


# "Beat our Q1 financial targets", "Make Q4 our best holiday season": a quarter or half named
_QUARTER_NAMED = re.compile(r"\b(?:Q[1-4]|H[12])(?:\s*'?(?:19|20)?\d{2})?\b|\bFY\s?'?\d{2,4}\b")


def own_period(text: str) -> str | None:
    """The period an objective names for itself ("Make onboarding painless (Q2 2027)",
    "... — H1 2027", "Become the city's favourite bakery in 2027", "... this quarter"): its
    key results are due then. A bare year inside the claim ("Reach 2000 members") is no period."""
    tail = _TAIL.search(text)
    named = tail.group(1) or tail.group(2) if tail else None
    if named and (PERIOD_RE.search(named) or HORIZON.search(named)):
        return named.strip()
    found = _IN_PERIOD.search(text) or HORIZON.search(text) or _QUARTER_NAMED.search(text)
    return found.group(0) if found else None


# "OKRs S3", "S2 OKRs": a season, where the title says it is about OKRs
SEASON_IN_TITLE = re.compile(r"\bS\d{1,2}\b")
OKR_WORDS = re.compile(r"\bOKR'?s?\b|\bobjectives?\b|\bkey\s+results?\b|\bobjetivos?\b|"
                       r"\bresultados?[\s-]+(?:clave|chave)\b", re.IGNORECASE)
SKIP = re.compile(
    r"^(?:table\s+of\s+contents?|contents|toc|notes?|okr\s+notes|rationale|why\b|retro(?:spective)?|"
    r"not\s+included|out\s+of\s+scope|ideas|old\s+roadmap|background|context|consequences|status|"
    r"discussions?|alternatives?|appendix|(?:external\s+)?references|key\s+concepts|concepts|definitions|"
    r"glossary|about\b|what\s+(?:is|are)\b|how\s+(?:we|to)\b|process|faq|tracking|final\s+score|scor(?:es|ing)|"
    r"grading|timeframe|time\s+horizon|schedule|strategy|success\s+metrics|key\s+metrics|metrics|team$|"
    r"project\s+overview|north\s+star|milestones|learnings|lessons|comments|transparency|okr\s+ids|"
    r"present$|archive|future|(?:the\s+)?good$|(?:the\s+)?bad$|try$|links?$|resources|questions|"
    r"stakeholders|risks?|dependencies|assumptions|budget|decisions?\s+log|changelog|history|details$)",
    re.IGNORECASE)
SKIP_ANYWHERE = re.compile(r"\b(?:tracking|grading|initiatives?|timeframe|guidelines)\b", re.IGNORECASE)
META = re.compile(
    r"^(?P<key>team|owner|owners|period|quarter|timeframe|time\s*frame|time\s*scale|cycle|(?:time\s+)?horizon|parent(?:\s+objective)?|supports|"
    r"aligns?\s+(?:to|with)|company\s+objective|active\s+from|deadline|kr\s+measurement\s+deadline|due|"
    r"tracked|tracking\s+manager|tracking|scope|weight|confidence|score|final\s+score|status|lead|"
    r"contributors(?!\s*:\s*\d)|stakeholders(?!\s*:\s*\d)|start|end|timeline|progress|grade|dri|accountable|due\s+date)"
    r"\s*:\s*(?P<value>.*)$",
    re.IGNORECASE)
PLACEHOLDER = re.compile(r"^(?:tbd|tbc|todo|n/?a|none|\.\.\.|…|more\s+ideas\??|more\s+detail.*coming\s+soon|"
                          r"(?:team\s+)?to\s+(?:be\s+)?fill(?:ed)?\s+in.*|fill\s+in.*|coming\s+soon)$",
                          re.IGNORECASE)
TITLE_WORDS = re.compile(r"\bOKR'?s?\b|\bobjectives?\s*(?:&|and)\s*key\s*results?\b|\bobjectives?\b|"
                          r"\bkey\s+results?\b|\bgoals?\b|\bplan\b|\broadmap\b|\(\s*\)", re.IGNORECASE)
TITLE_HINT = re.compile(r"\bOKRs?\b|\bplan\b|\bgoals\b", re.IGNORECASE)
PERSONAL = re.compile(r"^`[^`]+`(?:\s+\(@[\w-]+\))?$|^@[\w-]+$|^[\w .-]+\(@[\w-]+\)$")
SECTION_ITEM = re.compile(
    r"^(?:why|ideas|notes?|rationale|initiatives?|status|comments|examples?|e\.g\.?|context|background|"
    r"questions|tracking|final\s+score|grading\s+notes|tracking\s+notes|okr\s+notes|risks|dependencies|"
    r"strengths|weaknesses|learnings|next\s+steps|links|resources|references|constraints|assumptions|"
    r"non-goals|guardrails|principles|out\s+of\s+scope|epics?|user\s+stories|read\s+also|see\s+also|related|"
    r"tasks|to[\s-]?dos?|action\s+items|activities)\b"
    r"[\w\s()-]{0,20}[:?]?$",
    re.IGNORECASE)
# What is left of a title part that names a time, not a team: "Rest of 2026", "Alice's".
NOT_A_NAME = re.compile(r"['’]s$|^(?:the\s+)?(?:rest|remainder|end|start|beginning|first\s+half|"
                         r"second\s+half)\s+of\b", re.IGNORECASE)
NAMES_OBJECTIVES = re.compile(r"\bobjectives\b(?![\w\s]{0,20}\bkey\s+results?\b)", re.IGNORECASE)
OWNER_LINE = re.compile(r"^(?:owners?|owner\(s\)|dri|assignee)\s*:\s*(\S.*)$", re.IGNORECASE)
QUESTION_STUB = re.compile(r"^[\w\s'’]{1,25}\?$")
# Lines under a key result that say how it is measured or tracked: notes on it, never key results.
ATTRIBUTE = re.compile(
    r"^(?:measure(?:d\s+by|ment)?(?:\s+is)?|metrics?|how\s+(?:we\s+)?measured?|target|baseline|current|actual|"
    r"(?:end\s+of\s+(?:the\s+)?(?:quarter|year|period|cycle)\s+)?result|outcome|tracking(?:\s+support)?|tracked\s+(?:by|in|with)|data\s+source|source|definition|formula|"
    r"evidence|success\s+criteria|done\s+when|kpi|comments?|update|"
    r"(?:mid[- ]?quarter|eoq|end[- ]of[- ]quarter|current)\s+status)\s*:\s*\S", re.IGNORECASE)


# A published score written bare at the end of a line ("Ship it in M82 0.7"): read as one only
# in documents that score most of their lines this way, where it cannot be a target.
BARE_SCORE = re.compile(r"(?<!\bto)(?<!\bat)(?<!\bby)(?<!\bof)(?<!\bunder)(?<!\bbelow)(?<!\babove)"
                         r"(?<!\bover)(?<!\bthan)(?<!\bfrom)(?<![<>=≤≥~$€£])\s+(?P<v>0?\.\d{1,2}|[01]\.0{1,2})\**$")


def scores_bare(root: Node) -> bool:
    """Whether at least three lines end in a bare score (only a line's tail is looked at)."""
    found = 0
    for n in root.walk():
        tail = n.body.rstrip().rstrip("*")[-24:]
        if tail[-1:].isdigit() and n.kind in ("item", "para", "heading") and BARE_SCORE.search(tail):
            found += 1
            if found >= 3:
                return True
    return False



CLEANED: dict[tuple[int, int, bool], Cleaned] = {}


def clean_node(node: Node, allow_owner: bool = True) -> Cleaned:
    """The node's cleaned text (computed once per node and kind of reading: the reader asks often)."""
    key = (id(node), node.start, allow_owner)
    found = CLEANED.get(key)
    if found is None:
        if not allow_owner:  # the same as with owners unless an owner prefix was taken off
            with_owner = clean_node(node)
            if with_owner.owner is None:
                CLEANED[key] = with_owner
                return with_owner
        found = inline.clean(node.body, node.start, allow_owner=allow_owner)
        CLEANED[key] = found
    return found


@lru_cache(maxsize=4096)
def plain(text: str) -> str:
    """A heading's or value's words without markup (headings are asked about again and again)."""
    return inline.clean(text, 0, allow_owner=False).text


COLUMNS = re.compile(r"^(?:(?:key\s+results?|objectives?|krs?|owners?(?:\(s\))?|score|status|progress|"
                      r"target|baseline|team|notes?|due|deadline|priority|grade|confidence)(?:\s*[|/,&]\s*|\s+|$))+$",
                      re.IGNORECASE)


def column_names(c: Cleaned) -> bool:
    """"Key Result Owner(s) Score": a table's header row flattened into a list, not a key result."""
    return c.label in ("key_result", "objective", None) and bool(COLUMNS.match(c.text or "x")) and (
        c.label is not None or len(c.text.split()) > 1)


# A line that is only a month ("November", "March 2027"): the period of what follows it
MONTH_LINE = re.compile(r"^(?:jan(?:uary)?|feb(?:ruary)?|march|april|may|june|july|aug(?:ust)?|"
                        r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?:\s+\d{4})?$",
                        re.IGNORECASE)
BOLD_ONLY = re.compile(r"^\s*(?:\*\*|__)[^*_]+(?:\*\*|__)\s*$")
SENTENCES = re.compile(r"[.!?]\s+[A-Z]")


def aside_label(node: Node, c: Cleaned) -> bool:
    """"Risks:", "**Epics (planned):**", "Read also:": a line that announces a list which is not
    key results (initiatives are kept apart by the reader, so they are not an aside)."""
    return c.label is None and node.body.rstrip(" *_").endswith(":") and \
        SECTION_ITEM.match(c.text) is not None and not c.text.lower().startswith("initiative")


def priority(c: Cleaned) -> bool:
    return any(t in ("p0", "p1", "p2", "p3", "p4") for t in c.tags)


def prose(text: str) -> bool:
    """Sentences about the document ("Here are our OKRs. Note ..."), not an objective."""
    return bool(SENTENCES.search(text) or OKR_WORDS.search(text)) or len(text.split()) > 30


def over_key_results(h: Node) -> bool:
    """A heading with a "Key Results" heading (and no objective label) under it, or whose first
    line is a "**Key results:**" label over the list ("# Handling feedback" over it)."""
    if any(c.kind == "heading" and (k := clean_node(c, allow_owner=False)).label == "key_result"
           and not k.text for c in h.children):
        return True
    first = next((c for c in h.children if c.kind != "para" or c.body.strip()), None)
    if first is None or first.kind != "para":
        return False
    label = clean_node(first, allow_owner=False)
    return label.label == "key_result" and not label.text and label.plural


def over_objectives(h: Node) -> bool:
    """A heading with objectives labelled under it ("## Team OKR", then "### Objective" or
    "**Objective:** ..."): it groups them."""
    return any(c.kind in ("heading", "para", "item") and clean_node(c, allow_owner=False).label == "objective"
               for c in h.children)


def has_items(node: Node) -> bool:
    return any(c.kind == "item" for c in node.children)


def is_short(text: str, words: int = 16) -> bool:
    return len(text.split()) <= words


def looks_like_kr(text: str) -> bool:
    return bool(re.search(r"\d", text)) and is_short(text, 40)


def title_like(text: str) -> bool:
    return bool(TITLE_HINT.search(text) or PERIOD_RE.search(text) or OKR_WORDS.search(text))


def para_with_list(node: Node, nxt: Node | None) -> bool:
    """A paragraph line followed at once by a list (its key results); ``nxt`` is the sibling
    after it, None when it is the last (the caller walks the siblings: a search for the node
    among them would make a long document cost the square of its length)."""
    if node.parent is None or node.indent:
        return False
    return nxt is not None and nxt.kind == "item" and not nxt.blank_before and nxt.indent <= 2 \
        and clean_node(node).label is None and not node.body.rstrip().endswith(":")


def flat_list_heading(h: Node) -> bool:
    """A heading over a list of items without sub-items (and no sub-headings)."""
    text = plain(h.body)
    if OKR_WORDS.search(text) or PERIOD_RE.fullmatch(text.strip()) or PERSONAL.match(text):
        return False
    items = [c for c in h.children if c.kind == "item"]
    return bool(items) and not any(c.kind == "heading" for c in h.children) \
        and not any(map(has_items, items))


def paragraph_krs(h: Node) -> list[Node]:
    """A heading over two or more short, unlabelled paragraphs that read as key results (each
    its own blank-line block, as exports and notes write them): those paragraphs."""
    if any(c.kind in ("item", "table", "heading") for c in h.children):
        return []
    paras = [c for c in h.children if c.kind == "para"]
    if len(paras) < 2:
        return []
    texts = [clean_node(p) for p in paras]
    if any(c.label is not None or not is_short(c.text, 45) or prose(c.text) for c in texts):
        return []
    readable = sum(1 for c in texts if looks_like_kr(c.text) or kr_verb(c.text))
    return paras if readable >= len(paras) / 2 else []


def heads_objective(h: Node, text: str, objective_level: bool) -> bool:
    """In an unlabelled document, a heading over a list reads as an objective when its list is
    flat, or when other headings of its level are objectives over flat lists."""
    if OKR_WORDS.search(text) or PERIOD_RE.fullmatch(text.strip()) or PERSONAL.match(text) or \
            GENERIC.match(text):
        return False
    items = [c for c in h.children if c.kind == "item"]
    if not items or any(c.kind == "heading" for c in h.children):
        return False
    return objective_level or not any(map(has_items, items))


# Headings that name the list under them, not an objective ("## Overview" over all key results).
GENERIC = re.compile(r"^(?:overview|summary|at\s+a\s+glance|list|all|current|this\s+quarter|highlights?)$",
                      re.IGNORECASE)


DOING = frozenset("""launch build ship hire write run create publish implement release deliver complete
finish migrate design redesign roll introduce establish define automate improve enhance optimise optimize
make win sign close""".split())


def kr_verb(text: str) -> bool:
    """Starts the way key results (good or task-like) do: "Raise ...", "Launch ...", "Win ..."."""
    from coach.core.kr_parts import leading_verb

    first = text.split(" ", 1)[0].lower()
    return leading_verb(text) is not None or first in DOING


def names_okrs(root: Node) -> bool:
    """Whether any heading or line of the document speaks of OKRs, objectives or key results."""
    return bool(OKR_WORDS.search(root.body)) or any(
        OKR_WORDS.search(n.body) for n in root.walk() if n.kind in ("heading", "para", "item"))


def labels_okrs(root: Node) -> bool:
    """Whether the document names its objectives or key results anywhere it could mean it."""
    found = 0
    for node in root.walk():
        if node.kind in ("heading", "item", "para"):
            c = clean_node(node, allow_owner=False)
            counts = (c.label == "objective" or (c.label == "key_result" and (
                not c.plural or not c.text or has_items(node)))) and not (c.text and column_names(c))
            if counts and in_okr_section(node):
                found += 1
    return found > 0


def labelled_objective_heading(node: Node) -> bool:
    """"### Objective 1: Grow ..." with key results under it: an objective wherever it sits."""
    if node.kind != "heading":
        return False
    c = clean_node(node, allow_owner=False)
    return c.label == "objective" and bool(c.text) and any(k.kind in ("item", "table") for k in node.children)


def skipped_section(h: Node) -> bool:
    """A heading whose section is about something else ("Notes", "Rationale", "Team"), unless
    labelled objectives are written inside it ("## Team" over "### O1 ..." and "_Objective_:")."""
    if not SKIP.match(plain(h.body)):
        return False
    return not any((c := clean_node(n, allow_owner=False)).label == "objective" and c.text
                   for n in islice(h.iter_walk(), 200) if n.kind in ("heading", "para", "item"))


def in_okr_section(node: Node) -> bool:
    if labelled_objective_heading(node):
        return True
    parent = node.parent
    while parent is not None:
        if parent.kind == "heading" and skipped_section(parent):
            return False
        parent = parent.parent
    return True


ROLE = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<who>[^()]{2,40})\)\s*$")


def team_of(group: str) -> str:
    """The team a group heading names: "Product (VP Product)" is Product; "Q1 2020" is no team."""
    role = ROLE.match(group)
    name = role.group("name").strip() if role else group
    return name
