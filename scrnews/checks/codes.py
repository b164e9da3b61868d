"""Every rule `scrnews check` knows: its code, its usual severity and what it looks for.

The table is the one place a code is defined: the rules, the settings (`checks.ignore`),
the line comments that switch a rule off and the README all name codes from here.
"""

from __future__ import annotations

from typing import NamedTuple

ERROR = "error"
WARNING = "warning"


class Code(NamedTuple):
    family: str
    severity: str
    summary: str


CODES: dict[str, Code] = {
    # Privacy: text that could identify a child or a family.
    "P101": Code("privacy", ERROR, "an NHS number (ten digits with a valid check digit)"),
    "P102": Code("privacy", ERROR, "a National Insurance number"),
    "P103": Code("privacy", ERROR, "a date of birth"),
    "P104": Code("privacy", ERROR, "a full UK postcode outside contacts"),
    "P105": Code("privacy", ERROR, "a phone number outside contacts"),
    "P106": Code("privacy", ERROR, "an email address outside contacts"),
    "P107": Code("privacy", ERROR, "a person's name next to a word such as child, mother, victim"),
    # Placeholders: text that was meant to be replaced (an error once the issue is published).
    "T201": Code("placeholders", ERROR, "TODO, TBC, TBA or XXX"),
    "T202": Code("placeholders", ERROR, "lorem ipsum"),
    "T203": Code("placeholders", ERROR, "[insert ...]"),
    "T204": Code("placeholders", ERROR, "a link to example.org, example.com or example.net"),
    # Links.
    "L301": Code("links", ERROR, "a malformed link"),
    "L302": Code("links", WARNING, "an http: link to a site that serves https:"),
    "L303": Code("links", WARNING, "one link text leading to two places"),
    "L304": Code("links", WARNING, "'click here', 'here' or 'read more' as link text (WCAG 2.4.4)"),
    "L305": Code("links", ERROR, "a dead link (--online)"),
    "L306": Code("links", WARNING, "a redirected link (--online)"),
    # Plain English.
    "E401": Code("plain English", WARNING, "a sentence over the word limit (30 by default)"),
    "E402": Code("plain English", WARNING, "a block whose reading ease is under the threshold"),
    "E403": Code("plain English", WARNING, "an abbreviation used before it is spelled out"),
    # Completeness.
    "C501": Code("completeness", WARNING, "a study without a link"),
    "C502": Code("completeness", WARNING, "an empty block"),
    "C503": Code("completeness", WARNING, "an issue number out of sequence"),
    "C504": Code("completeness", WARNING, "an issue date out of sequence"),
    # Suppressions.
    "S001": Code("suppression", ERROR, "a `scrnews: ignore` comment without a reason"),
    "S002": Code("suppression", WARNING, "a `scrnews: ignore` comment naming an unknown code"),
}
