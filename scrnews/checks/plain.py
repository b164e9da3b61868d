"""Plain English (warnings): long sentences, hard blocks, abbreviations before their meaning.

E401 a sentence over `checks.sentence_words` words (30); E402 a block of 100 words or more
whose Flesch reading ease is under `checks.reading_ease` (30); E403 an abbreviation used
before the place where the issue spells it out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from ..load import Loc
from .core import Hit, Subject, issue_rule
from .forms import blocks, is_prose

_MARKUP = re.compile(r"\]\([^)]*\)|<[^>]*>|https?://\S+|[*_`#>\[\]]")
_PARTS = re.compile(r"\n\s*\n|\n\s*(?:[-*+]|\d+[.)])\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")
_WORD = re.compile(r"[A-Za-z0-9][\w'’-]*")
_VOWELS = re.compile(r"[aeiouy]+")
MIN_BLOCK_WORDS = 100


def sentences(text: str) -> Iterator[str]:
    """The sentences of a Markdown text (paragraphs and list items end one too)."""
    for part in _PARTS.split(_MARKUP.sub(lambda m: " " if m[0].startswith("](") else "", text)):
        for sentence in _SENTENCE_END.split(part):
            if sentence.strip():
                yield sentence.strip()


@lru_cache(maxsize=20_000)
def syllables(word: str) -> int:
    """A syllable count good enough for a reading-ease score (vowel groups, silent e)."""
    word = word.lower().strip("'’")
    count = len(_VOWELS.findall(word))
    if word.endswith("e") and not word.endswith(("le", "ee")) and count > 1:
        count -= 1
    return max(1, count)


def reading_ease(text_parts: list[str]) -> tuple[float, int]:
    """(Flesch reading ease, words) of some texts taken together."""
    n_sentences = n_words = n_syllables = 0
    for text in text_parts:
        for sentence in sentences(text):
            words = _WORD.findall(sentence)
            if words:
                n_sentences += 1
                n_words += len(words)
                n_syllables += sum(syllables(w) for w in words)
    if not n_words:
        return 100.0, 0
    score = 206.835 - 1.015 * (n_words / n_sentences) - 84.6 * (n_syllables / n_words)
    return score, n_words


@issue_rule
def long_sentences(subject: Subject) -> Iterator[Hit]:
    """E401 sentences over the word limit."""
    limit = subject.settings.sentence_words
    for loc, text in subject.texts:
        if not is_prose(loc) or text.count(" ") < limit:
            continue
        for sentence in sentences(text):
            count = len(_WORD.findall(sentence))
            if count > limit:
                start = " ".join(sentence.split()[:5])
                yield Hit(
                    "E401",
                    loc,
                    f"this sentence has {count} words (the limit is {limit}): split it. "
                    f"It starts {start + ' …'!r}.",
                    " ".join(sentence.split()[:3]),
                )


@issue_rule
def hard_blocks(subject: Subject) -> Iterator[Hit]:
    """E402 blocks whose reading ease is under the board's threshold."""
    threshold = subject.settings.reading_ease
    texts = [(loc, text) for loc, text in subject.texts if is_prose(loc)]
    for where, _block in blocks(subject.data):
        inside = [text for loc, text in texts if loc[: len(where)] == where]
        score, words = reading_ease(inside)
        if words >= MIN_BLOCK_WORDS and score < threshold:
            yield Hit(
                "E402",
                where,
                f"{subject.field_name(where)} is hard to read: its reading ease is {score:.0f} "
                f"(Flesch; checks.reading_ease is {threshold:g}). Shorter sentences and "
                "everyday words raise it.",
            )


_ABBREVIATION = re.compile(r"\b[A-Z][A-Za-z&]{1,7}\b")


def _abbreviation(word: str) -> str | None:
    """'SCRs' -> 'SCR', 'DfE' -> 'DfE'; None for a word that is not an abbreviation."""
    stem = word[:-1] if word.endswith("s") and len(word) > 2 else word
    capitals = sum(1 for c in stem if c.isupper())
    return stem if capitals >= 2 and capitals * 2 >= len(stem) else None


@issue_rule
def abbreviations(subject: Subject) -> Iterator[Hit]:
    """E403 an abbreviation used before the place where it is spelled out."""
    uses: dict[str, tuple[int, Loc, str]] = {}  # first plain use: (text index, loc, word)
    defined: set[str] = set()
    for index, (loc, text) in enumerate(subject.texts):
        if not is_prose(loc) or not any(c.isupper() for c in text[1:]):
            continue
        for match in _ABBREVIATION.finditer(text):
            short = _abbreviation(match[0])
            if short is None:
                continue
            before, after = text[: match.start()].rstrip(), text[match.end() :].lstrip()
            if before.endswith("(") or after.startswith("("):  # "Words (ABC)" or "ABC (words)"
                if short in uses and short not in defined:
                    first_index, first_loc, word = uses[short]
                    yield Hit(
                        "E403",
                        first_loc,
                        f"{word!r} is used here before it is spelled out (in "
                        f"{subject.field_name(loc)}). Spell it out at its first use instead.",
                        word,
                    )
                defined.add(short)
            elif short not in defined:
                uses.setdefault(short, (index, loc, match[0]))
