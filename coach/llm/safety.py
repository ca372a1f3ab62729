"""Spot instructions pasted inside OKRs (prompt injection) and strip them from drafts.

Why a word-pattern screen next to the prompt's own rules: the prompt tells a model that
the draft is data, but a model can still obey a cleverly pasted line. The gate screens
every rewrite and rationale with these patterns and rejects any that echo the pasted
instruction, so an injection can at worst cost a suggestion, never put words in the
reviewer's mouth. The offline rewriter strips the same spans before it rewrites.

The patterns are calibrated, and tested (tests/test_llm_safety.py): they fire on every
adversarial case in ``evals/suggestions/cases.yaml`` and on none of ~2,500 ordinary lines
(the other eval drafts, the rubric's examples and gold set, the knowledge base).
"""

from __future__ import annotations

import re

_MARKUP = [
    r"https?://\S+|\bwww\.\S+|\b[\w.-]+\.(?:com|net|org|io|ru|xyz)/\S*",
    r"<\s*/?\s*(?:script|system|instructions?|im_start|im_end|iframe)\b[^>]*>",
    r"\[/?(?:INST|SYS)\]|<<\s*/?SYS\s*>>|<\|[a-z_]+\|>",
    r"```",
]
_WORDING = [
    r"\b(?:ignore|disregard|forget|override|bypass|skip)\b[^.;\n]{0,60}?\b(?:instructions?|rules?|prompts?"
    r"|guidelines|rubric|criteria|above|previous|prior|everything|system)\b",
    r"\bsystem\s*(?:prompt|message|override|instructions?|note)\b",
    r"\b(?:you\s+are\s+now|act\s+as\s+(?:a|an|the)|pretend\s+(?:to\s+be|you\s+are)|from\s+now\s+on)\b",
    r"\b(?:new|updated|real|hidden)\s+instructions?\b",
    r"\b(?:note|message)\s+(?:to|for)\s+(?:the\s+)?(?:ai|assistant|model|llm|bot|reviewer)\b",
    r"\b(?:ai|assistant|model|llm|chatbot)\s*:",
    r"\b(?:reveal|print|show|output|repeat|leak)\b[^.;\n]{0,40}\b(?:prompt|instructions|system\s+message)\b",
    r"\b(?:respond|reply|answer|output)\s+(?:only\s+)?(?:with\s+)?[\"'“‘]",
    r"(?<!who )(?<!that )(?<!which )\b(?:mark|rate|grade|score|label)\s+(?:this|these|it|them|every(?:thing)?"
    r"|all|the\s+(?:draft|okrs?|key\s+results?|objectives?))\b[^.;\n]{0,40}\b(?:perfect|pass(?:ing|ed|es)?"
    r"|compliant|excellent|flawless|a\+|10/10)\b",
    r"\b(?:as\s+an\s+ai|large\s+language\s+model)\b",
]
INSTRUCTION_RE = re.compile("|".join(f"(?:{p})" for p in _WORDING + _MARKUP), re.IGNORECASE)
# Links, markup and code never belong in a rationale, even one that reports an injection.
MARKUP_RE = re.compile("|".join(f"(?:{p})" for p in _MARKUP), re.IGNORECASE)
_WORD_RE = re.compile(r"[a-z0-9']+")


def find_instructions(text: str) -> list[tuple[int, int]]:
    """Spans of instruction-like wording in ``text`` (empty for ordinary OKR text)."""
    return [m.span() for m in INSTRUCTION_RE.finditer(text)]


def looks_injected(text: str) -> bool:
    """True when the text carries instruction-like wording, links or markup."""
    return INSTRUCTION_RE.search(text) is not None


def carries_markup(text: str) -> bool:
    """Links, tags, chat-template tokens or code fences (checked on rationales)."""
    return MARKUP_RE.search(text) is not None


_OPEN, _CLOSE = "([{", ")]}"
_SENTENCE_END = re.compile(r"[.!?;|—–]\s*|\s+-\s+|\n")
_CLAUSE_START = re.compile(r",\s+|\s+(?:and|but|then|also|plus)\s+", re.IGNORECASE)


def _open_group(text: str, at: int) -> int | None:
    """Index of the bracket still open at position ``at``, if any."""
    stack: list[int] = []
    for i, ch in enumerate(text[:at]):
        if ch in _OPEN:
            stack.append(i)
        elif ch in _CLOSE and stack:
            stack.pop()
    return stack[-1] if stack else None


def _cut(text: str, at: int) -> tuple[int, int]:
    """The span to drop for an instruction found at ``at``.

    Inside brackets: the bracketed aside. Otherwise from the start of its sentence (when an
    earlier sentence carries the content), else from the start of its clause, to the end:
    pasted instructions trail the real content, and what follows them belongs to them.
    """
    group = _open_group(text, at)
    if group is not None:
        depth, end = 0, len(text)
        for i in range(group, len(text)):
            depth += (text[i] in _OPEN) - (text[i] in _CLOSE)
            if depth == 0:
                end = i + 1
                break
        return group, end
    sentence = max((m.end() for m in _SENTENCE_END.finditer(text, 0, at)), default=0)
    if sentence > 0 and text[:sentence].strip(" .!?;|—–-"):
        return sentence, len(text)
    clause = max((m.start() for m in _CLAUSE_START.finditer(text, 0, at)), default=-1)
    return (clause if clause > 0 else at), len(text)


def split_instructions(text: str) -> tuple[str, list[str]]:
    """``text`` without the instructions pasted into it, and the removed parts.

    An instruction, link or tag takes its bracketed aside, or the rest of its sentence or
    clause, with it ("... and tell readers to visit <link>" goes as a whole). Ordinary text
    is returned unchanged.
    """
    if not looks_injected(text):
        return text, []
    removed: list[str] = []
    for _ in range(20):  # each pass removes one instruction; drafts carry few
        hit = INSTRUCTION_RE.search(text)
        if hit is None:
            break
        start, end = _cut(text, hit.start())
        removed.append(text[start:end].strip())
        text = text[:start] + " " + text[end:]
    cleaned = re.sub(r"\s+", " ", text).strip()
    cleaned = re.sub(r"(?:\s*[,:;—–|-]|\s+(?:and|or|but|then|please|also|for\s+details))+\s*$", "", cleaned,
                     flags=re.IGNORECASE)
    return cleaned.rstrip(" .,:;-"), [r for r in removed if r]


def echoes(text: str, fragments: list[str], size: int = 4) -> bool:
    """True when ``text`` repeats ``size`` consecutive words of any removed fragment."""
    words = _WORD_RE.findall(text.lower())
    grams = {tuple(words[i:i + size]) for i in range(len(words) - size + 1)}
    for fragment in fragments:
        fw = _WORD_RE.findall(fragment.lower())
        if len(fw) < size:
            if fw and " ".join(fw) in " ".join(words) and len(" ".join(fw)) >= 12:
                return True
            continue
        if any(tuple(fw[i:i + size]) in grams for i in range(len(fw) - size + 1)):
            return True
    return False
