"""One line of an OKR document, cleaned: markup, labels and annotations become fields, not text.

Why here and not in the checks: what people publish carries markup ("**Key Result 2:**",
"[docs](https://...)", "- [x]"), published scores ("=> 66% - On Track", "(7/10)"), owner
prefixes ("Growth Marketing:") and tags ("[COMMITTED]", "(ewd)"). Left in the text, the
rubric reads a label's "2" as a target, a checkbox as a placeholder and an owner's name as
the verb. ``clean`` removes them and records what they said, and keeps, for every character
of the cleaned text, its position in the original so evidence still points at the right
words.
"""

from __future__ import annotations

import re

from coach.core.record import Record

# --------------------------------------------------------------------------- positions


class Span(Record):
    """Text with the original position of each of its characters."""

    __slots__ = ("text", "pos")
    text: str
    pos: list[int]

    def __init__(self, text: str, pos: list[int]) -> None:
        self.text, self.pos = text, pos

    @classmethod
    def of(cls, text: str, start: int) -> Span:
        return cls(text, list(range(start, start + len(text))))

    def cut(self, ranges: list[tuple[int, int]]) -> Span:
        """Without the given (start, end) ranges of the current text."""
        if not ranges:
            return self
        keep_text: list[str] = []
        keep_pos: list[int] = []
        last = 0
        for a, b in sorted(ranges):
            if a < last:
                a = last
            if a > last:
                keep_text.append(self.text[last:a])
                keep_pos.extend(self.pos[last:a])
            last = max(last, b)
        keep_text.append(self.text[last:])
        keep_pos.extend(self.pos[last:])
        return Span("".join(keep_text), keep_pos)

    def strip(self, chars: str | None = None) -> Span:
        stripped = self.text.strip(chars)
        if len(stripped) == len(self.text):
            return self
        if not stripped:
            return Span("", [])
        start = len(self.text) - len(self.text.lstrip(chars))
        end = start + len(stripped)
        return Span(self.text[start:end], self.pos[start:end])

    def squeeze(self) -> Span:
        """Runs of white space become one space (positions of the first kept)."""
        ranges = [(m.start() + 1, m.end()) for m in _SPACES.finditer(self.text) if m.end() - m.start() > 1]
        out = self.cut(ranges)
        text = out.text.replace("\t", " ").replace("\u00a0", " ")
        return Span(text, out.pos)

    @property
    def offset(self) -> int:
        return self.pos[0] if self.pos else 0

    def contiguous(self) -> bool:
        """Whether the text is one unbroken slice of the original (then an offset is enough)."""
        return not self.pos or self.pos[-1] - self.pos[0] == len(self.pos) - 1


_SPACES = re.compile(r"\s+")

# --------------------------------------------------------------------------- markup

_LINK = re.compile(r"!?\[(?P<label>[^\]\n]*)\]\((?P<url>[^)\s]*)(?:\s+\"[^\"]*\")?\)")
_AUTOLINK = re.compile(r"<(?P<url>https?://[^>\s]+)>")
_BARE_URL = re.compile(r"\(\s*https?://[^\s)]+\s*\)|\bhttps?://[^\s)]+")
# An HTML tag; not a placeholder in a path ("rober/<robot_id>/<date>/"): no slash before it and
# its name is letters, digits and hyphens only
_HTML_TAG = re.compile(r"(?<!/)</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^>\n]*)?/?>")
# Elements whose content is code, not words: dropped whole (a pasted "<script>...</script>").
_HTML_DROP = re.compile(r"<(script|style|iframe|object|embed|noscript|svg)\b[^>]*>.*?(?:</\1\s*>|$)",
                        re.IGNORECASE | re.DOTALL)
