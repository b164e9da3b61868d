"""The `checks:` part of scrnews.yaml: rules switched off, and the limits the rules use."""

from __future__ import annotations

from pydantic import Field, field_validator

from ..blocks.base import Model
from .codes import CODES


class CheckSettings(Model):
    """How `scrnews check` judges this board's issues."""

    ignore: list[str] = Field(default=[], examples=[["E402", "C504"]])
    """Rule codes switched off for every issue, such as [E402]."""
    sentence_words: int = Field(default=30, ge=5, examples=[30])
    """The most words a sentence may have before E401 warns."""
    reading_ease: float = Field(default=30, ge=0, le=100, examples=[30])
    """The lowest Flesch reading ease a block of 100 words or more may have before E402 warns."""
    allowed_domains: list[str] = Field(default=[], examples=[["bradford.gov.uk"]])
    """Email domains that may appear outside contacts (the board's own always may)."""

    @field_validator("ignore")
    @classmethod
    def _known_codes(cls, codes: list[str]) -> list[str]:
        unknown = [code for code in codes if code.upper() not in CODES]
        if unknown:
            raise ValueError(
                f"{', '.join(map(repr, unknown))} is not a rule code. `scrnews check --rules` "
                "lists them, such as E401"
            )
        return [code.upper() for code in codes]
