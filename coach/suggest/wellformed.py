"""Is a rewrite a sentence a manager would paste back? Rules over its words and its claim.

Why rules and not a grammar library: the offline grammar checkers that exist either need
Java and a server (LanguageTool) or download models at run time, and what goes wrong in
generated rewrites is a short, known list, seen on real drafts: a result verb pasted in
front of a whole sentence ("Raise Appoint two mentors ...", "Raise Usage of the button is
logged. from ..."), a doubled word ("the new new campaign"), a sentence inside a sentence,
stray punctuation and brackets that do not close. The gate refuses what these rules find,
and the suggestion eval counts them, so a rule change that writes broken English fails CI.
"""

from __future__ import annotations

import re

from coach.core.claim import read_claim
from coach.core.lemmas import verb_lemma

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_DOUBLED = re.compile(r"\b([A-Za-z]{2,})\s+\1\b", re.IGNORECASE)
# Words that may follow themselves in good English ("that that", "had had" are rare in a KR,
# but a rewrite quoting the author should not be blamed for them).
_MAY_DOUBLE = frozenset({"that", "had", "very", "bye"})
_INNER_STOP = re.compile(r"[a-z0-9)\]%][.!?]\s+(?:[A-Za-z(\[])")
_BAD_PUNCT = re.compile(r"(?:,\s*[,.;:])|(?:[.;:]\s*,)|(?:\s[,.;:](?:\s|$))|(?:\(\s*\))|(?:[.]{2}(?!\.))")
# The verbs our rewrites open with; what follows them must be what they act on.
_LEADS = frozenset("""raise grow cut reduce lower keep hold maintain reach increase decrease lift bring
double halve""".split())
_OBJECT_END = re.compile(r"\s(?:from\s+\[|from\s+[$€£]?\d|to\s+\[|measured\s+as|by\s+the\s+end|while\s+"
                         r"keeping|through\s|after\s|so\s+that|within\s|above\s|below\s|under\s|at\s+or"
                         r"|\(baseline)|[,;(]", re.IGNORECASE)


# "is/are ..." in what a lead verb acts on, with no "who/that/which" to make it a relative clause
_MAIN_BE = re.compile(r"^(?:(?!\b(?:who|whom|that|which|whose|where|when|if)\b).)*?"
                      r"\b(?:is|are|was|were|has\s+been|have\s+been|will\s+be)\b", re.IGNORECASE)
# "the that the reminders ...", "the personally to every donor": a clause or adverb where a noun belongs
# (an adverb is only wrong there when no adjective follows it: "the personally to", not
# "the positively impactful content")
_ARTICLE_BEFORE_FUNCTION = re.compile(r"\b(?:the|a|an)\s+(that|which|who|whom|whose|where|when|if|to|of|"
                                      r"and|or|but|is|are|was|were|be|"
                                      r"[a-z]+(?:ally|ously|ively|fully|lessly|edly|ingly|ently|antly|ately|ctly)"
                                      r"(?=\s+(?:to|for|with|by|at|on|in|from|of|the|a|an)\b))\b")
_LOST_AT = re.compile(r"(?<!\bat\s)\bleast\b", re.IGNORECASE)
_DANGLING = re.compile(r"\b(?:and|or|of|the|to|with|for|a|an)\s*[.]?\s*$", re.IGNORECASE)
# "through the Train a churn model": a task pasted with its capital, where a name belongs
_PASTED_TASK = re.compile(r"\b(?:the|a|an)\s+[A-Z][a-z]+\s+(?:a|an|the|our|its|their)\b")
_FIGURES_IN_A_ROW = re.compile(r"(?:[$€£]\d[\d,.]*[kKmM]?|\d[\d,.]*%)\s+(?:[$€£]\d|\d[\d,.]*%)")


