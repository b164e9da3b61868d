"""The signature that ends a foreword ("Jane Smith, Independent Chair"), read as a signatory."""

from __future__ import annotations

import re

_TITLES = {
    "dr",
    "dr.",
    "professor",
    "prof",
    "prof.",
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "cllr",
    "councillor",
    "sir",
    "dame",
    "lord",
    "lady",
    "baroness",
    "rev",
    "revd",
}
_PARTICLES = {"de", "van", "von", "der", "le", "la", "du", "da", "di", "bin", "al"}
_ROLE_WORDS = re.compile(
    r"\b(chair|chairman|chairperson|chairwoman|director|manager|head|lead|officer|scrutineer|"
    r"commissioner|chief|executive|coordinator|co-ordinator|designated|nurse|doctor|"
    r"superintendent|inspector|principal|leader|secretary|member|independent|partner|"
    r"advisor|adviser|consultant|business)\b",
    re.I,
)
_NAME_WORD = re.compile(r"^(?:[A-Z][\w'’-]*\.?|[A-Z]\.)$")


def looks_like_name(text: str) -> bool:
    """Two to five capitalised words (titles, initials and particles allowed), no role word."""
    words = text.split()
    if not 2 <= len(words) <= 5 or _ROLE_WORDS.search(text):
        return False
    names = [w for w in words if w.lower() not in _TITLES and w.lower() not in _PARTICLES]
    return len(names) >= 1 and all(_NAME_WORD.match(w) for w in names)


def signatory(lines: list[str]) -> dict[str, str] | None:
    """A signatory read from the last lines of a section, or None when they are not one.

    "Jane Smith, Independent Chair" and "Jane Smith" / "Independent Chair" / "Northshire
    Safeguarding Children Partnership" both give name, role and organisation.
    """
    lines = [" ".join(line.split()) for line in lines if line.strip()]
    if not 1 <= len(lines) <= 3 or any(len(line.split()) > 14 for line in lines):
        return None
    pieces = [part.strip() for part in lines[0].split(",") if part.strip()] + lines[1:]
    pieces = [piece.rstrip(".") for piece in pieces]
    if len(pieces) < 2 or not looks_like_name(pieces[0]) or not _ROLE_WORDS.search(pieces[1]):
        return None
    found = {"name": pieces[0], "role": pieces[1]}
    if len(pieces) > 2:
        found["organisation"] = ", ".join(pieces[2:])
    return found