_STRUCK_TEXT = re.compile(r"~~[^~\n]+~~")
# "Grow revenue to $___", "Sign ___ new partners": a blank left to fill, not emphasis
_BLANK = re.compile(r"(?<![A-Za-z0-9_])_{3,}(?![A-Za-z0-9_])")
_EMPHASIS = re.compile(r"\*{1,3}|(?<![A-Za-z0-9])_{1,3}|_{1,3}(?![A-Za-z0-9])|~~|`")
_CHECKBOX = re.compile(r"^\s*(?:\[(?P<mark>[ xX✓✔-])\]|(?P<glyph>[☐☑✅✔]))\s+")
_ARROW = re.compile(r"^\s*(?:→|->|=>|=|>)\s*")
# Pictographs people put before headings and items; the done marks (✅ ✔ ☑) are read first.
_SHORTCODE = re.compile(r":[a-z0-9_+-]{2,40}:|!WIP!|\bWIP\b\s*[:\-–—]?", re.IGNORECASE)
_EMOJI = re.compile("[\U0001F300-\U0001FAFF\u23E9-\u23FA\u2600-\u2610\u2612-\u2703\u2706-\u2713\u2715-\u27BF"
                    "\uFE0F]")  # "⏳" (hourglass) too: a status mark before the text

# --------------------------------------------------------------------------- labels

# Spanish and Portuguese drafts label with "Objetivo" / "Resultados clave" ("resultados-chave")
OBJECTIVE_WORD = r"(?:objective|obj\.?|goal|objetivos?)"
KR_WORD = r"(?:key\s*results?|krs?|resultados?[\s-]+(?:clave|chave))"
# "Objective (O)", "Key Results (KRs)", "Objective (goal)", "Objective (목표)": a gloss of the label
_GLOSS = r"(?:\s*[(（](?:O|KRs?|OKRs?|goals?|aims?|targets?|outcomes?|[^\x00-\x7F)）]{1,10})[)）])?"
_LABEL = re.compile(
    r"^\s*(?:\((?:potentially|possibly|draft|tentative)\)\s*)?"
    # "Team objective (Operations):", "Sample key results for delivery:": a label with its kind of set
    r"(?:(?P<set>team|company|example|sample|department|proposed|suggested)\s+(?=(?:objective|goal|key|kr)))?"
    rf"(?P<kind>(?:{OBJECTIVE_WORD}|{KR_WORD}|initiatives?)(?![A-Za-z])|O(?=\s?\d)|O(?=\s?[:：]))" + _GLOSS +
    # "Objective (Finance Team):": who owns it; "Key results for forecasting:": what they measure
    r"(?:\s*\((?P<who>[A-Z0-9][\w&/ .'-]{1,30})\)(?=\s*[:：]))?"
    r"(?:\s+(?P<about>for|of)\s+[\w&/ -]{1,30}?(?=\s*[:：]))?" +
    # "Objective 2", "Objective #3", "Objective L1" (a team's letter; Q and H are periods)
    r"(?:\s*#?\s*(?P<num>(?:[A-GI-PR-Z](?=\d))?\d{1,4}(?:\.\d{1,3})*)\b)?"
    r"\s*(?P<sep>[:：.)\-–—]|\s-\s)?\s*",
    re.IGNORECASE,
)
_KR_KIND = re.compile(KR_WORD, re.IGNORECASE)
_PERIOD_WHO = re.compile(r"^(?:Q[1-4]|H[12]|FY|(?:19|20)\d\d)", re.IGNORECASE)
# "... is", "... was", "... depends": a sentence about the labelled item, not the item
_ABOUT_IT = re.compile(r"(?:is|was|are|has|had|will|would|should|could|can|may|might|must|needs?|remains?|"
                       r"depends|covers|means|matters|assumes|comes|goes|looks)\b")
_ID_LABEL = re.compile(r"^\s*(?:(?:KR|O|OKR)\s*)?\d{4}\.[A-Z]\d+(?:\.\d+)*\s*(?:[-–—:]\s*)?")
# "O1KR2", "O2.KR1", "OKR3-KR1": a key result's id, which labels the line as a key result
_KR_ID = re.compile(r"^\s*O\d{1,2}\s*[.\-_]?\s*KR\s*\d{1,2}\b\s*(?:[:.)\-–—]\s*)?", re.IGNORECASE)
_OKR_ID = re.compile(r"^\s*OKR\s+'?[\w.]+'?\s*:\s*")
_NUMBERED_OKR = re.compile(r"^\s*OKR\s+#?(\d{1,2})\s*:")
_NUMBERING = re.compile(r"^\s*\d{1,2}[.)]\s+(?=\S)")  # "## 1) Grow ...", "**2. Ship ...**"
# "BPS KR 1.1: ...", "R1-O1: ..." (a release's objective 1): a project's or release's code
# before the label, kept as a tag
_PROJECT_CODE = re.compile(r"^\s*(?!(?:Q[1-4]|H[12]|FY\d*)[\s-])(?P<code>[A-Z][A-Z0-9]{1,5})(?:\s+|-)"
                           r"(?=(?:KRs?|O)\s*\d)")

