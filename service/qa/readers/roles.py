"""What each date in a question is: payment, record, ex-dividend, bought, sold, since, fiscal year end."""

from __future__ import annotations

import re
from typing import Literal

from service.qa.readers.dates import DateMention

DateRole = Literal[
    "payment", "entitlement", "ex_dividend", "acquisition", "disposition", "since", "fiscal_year_end"
]

_ROLE_CUES: tuple[tuple[DateRole, re.Pattern[str]], ...] = (
    (
        "ex_dividend",
        re.compile(r"\bex[- ]?(?:dividend|div|date)\b|\bexdividend\b|\bgoes\s+ex\b|\bex\s+on\b", re.I),
    ),
    ("entitlement", re.compile(r"\brecord\s+date\b|\bof\s+record\b|\bentitle\w*|\brecord\b", re.I)),
    (
        "fiscal_year_end",
        re.compile(r"\bfiscal\s+year\s+(?:end|ending|ends|ended)\b|\bfye\b|\byear[- ]end\b", re.I),
    ),
    (
        "payment",
        re.compile(
            r"\bpaid\b|\bpay(?:s|ing|able|ment|out)?\b|\bdistribut\w*|\breceiv\w*|(?<!ex-)(?<!ex\s)(?<!ex)\bdividend\s+(?:on|date)\b|\bpayout\b",
            re.I,
        ),
    ),
    (
        "acquisition",
        re.compile(
            r"\bbought\b|\bbuy(?:ing|s)?\b|\bpurchas\w*|\bacqui\w*|\bheld\s+from\b|\bfrom(?=\s*$)|\bopened\b|"
            r"\b(?:held|owned|holding)(?:\s+(?:it|them|the\s+shares|shares|the\s+adss|adss))?(?:\s+(?:from|between|since))?(?=\s*$)|"
            r"\bbetween(?=\s*$)",
            re.I,
        ),
    ),
    (
        "disposition",
        re.compile(
            r"\bsold\b|\bsell(?:ing|s)?\b|\bsale\b|\bdispos\w*|\b(?:dumped|unloaded|offloaded|liquidated|exited)\b|\bgot\s+rid\s+of\b|\bcashed\s+out\b|\b(?:until|till|through|thru|to)(?=\s*$)|\bevent\b",
            re.I,
        ),
    ),
    # "since 2003", and the day a stake crossed a threshold ("our stake passed 50% on", "went above half on",
    # "became the majority holder on"): the holding at that level runs since that date
    (
        "since",
        re.compile(
            r"\bsince\b|\bstarting\b|\bbeginning\b|"
            r"\b(?:crossed|passed|exceeded|topped|surpassed|breached|(?:went|rose|climbed|moved|got|jumped)\s+"
            r"(?:above|over|past|beyond|to)|reached|hit)\s+(?:the\s+)?(?:\d+(?:\.\d+)?\s*(?:%|percent\b|per\s*cent\b)|"
            r"half|(?:a\s+)?majority|(?:the\s+)?50\s*%\s+(?:mark|threshold|line|level))|"
            r"\bbec(?:a|o)me\s+(?:the\s+|a\s+)?majority\s+(?:holder|owner|shareholder)\b",
            re.I,
        ),
    ),
)


def assign_date_roles(text: str, mentions: list[DateMention]) -> list[tuple[DateRole | None, DateMention]]:
    """Give each date the role its nearest preceding cue word names ("paid", "bought", "ex-dividend", …)."""
    out: list[tuple[DateRole | None, DateMention]] = []
    previous_end = 0
    for mention in mentions:
        window_start = max(previous_end, mention.start - 60)
        window = text[window_start : mention.start]
        lead = re.match(r"since\b", text[mention.start : mention.end], re.I)
        if lead:  # "since 2001": the cue is part of the year mention
            window += " " + lead.group(0)
        best: tuple[int, DateRole] | None = None
        for role, pattern in _ROLE_CUES:
            for cue in pattern.finditer(window):
                if role == "disposition" and cue.group(0).lower() == "to" and not out:
                    continue  # "to" is a range end only after a start date
                if best is None or cue.end() > best[0]:
                    best = (cue.end(), role)
        named = _NAMED_AFTER.match(text, mention.end)
        if named is not None:  # "the 2004-09-30 entitlement date": the noun after the date names it
            out.append((_NOUN_ROLES[named.group("noun").lower()[:3]], mention))
        else:
            out.append((best[1] if best else None, mention))
        previous_end = mention.end
    return out


# A date followed at once by the name of the date it is ("the 2004-09-30 record date", "a 2005-03-29 ex-date"),
# not by the name of another date that has its own ("paid 2004-10-01 record date 2004-09-30").
_NAMED_AFTER = re.compile(
    r"\s+(?P<noun>entitlement|record|ex[- ]?dividend|ex[- ]?div|ex|payment|pay)[- ]date\b"
    r"(?!\s*(?:of|was|is|:|=|-)?\s*(?:\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))",
    re.I,
)
_NOUN_ROLES: dict[str, DateRole] = {
    "ent": "entitlement",
    "rec": "entitlement",
    "ex-": "ex_dividend",
    "ex ": "ex_dividend",
    "exd": "ex_dividend",
    "ex": "ex_dividend",
    "pay": "payment",
}
