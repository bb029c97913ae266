"""The answerability judge's verdict: the passages answer the question, or why they do not (a reason code)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Reason(StrEnum):
    """Why an answer composed from the retrieved passages is withheld ("the report does not say")."""

    # the request: what no report text answers, told from the question alone
    LIVE_DATA = "live data"  # today's rate, the share price
    ADVICE = "advice"  # "should I buy?"
    NO_CHOICE = "no election or choice in the answer"  # "can I elect to …?" answered without one
    OWN_TAX_POSITION = "the asker's own tax position"  # "in the 25% bracket", "given my other income"
    AFTER_REPORTS = (
        "a year after the reports"  # "under the 2019 protocol": later than any year the reports state
    )
    OTHER_COMPANY = "another company or security"  # "Acme's dividends" where no report names Acme
    OTHER_TAX = (
        "a tax the reports do not discuss"  # "U.S. estate tax" where a report names Japanese taxes only
    )
    # the evidence: too little of it
    NO_PASSAGES = "no passages"  # nothing found, nothing to search for, no sentence worth quoting
    UNKNOWN_WORD = "unknown word, weak evidence"  # a word no report has, and no passage close enough
    DISTANT = "passages far from the question"  # dense similarity below the threshold
    THIN = "quotes cover too little of the question"  # coverage of the subject below the threshold
    # the quotes: about something else, or not the kind of answer asked for
    OFF_SUBJECT = "answer off the subject"
    FOREIGN_CONCEPT = "concept not in the reports"
    NO_TIME_LIMIT = "no time limit in the answer"
    NO_DATE = "no date in the answer"
    NO_AMOUNT = "no amount in the answer"  # "how much …?" answered by quotes that give no figure
    NOT_SPELLED_OUT = "named but not spelled out"
    LEFT_OUT = "the report leaves out"  # the detail names whom


@dataclass(frozen=True)
class Verdict:
    """Whether the passages answer the question; when not, the reason and (for some reasons) what it concerns."""

    reason: Reason | None = None
    detail: str = ""

    @property
    def answers(self) -> bool:
        return self.reason is None

    def __str__(self) -> str:
        if self.reason is None:
            return "answers"
        return f"{self.reason.value}: {self.detail}" if self.detail else self.reason.value


ANSWERS = Verdict()