# --------------------------------------------------------------------------- annotations

_PROGRESS = [
    # "=> 66% - On Track", "-> 40%"
    re.compile(r"\s*(?:=>|->|→)\s*(?P<pct>\d{1,3}(?:\.\d+)?)\s*%"
               r"(?:\s*[-–—:,]\s*(?P<status>[A-Za-z][\w -]{0,20}))?\s*$"),
    # ": 8/10 (80%)", " - 7/10"
    re.compile(r"\s*[:\-–—]\s*(?P<num>\d{1,2}(?:\.\d+)?)\s*/\s*(?P<den>10|5)"
               r"\s*(?:\(\s*\d{1,3}\s*%\s*\))?\s*$"),
    # "(7/10)", "(0.7)", "(70%)" at the end of an objective or key result
    re.compile(r"\s*\(\s*(?P<num>\d{1,2}(?:\.\d+)?)\s*/\s*(?P<den>10|5)\s*\)\s*$"),
    re.compile(r"\s*\(\s*(?P<frac>0(?:\.\d+)?|1(?:\.0+)?)\s*\)\s*$"),
    # "(0.0 → 1.0)", "(0.4 -> 1)": a score on the 0..1 scale, where it stands and where it ends
    re.compile(r"\s*\(\s*(?P<frac>0(?:\.\d+)?|1(?:\.0+)?)\s*(?:→|->|=>|⟶)\s*1(?:\.0+)?\s*\)\s*$"),
    # "Score: 0.7" / "Progress: 40%" / "Status: 60%"
    re.compile(r"\s*[-–—(]?\s*(?:score|grade|progress|status)\s*[:=]\s*(?:(?P<frac>0?\.\d+|1\.0|0|1)|"
               r"(?P<pct>\d{1,3})\s*%)\s*\)?\s*$", re.IGNORECASE),
]
_DASH_PERCENT = re.compile(r"\s+[-–—]\s+(?P<pct>\d{1,3})\s*%\s*$")
_WORK_BEFORE = re.compile(r"\b(?:migration|launch|launched|roll-?out|rolled\s+out|redesign(?:ed)?|rebuild|"
                          r"rebuilt|upgrade[d]?|implementation|implemented|integration|integrated|migrated|shipped|"
                          r"delivered|installed|finished|completed?|done|published|signed|built|"
                          r"set\s+up|in\s+place|live|phase\s+\d+\)?)\s*$", re.IGNORECASE)
_MOVE_SAID = re.compile(r"\b(?:from|to|under|below|above|over)\b", re.IGNORECASE)
# "Adoption of the new launch — 40%": a metric named before the dash, so the figure is its target
_METRIC_BEFORE = re.compile(r"\b(?:rate|share|adoption|usage|conversion|retention|nps|csat|score|uptime|"
                            r"satisfaction|percentage|proportion)\b", re.IGNORECASE)
_FIGURE_BEFORE = re.compile(r"\d\s*(?:%|[kKmM]|pp|pts|points)?\s*$")
# A metric people rate, named before ": 4.6/5": the fraction is its target
_RATED = re.compile(r"\b(?:satisfaction|rating|ratings|stars?|nps|csat|ces|sentiment|happiness|reviews?|"
                    r"ease\s+of\s+use|usability|feedback)\s*$", re.IGNORECASE)
_DONE_MARK = re.compile(r"\s*(?:✅|✔️?|☑️?|\(done\)|\[done\])\s*(?:done|complete[d]?|achieved)?\s*$",
                        re.IGNORECASE)
_STATUS_WORDS = re.compile(r"\s*[-–—:]\s*(?P<status>on\s+track|at\s+risk|off\s+track|behind|achieved|done|"
                           r"not\s+started|in\s+progress|blocked|missed)\s*\.?\s*$", re.IGNORECASE)
