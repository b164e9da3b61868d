"""`scrnews check`: the rules an issue must pass before it is published.

codes.py         every rule's code, usual severity and summary
forms.py         what a key path means, in the block form and the older form
core.py          Subject (what a rule sees), Hit (what it finds), Finding (what is shown)
privacy.py       P1xx  identifiers, contact details and names next to family words
placeholders.py  T2xx  TODO, lorem ipsum, [insert ...], example.org
links.py         L3xx  malformed, http: for https:, one text two places, 'click here'
online.py        L3xx  dead and redirected links (--online only)
plain.py         E4xx  long sentences, reading ease, abbreviations
completeness.py  C5xx  studies without links, empty blocks, numbers and dates in order
suppress.py      S0xx  `# scrnews: ignore CODE: reason` comments
run.py           check_files(): read, run the rules, keep what is not switched off
report.py        text, JSON and GitHub annotation output
"""

from __future__ import annotations

from .codes import CODES, ERROR, WARNING

__all__ = ["CODES", "ERROR", "WARNING", "check_files"]


def __getattr__(name: str):
    # settings.py imports checks.config; the rules load only when something is checked.
    if name == "check_files":
        from .run import check_files

        return check_files
    raise AttributeError(name)
