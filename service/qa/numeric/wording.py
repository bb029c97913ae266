"""Number formats, citation markers and small phrasing helpers shared by the answer writers."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any


def fmt_yen(value: Any) -> str:
    """``1000000`` → ``¥1,000,000``."""
    return f"¥{int(value):,}"


def fmt_usd(value: Any) -> str:
    """``"1363.64"`` → ``$1,363.64``."""
    amount = Decimal(str(value))
    sign = "−" if amount < 0 else ""
    return f"{sign}${abs(amount):,.2f}"


def fmt_rate(value: Any) -> str:
    """A fraction (``"0.10"``) → ``10%``."""
    pct = (Decimal(str(value)) * 100).normalize()
    return f"{pct:f}%"


def fmt_pct_units(value: Any) -> str:
    """Percent units (``30``) → ``30%``."""
    return f"{Decimal(str(value)).normalize():f}%"


def plain(value: Decimal) -> str:
    return f"{value.normalize():f}"


class Cites:
    """Hands out citation markers in order of first use."""

    def __init__(self) -> None:
        self.ids: list[str] = []

    def __call__(self, *rule_ids: str) -> str:
        marks = []
        for rule_id in rule_ids:
            if rule_id not in self.ids:
                self.ids.append(rule_id)
            marks.append(f"[{self.ids.index(rule_id) + 1}]")
        return " " + "".join(marks) if marks else ""


def join_words(items: Sequence[str]) -> str:
    """ "2001", "2001 and 2002", "2001, 2002 and 2003"."""
    return " and ".join([", ".join(items[:-1]), items[-1]]) if len(items) > 1 else "".join(items)


def years_text(values: Iterable[Any]) -> str:
    """Years (or any values) joined as text: ``[2001, 2002]`` → "2001 and 2002"."""
    return join_words([str(v) for v in values])


def article(noun: str) -> str:
    return "an" if noun[:1].lower() in "aeiou" else "a"


def who_phrase(inputs: Mapping[str, Any], facts: Mapping[str, Any]) -> str:
    residence = facts.get("residence")
    place = "US" if residence == "United States" else residence
    holder = {
        "individual": "individual",
        "corporation": "corporation",
        "pension_fund": "pension fund",
        "other": "holder",
    }.get(str(inputs.get("holder_type")), "holder")
    if place == "US":
        who = f"a US {holder}"
    elif place:
        who = f"{article(holder)} {holder} resident in {place}"
    else:
        who = f"{article(holder)} {holder}"
    if "voting_pct" in inputs and inputs.get("holder_type") == "corporation":
        who += f" owning {fmt_pct_units(inputs['voting_pct'])} of the voting shares"
    return who


def first_asked(question: str, cues: Iterable[tuple[str, re.Pattern[str]]]) -> str | None:
    """Which of several figures a question asks for first: the name of the (name, cue) pair whose cue occurs
    earliest in its wording."""
    found = [(match.start(), name) for name, cue in cues if (match := cue.search(question))]
    return min(found)[1] if found else None


def json_number(value: Decimal) -> int | str:
    return int(value) if value == value.to_integral_value() else plain(value)


def yen_input(value: Any) -> int | str:
    return json_number(Decimal(str(value)))


def in_words(iso: str) -> str:
    """An ISO date written as the report writes dates, the ISO form kept beside it:
    "November 30, 2004 (2004-11-30)"; anything else unchanged."""
    try:
        day = date.fromisoformat(str(iso))
    except ValueError:
        return str(iso)
    return f"{day.strftime('%B')} {day.day}, {day.year} ({day.isoformat()})"