_TAGS = re.compile(r"\s*\[(?P<tag>COMMITTED|ASPIRATIONAL|LEARNING|STRETCH|ROOFSHOT|MOONSHOT)\]\s*",
                   re.IGNORECASE)
_TRAILING_OWNER = re.compile(
    r"[.!?]\s*\((?P<owner>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?(?:\s*[,&/]\s*[A-Z][a-z]+)*)\)$")
_ESCAPE = re.compile(r"\\(?=[\[\]*_#`()<>|\\.!-])")  # markdown escapes: "\\[" shows "["
_HASHTAGS = re.compile(r"(?:\s*#[A-Za-z][\w-]*)+\s*$")  # "... in M82 #Implement #wp-perf"
_ACTUAL = re.compile(r"\s*\(\s*actual(?:ly)?\s*:?[^()]*\)\s*$", re.IGNORECASE)
_SCORE_PRIORITY = re.compile(r"^(?P<score>0?\.\d{1,2}|1\.0{1,2})\s*(?P<p>P[0-4])\s*(?=\S)")
_PRIORITY = re.compile(r"^\s*\(?(?P<p>P[0-4])\)?(?:\s*[-–—:|]\s*|\s+(?=\S))", re.IGNORECASE)
# "... lessons learned. \\[jchaffraix, eae\\]": who owns it, in escaped brackets after the text
_BRACKET_OWNER = re.compile(r"\s*\\\[(?P<owner>[^\]\\]{1,60})\\\](?=\s*(?:\d(?:\.\d{1,2})?)?\s*$)")
# "[Ship dark mode to beta](#o0r0) alice, bob 0.70": an export's linked key result, then the
# handles of its owners (lower case, comma-separated) and its score; more handles may close
# the link's words in escaped brackets ("[Ship it \\[carol\\]](#o1) dan 0.5"). Only with the
# score: a link followed by plain words ("[Business cards](#o1) ready today") is a sentence.
_LINK_OWNERS = re.compile(r"^\s*\[(?:\\.|[^\]\n\\])+?(?P<inner>\s*\\\[(?P<more>[^\]\\]{1,60})\\\])?"
                          r"\]\([^)\s]*\)\s+(?P<owners>[a-z][\w.-]*(?:\s*,\s*[a-z][\w.-]*)*)"
                          r"\s+(?P<score>0?\.\d{1,2}|1\.0{1,2})\s*$")
_HANDLES = re.compile(r"\s*,\s*")
_PRIORITY_TAG = re.compile(r"\s*\((P[0-4])\)\s*$")
_SHORT_TAG = re.compile(r"\s*\((?:[a-z]{1,3}|wip|tbd)\)\s*$")
_STATUS_PREFIX = re.compile(r"^\s*(?:existing|new|old|stretch|committed|aspirational|draft|update[d]?|"
                            r"wip|done|carried\s+over|continued)\s*[:\-–—]\s+", re.IGNORECASE)
_OWNER_PREFIX = re.compile(
    r"^\s*(?P<owner>(?:[A-Z][\w&/.+'’]*|VP|CEO|CTO|CFO|COO|CMO|HR|QA|UX|UI|PM)"
    r"(?:(?:[ \-/&]+|:(?=[A-Z]))(?:[A-Z][\w&/.+'’]*|\([A-Z][\w ]*\)|of|and|&)){0,3}?)"
    r"(?:\s+(?P<label>KRs?|OKRs?|key\s+results?|objectives?))?\s*(?::(?=\s)(?!\s*\d)|\s[-–—]\s)\s*(?=\S)")
# "@maria — ...", "@sam, @li: ...": the handles of its owners before the line
_HANDLE_PREFIX = re.compile(r"^\s*(?P<owner>@[\w.-]+(?:\s*[,&/]\s*@[\w.-]+)*)(?P<label>)"
                            r"\s*(?::|\s[-–—]|[-–—])\s*(?=\S)")