def problems(text: str, draft: str = "") -> list[str]:
    """What makes ``text`` malformed, in words; empty when it reads as one sentence.

    ``draft`` is the line it rewrites: a capitalised word pasted after the lead verb is
    only a pasted sentence when the draft began with it.
    """
    out: list[str] = []
    body = text.strip()
    for m in _DOUBLED.finditer(body):
        if m.group(1).lower() not in _MAY_DOUBLE:
            out.append(f"doubled word '{m.group(1)} {m.group(1)}'")
    if _INNER_STOP.search(body.rstrip(".!? ")):
        out.append("a sentence inside a sentence")
    if _BAD_PUNCT.search(body):
        out.append("stray punctuation")
    if _FIGURES_IN_A_ROW.search(body):
        out.append("two figures in a row with nothing to join them")
    if body.count("(") != body.count(")") or body.count("[") != body.count("]"):
        out.append("a bracket that does not close")
    article = _ARTICLE_BEFORE_FUNCTION.search(body)
    if article:
        out.append(f"an article before '{article.group(1)}'")
    if _LOST_AT.search(body) and not _LOST_AT.search(draft):
        out.append("'least' without 'at'")
    if _DANGLING.search(body):
        out.append("it stops on a joining word")
    if _PASTED_TASK.search(body):
        out.append("a task pasted with its capital where a name belongs")
    out += _stacked(body, draft)
    out += _pasted_clause(body)
    return out


# "through Have the volunteers", "through the Be able to ...": an auxiliary frame pasted as a name
_PASTED_FRAME = re.compile(r"\b(?:through|of)\s+(?:the\s+|a\s+|an\s+)?(?:Be|Have|Get|Let|Keep|Ensure"
                           r"|Make\s+sure|that|be\s+able)\b")
# "through the Maria signs off on ...": a name and its verb where a noun phrase belongs
_PASTED_SUBJECT = re.compile(r"\bthrough\s+(?:the|a|an)\s+[A-Z][a-z]+\s+([a-z]+s)\s+"
                             r"(?:off|on|up|out|the|a|an|our|its|their|to|with|for)\b")
_THROUGH = re.compile(r"\bthrough\s+(?:the\s+|a\s+|an\s+)?(.+?)(?=\s+by\s+(?:\[|the\s+end)|\s+from\s+\[|,|$)")


def _pasted_clause(body: str) -> list[str]:
    """A clause, a state or an auxiliary frame pasted after 'through' where a name belongs."""
    if _PASTED_FRAME.search(body):
        return ["an auxiliary frame pasted where a name belongs"]
    subject = _PASTED_SUBJECT.search(body)
    if subject and verb_lemma(subject.group(1)) not in (None, subject.group(1)):
        return ["a subject and its verb pasted where a name belongs"]
    for m in _THROUGH.finditer(body):
        if ": " in m.group(1):  # "through the Rides started with a faulty brake: with a check log"
            return ["a table row pasted where a name belongs"]
        words = m.group(1).split()
        if len(words) >= 2 and _participle(words[-1]) and (
                len(words) < 3 or words[-2].lower() not in ("the", "a", "an")):
            return ["a state ('... done') pasted where a name belongs"]
    return []


def _participle(word: str) -> bool:
    """'documented', 'written', 'tested': a past participle (not an adjective-only word)."""
    low = word.lower().strip(".,;")
    if not re.search(r"(?:ed|en|wn|ne)$", low):
        return False
    lemma = verb_lemma(low)
    return lemma is not None and lemma != low


def _stacked(body: str, draft: str) -> list[str]:
    """A lead verb followed by another verb or a whole clause: words pasted, not rewritten."""
    words = _WORD.findall(body)
    if len(words) < 2 or words[0].lower() not in _LEADS:
        return []
    second = words[1]
    draft_first = (_WORD.findall(draft) or [""])[0]
    pasted = second[:1].isupper() and not second.isupper() and second == draft_first
    if pasted and second.lower() not in _LEADS:
        return [f"'{words[0]}' pasted before the draft's own first word '{second}'"]
    lead_end = body.find(words[0]) + len(words[0])
    rest = body[lead_end:]
    cut = _OBJECT_END.search(rest)
    obj = rest[: cut.start()] if cut else rest
    claim = read_claim(obj.strip())
    if claim.form == "imperative" and claim.verb is not None and verb_lemma(second) == claim.verb \
            and claim.verb not in _LEADS and second.lower() in _TASKISH:
        return [f"two verbs in a row ('{words[0]} {second}')"]
    if _MAIN_BE.search(obj):
        return [f"a clause where the object of '{words[0]}' belongs"]
    return []


# Verbs that, right after a lead verb, can only be a pasted task ("Raise Launch ...").
_TASKISH = frozenset("""launch build create implement deploy migrate design write publish hire recruit train
run hold conduct organise organize send complete finish document develop ship release integrate
install introduce define draft prepare plan appoint assign research audit pilot interview host produce
deliver start establish schedule upgrade replace update add submit set test onboard identify select
consider""".split())
