"""actions: an action tracker with Red, Amber and Green status."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, field_validator

from ..fields import IssueDate, Markdown
from .base import Block, Model

if TYPE_CHECKING:
    from ..plaintext import PlainText

RagStatus = Literal["red", "amber", "green", "complete"]


class Action(Model):
    """One action from a review's action plan."""

    action: Markdown = Field(examples=["Audit of pre-birth assessments"])
    """What is to be done."""
    owner: str | None = Field(default=None, examples=["Health"])
    """The agency or person responsible."""
    due: IssueDate | None = Field(default=None, examples=["2012-06"])
    """When it is due, as 2012-06 or 2012-06-30."""
    status: RagStatus | None = Field(default=None, examples=["amber"])
    """red, amber, green or complete."""
    note: Markdown | None = Field(default=None, examples=["Audit of 50 records found 46 complete."])
    """Progress or evidence of impact."""

    @field_validator("status", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value


class Actions(Block):
    """How the board tracks the actions from its reviews: a table with Red/Amber/Green status."""

    type: Literal["actions"]
    intro: Markdown | None = Field(
        default=None, examples=["The sub-group agrees a status for each action."]
    )
    """Text before the actions: how monitoring works."""
    caption: str | None = Field(default=None, examples=["Actions from our reviews"])
    """The table's caption (the heading labels the table when there is none)."""
    actions: list[Action] = Field(
        default=[],
        examples=[[{"action": "Audit of referrals", "owner": "Health", "status": "amber"}]],
    )
    """The actions, with their status."""
    after: Markdown | None = Field(default=None, examples=["We report progress each quarter."])
    """Text after the actions."""

    def context(self, view: Any, issue: Any, labels: dict[str, str]) -> dict[str, Any]:
        from ..stats import rag_counts

        return {"rag_counts": rag_counts(self.actions)}

    def plain_text(self, out: PlainText, view: Any) -> None:
        words = out.labels
        out.markdown(self.intro)
        if self.actions:
            counts = view.extra["rag_counts"]
            if counts:
                from ..labels import count

                shares = ", ".join(f"{n} {words['rag_' + status]}" for status, n in counts)
                language = words.get("language", "en-GB")
                out.para(f"{count(len(self.actions), 'action', language)}: {shares}")
            out.para(self.caption)
            for action in self.actions:
                with out.listing():
                    out.markdown_item(action.action)
                    if action.note:
                        out.para(out.inline(action.note), 2)
                    facts = [
                        (words["owner"], action.owner),
                        (words["due"], out.date(action.due) if action.due else None),
                        (words["status"], words[action.status] if action.status else None),
                    ]
                    out.lines([f"{label}: {value}" for label, value in facts if value], 2)
        out.markdown(self.after)