_OWNERISH = re.compile(r"\b(?:team|squad|ops|operations|marketing|sales|product|engineering|design|finance|"
                       r"support|success|growth|platform|data|security|legal|hr|people|ceo|cto|cfo|coo|cmo|vp|"
                       r"lead|head|manager|director|owner|wg|group|core|mobile|web|backend|frontend|infra|"
                       r"enterprise|partnerships?|community|devrel|research|recruiting|brand|content|company|department|"
                       r"division|org|organi[sz]ation|eng)\b",
                       re.IGNORECASE)
# The last word of a label names what it is (a noun phrase's head): "Growth Marketing" is a team,
# "Signup UX", "Search QA", "Mobile App" are parts of the product, whose description follows
# the colon. A label that ends in one of these names a feature, never an owner, even when a
# team word comes before it ("Mobile App"); a person's name or a team name does not end so.
_FEATURE_HEAD = re.compile(r"^(?:ux|ui|qa|flows?|pages?|screens?|forms?|modes?|views?|widgets?|dashboards?|"
                           r"apps?|features?|api|sdk|search|exports?|imports?|integrations?|checkout|onboarding|"
                           r"sign-?up|log-?in|paywall|redesign|prototype|site|website|portal|editor|buttons?|"
                           r"menus?|templates?|reports?|docs|guides?|tutorials?)$", re.IGNORECASE)


class Cleaned(Record):
    """A cleaned line: its text (with positions) and what the markup and annotations said."""

    __slots__ = ("span", "label", "number", "owner", "progress", "status", "done", "links", "tags", "plural")
    span: Span
    label: str | None  # "objective", "key_result", "initiative" or None
    number: str | None
    owner: str | None
    progress: float | None
    status: str | None
    done: bool | None
    links: list[str]
    tags: list[str]
    plural: bool  # "Key Results: ..." introduces a list (or names owners); "Key Result:" is one

    def __init__(self, span: Span, label: str | None = None, number: str | None = None,
                 owner: str | None = None, progress: float | None = None, status: str | None = None,
                 done: bool | None = None, links: list[str] | None = None,
                 tags: list[str] | None = None, plural: bool = False) -> None:
        self.plural = plural
        self.span, self.label, self.number, self.owner = span, label, number, owner
        self.progress, self.status, self.done = progress, status, done
        self.links = links if links is not None else []
        self.tags = tags if tags is not None else []

    @property
    def text(self) -> str:
        return self.span.text


def _unwrap_links(span: Span, links: list[str]) -> Span:
    """``[words](url)`` keeps its words; autolinks and bare URLs go to ``links``."""
    out = span
    while True:
        m = _LINK.search(out.text)
        if not m:
            break
        links.append(m.group("url"))
        label_start, label_end = m.start("label"), m.end("label")
        out = out.cut([(m.start(), label_start), (label_end, m.end())])
    for pattern in (_AUTOLINK, _BARE_URL):
        found = list(pattern.finditer(out.text))
        links += [m.group("url") if "url" in pattern.groupindex else m.group(0).strip("()") for m in found]
        out = out.cut([m.span() for m in found])
    return out


TAIL = 64  # published scores and statuses sit at the end of a line: only its tail is searched


def _tail_search(pattern: re.Pattern[str], text: str) -> tuple[int, int, re.Match[str]] | None:
    """``pattern.search`` on the last TAIL characters, with spans in ``text``'s coordinates."""
    at = max(0, len(text) - TAIL)
    m = pattern.search(text, at)
    return (m.start(), m.end(), m) if m else None


def _progress(span: Span) -> tuple[Span, float | None, str | None, bool | None]:
    """Trailing published scores and statuses, read and removed."""
    progress: float | None = None
    status: str | None = None
    done: bool | None = None
    changed = True
    while changed and span.text:
        changed = False
        for pattern in _PROGRESS:
            found = _tail_search(pattern, span.text)
            if found is None:
                continue
            start, end, m = found
            groups = m.groupdict()
            before = span.text[:start]
            if pattern is _PROGRESS[0] and "=>" not in m.group(0) and _FIGURE_BEFORE.search(before) \
                    and not _MOVE_SAID.search(before):
                continue  # "Win rate 18% → 25%": a start and its target, not a score
            if groups.get("num") is not None and _RATED.search(span.text[:start]):
                continue  # "Member satisfaction: 4.6/5": the rating to reach, not the line's score
            if groups.get("pct") is not None:
                progress = min(float(groups["pct"]) / 100.0, 2.0)
            elif groups.get("num") is not None:
                progress = float(groups["num"]) / float(groups["den"])
            elif groups.get("frac") is not None:
                progress = float(groups["frac"])
            if groups.get("status"):
                status = groups["status"].strip().lower()
            span = span.cut([(start, end)])
            changed = True
            break
        found = _tail_search(_DONE_MARK, span.text)
        if found is not None and found[2].group(0).strip():
            span, done, status, progress = span.cut([found[:2]]), True, status or "done", progress or 1.0
            changed = True
        found = _tail_search(_DASH_PERCENT, span.text) if progress is None else None
        if found is not None and _WORK_BEFORE.search(span.text[:found[0]]) and \
                not _METRIC_BEFORE.search(span.text[:found[0]]):
            # "Loyalty card launched — 50%", "Stripe to Adyen migration (phase 1) — 60%": how far
            # the work has got; after a metric ("Activation — 45%") the figure is its target
            progress = float(found[2].group("pct")) / 100.0
            span = span.cut([found[:2]])
            changed = True
        found = _tail_search(_STATUS_WORDS, span.text)
        if found is not None and len(span.text) - len(found[2].group(0)) > 12:
            status = found[2].group("status").lower()
            span = span.cut([found[:2]])
            changed = True
    return span, progress, status, done


def owner_prefix(text: str) -> re.Match[str] | None:
    """A leading "Who:" that names an owner or team rather than starting the sentence."""
    if text.lstrip().startswith("@"):
        return _HANDLE_PREFIX.match(text)
    m = _OWNER_PREFIX.match(text)
    if not m:
        return None
    owner = m.group("owner")
    rest = text[m.end():]
    words = owner.split()
    if len(words) > 4 or not rest or owner.lower() in ("note", "why", "notes", "example", "e.g", "i.e"):
        return None
    if len(words) == 1 and not (_OWNERISH.search(owner) or owner.isupper() or "/" in owner):
        return None  # "Improve: faster pages" is a sentence, "Sales: ..." or "QA: ..." an owner
    if len(words) > 1 and not (_OWNERISH.search(owner) or all(w[:1].isupper() for w in words if w.isalpha())):
        return None
    if len(words) > 1 and not m.group("label") and _FEATURE_HEAD.match(words[-1]):
        return None  # "Signup UX: short form ...": a feature and its description (see _FEATURE_HEAD)
    return m


def _markup(span: Span, links: list[str], tags: list[str]) -> Span:
    """Links, HTML, pictographs, emphasis and bracketed tags out; each step only when it can apply."""
    autolinks: list[str] = []
    if "<" in span.text:  # autolinks, then tags (whose attributes hold URLs), before links
        found = list(_AUTOLINK.finditer(span.text))
        autolinks = [m.group("url") for m in found]
        span = span.cut([m.span() for m in found])
        span = span.cut([m.span() for m in _HTML_DROP.finditer(span.text)])
        span = span.cut([m.span() for m in _HTML_TAG.finditer(span.text)])
    if "[" in span.text or "http" in span.text:
        span = _unwrap_links(span, links)
    links += autolinks
    if not span.text.isascii():
        span = span.cut([m.span() for m in _EMOJI.finditer(span.text)])
    if ":" in span.text or "WIP" in span.text:
        span = span.cut([m.span() for m in _SHORTCODE.finditer(span.text)])
    if "~~" in span.text:
        struck = [m.span() for m in _STRUCK_TEXT.finditer(span.text)]
        outside = _STRUCK_TEXT.sub("", span.text)
        if struck and re.search(r"[A-Za-z0-9]", outside):
            span = span.cut(struck)  # "from ~~300~~ 400 to 900": what the author struck out is gone
    if any(ch in span.text for ch in "*_~`"):
        blanks = [m.span() for m in _BLANK.finditer(span.text)] if "___" in span.text else []
        span = span.cut([m.span() for m in _EMPHASIS.finditer(span.text)
                         if not any(b[0] <= m.start() < b[1] for b in blanks)])
    if "[" in span.text:
        found_tags = list(_TAGS.finditer(span.text))
        tags += [m.group("tag").lower() for m in found_tags]
        span = span.cut([(m.start(), m.end()) for m in found_tags])
    if "  " in span.text or "\t" in span.text or "\u00a0" in span.text:
        span = span.squeeze()
    return span.strip()


def markup_only(text: str) -> str:
    """The words of a value ("**O1**", "[Q3](url)") with markup removed but labels kept."""
    return _markup(Span.of(text, 0), [], []).text.strip(" :;,")


def _labels(span: Span, tags: list[str], allow_owner: bool) -> tuple[Span, str | None, str | None, str | None,
                                                                    bool]:
    """Status prefixes, OKR ids, "Objective 2:" / "KR 1.3:" labels and owner prefixes, in any order."""
    label = number = owner = None
    plural = False
    for _ in range(3):  # "Sales KR 2: ...", "Existing: ...", "O1. ..." in any order
        before = span.text
        m = _PRIORITY.match(span.text)
        if m and len(span.text) > m.end():  # "P1 - Ship it": a priority, not an owner
            tags.append(m.group("p").lower())
            span = span.cut([m.span()]).strip()
        m = _STATUS_PREFIX.match(span.text)
        if m:
            tags.append(span.text[: m.end()].strip(" :-–—").lower())
            span = span.cut([m.span()]).strip()
        m = _OKR_ID.match(span.text) or _ID_LABEL.match(span.text) or _NUMBERING.match(span.text)
        if m:
            numbered = _NUMBERED_OKR.match(span.text) if label is None else None
            if numbered:  # "## OKR 1: Readers find the right book fast": the first objective
                label, number = "objective", numbered.group(1)
            span = span.cut([m.span()]).strip()
        m = _PROJECT_CODE.match(span.text) if label is None else None
        if m:
            tags.append(m.group("code").lower())
            span = span.cut([m.span()]).strip()
        m = _KR_ID.match(span.text)
        if m and label is None:
            label, number = "key_result", None
            span = span.cut([m.span()]).strip()
        m = _LABEL.match(span.text)
        if m and m.group("kind") == "O" and not m.group("sep") and span.text[m.end():m.end() + 1].islower():
            m = None  # "O1 is the main goal in August": a note about an objective, not one
        if m and m.group("num") and not m.group("sep") and _ABOUT_IT.match(span.text, m.end()):
            m = None  # "KR3.1 is the most important item here.": a note about a key result
        if m and m.group("about") and not (_KR_KIND.match(m.group("kind")) and m.end() == len(span.text)):
            m = None  # "Objective for Q3: ...": the words after "for" may be its period; keep the line whole
        if m and m.group("set") and not m.group("sep"):
            m = None  # "Team objectives matter": a sentence
        if m and (m.group("sep") or m.end() == len(span.text) or m.group("num") or m.group("kind") == "O"):
            kind = m.group("kind").lower()
            who = (m.group("who") or "").strip()
            if who and _PERIOD_WHO.match(who):
                tags.append(who)  # "Objective (FY25):": its period, kept as a tag the reader turns into one
            elif who and owner is None:
                owner = who
            if kind != "o" or m.group("num") or (m.group("sep") or "") in ":：":
                label = ("initiative" if kind.startswith("initiative") else
                         "key_result" if _KR_KIND.match(kind) else "objective")
                number = m.group("num")
                plural = label == "key_result" and kind.rstrip().endswith("s") and not number
                span = span.cut([m.span()]).strip()
        if owner is None and label is None and (":" in span.text or " - " in span.text
                                                 or " – " in span.text or " — " in span.text):
            o = owner_prefix(span.text)
            if o and (allow_owner or o.group("label")):
                owner = o.group("owner").strip()
                span = span.cut([o.span()]).strip()
                said = (o.group("label") or "").lower()
                if said:  # "Sales Team OKR:", "VP Product KR:": an owner and a label
                    label = "key_result" if said.startswith(("kr", "key")) else "objective"
                    plural = said in ("krs", "key results")
        if span.text == before:
            break
    return span, label, number, owner, plural


_MAYBE_PROGRESS = re.compile(r"[%/()✅✔☑]|[:\-–—]\s*\w+\s*$|\b(?:score|grade|progress|status|done|track|"
                             r"risk|behind|achieved|started|blocked|missed)\b", re.IGNORECASE)


def clean(raw: str, start: int, allow_owner: bool = True) -> Cleaned:
    """Clean one line (or the body of a list item) that starts at ``start`` in the document."""
    links: list[str] = []
    tags: list[str] = []
    span = Span.of(raw, start)
    done: bool | None = None
    if raw[:1] in "[☐☑✅✔" or raw.lstrip()[:1] in "[☐☑✅✔":
        m = _CHECKBOX.match(span.text)
        if m:
            done = (m.group("mark") or m.group("glyph")) not in (" ", "☐")
            span = span.cut([m.span()])
    owner_said: str | None = None
    linked_score: float | None = None
    if "](" in span.text and allow_owner:
        found = _LINK_OWNERS.match(span.text)
        if found:
            more = (found.group("more") or "").strip()
            handles = [*_HANDLES.split(found.group("owners")), *_HANDLES.split(more)]
            owner_said = ", ".join(dict.fromkeys(h for h in handles if h))
            linked_score = float(found.group("score"))
            tail = (found.start("owners"), found.end())
            span = span.cut([found.span("inner"), tail] if found.group("inner") else [tail])
    if "\\" in span.text:
        found = _BRACKET_OWNER.search(span.text)
        if found and allow_owner:
            owner_said = found.group("owner").strip(" *_")
            span = span.cut([found.span()])
        span = span.cut([m.span() for m in _ESCAPE.finditer(span.text)])
    span = _markup(span, links, tags)
    scored = _SCORE_PRIORITY.match(span.text) if span.text[:1] in "01." else None
    if scored:  # "0.80P2commit() flow ...": an export's score and priority run into the text
        tags.append(scored.group("p").lower())
        span = span.cut([scored.span()])
    if "#" in span.text:
        found = _HASHTAGS.search(span.text)
        if found and found.start() > 0:
            tags += [t.lstrip("#").lower() for t in found.group(0).split()]
            span = span.cut([found.span()])
    if span.text[:1] in "→-=>":
        span = span.cut([m.span() for m in (_ARROW.match(span.text),) if m]).strip()
    span, label, number, owner, plural = _labels(span, tags, allow_owner)
    owner = owner or owner_said
    span = span.strip(" \t:;,-–—•·…")
    if done is None and span.text[:1] in "[☐☑✅✔":
        m = _CHECKBOX.match(span.text)
        if m:  # "**Key Result 1.1:** [x] Ship ...": the box after the label
            done = (m.group("mark") or m.group("glyph")) not in (" ", "☐")
            span = span.cut([m.span()])
    if span.text.startswith("..."):
        span = span.cut([(0, 3)]).strip()
    progress = status = done_mark = None
    if _MAYBE_PROGRESS.search(span.text):
        span, progress, status, done_mark = _progress(span)
    if "ctual" in span.text:
        actual = _tail_search(_ACTUAL, span.text)
        if actual is not None:  # "(Actual: $189K)": what was reached, kept as the status
            status = status or actual[2].group(0).strip(" ()*").lower()
            span = span.cut([(actual[0], actual[1])]).strip()
    if scored and progress is None:
        progress = float(scored.group("score"))
    if linked_score is not None and progress is None:
        progress = linked_score
    if span.text.endswith(")"):
        priority = _PRIORITY_TAG.search(span.text)
        if priority:  # "... (P0)": a priority, kept as a tag
            tags.append(priority.group(1).lower())
            span = span.cut([priority.span()]).strip()
        span = span.cut([m.span() for m in (_SHORT_TAG.search(span.text),) if m])
        trailing = _TRAILING_OWNER.search(span.text) if allow_owner and owner is None else None
        if trailing:  # "... on campus. (Azhan)": who owns it, after the sentence ends
            owner = trailing.group("owner")
            span = span.cut([(trailing.start() + 1, trailing.end())])
    span = span.strip(" \t:;,-–—•·").strip()
    return Cleaned(span, label, number, owner, progress, status, done_mark if done is None else done, links,
                   tags, plural)
