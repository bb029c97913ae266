"""Year-end values of a mark-to-market question: basis, each year end's value, a sale price."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from service.qa.readers.numbers import parse_numbers

# Which year end a value belongs to: "the second year end", "year 2", "1st".
_ORDINAL_WORDS = {
    "first": 1, "1st": 1, "one": 1, "1": 1,
    "second": 2, "2nd": 2, "two": 2, "2": 2,
    "third": 3, "3rd": 3, "three": 3, "3": 3,
    "fourth": 4, "4th": 4, "four": 4, "4": 4,
    "fifth": 5, "5th": 5, "five": 5, "5": 5,
}  # fmt: skip
_ORDINAL_NAMES = r"first|second|third|fourth|fifth"
_ORDINAL_WORD = r"(?:" + _ORDINAL_NAMES + r"|1st|2nd|3rd|4th|5th)"
_YEAR_NO = r"(?:\d|one|two|three|four|five)"
# Labels of a year end: "year 2", "the second year end", "end of 2003". Their digits are not amounts.
_MTM_LABEL = re.compile(
    r"\byear[\s-]+(?P<n>" + _YEAR_NO + r")\b|\b(?P<o>" + _ORDINAL_WORD + r")\b|"
    r"(?:\b(?:in|for|of|during|fy|year|end\s+of|at|by)\s+|\b(?:end|ye|fy)-|^|(?<=[(\s]))(?P<y>(?:19|20)\d{2})(?!\d|[-/.,]\d)",
    re.I,
)
_MTM_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("inclusions", re.compile(r"\binclu\w*\b|\bincluded\b", re.I)),
    (
        "basis",
        re.compile(
            r"\bbasis\b|\bcost\b|\bpaid\b|\bbought\b|\bpurchas\w*|\bacqui\w*|\binvested\b|\bbuy\w*", re.I
        ),
    ),
    ("sale", re.compile(r"\bsold\b|\bsell\w*|\bsale\b|\bproceeds\b|\bdispos\w*", re.I)),
    (
        "value",
        re.compile(
            r"\bvalue[sd]?\b|\bworth\b|\bfmvs?\b|\bfair\s+market\b|\byear[- ]?ends?\b|\bend\s+of\b|\bmarks?\b|"
            r"\bclos\w*\b|\btrad\w*\s+at\b|\bquoted\b|\bwent\s+(?:back\s+)?(?:up|down)\b|\brose\b|\bfell\b",
            re.I,
        ),
    ),
)
# Words that say a later year's value only when no other word names the amount ("then $110", but "then sold the
# next year for $9,750" is a sale price).
_WEAK_VALUE = re.compile(r"\bthen\b|\blater\b|\bnext\b", re.I)
# The calendar year a value is said of, anywhere in its clause ("in 2007 the value went back up to $12,500").
_YEAR_SAID = re.compile(
    r"\b(?:in|for|during|by|(?:at\s+)?(?:the\s+)?end\s+of)\s+(?:fy\s*)?(?P<y>(?:19|20)\d{2})\b", re.I
)
_CUE_AFTER = re.compile(
    r"^\s*(?:(?P<basis>basis|cost)|(?P<value>(?:fair\s+market\s+)?value|fmv|year[- ]?end|at\s+(?:the\s+)?"
    r"(?:(?:" + _ORDINAL_NAMES + r")\s+)?(?:year[- ]?end|end\s+of)))\b",
    re.I,
)
_ORDINAL_AFTER = re.compile(
    r"^\s*(?:(?:at|by|for|in|as\s+of|on)\s+(?:the\s+)?(?:end\s+of\s+(?:the\s+)?)?|"
    r"\(\s*(?:(?:at|in|for|end\s+of|end|fy|ye)[\s-]*)?)"  # "$130 (2004)", "$130 (end 2004)"
    r"(?:(?P<o>" + _ORDINAL_WORD + r")|year\s+(?P<n>" + _YEAR_NO + r")\b|(?P<y>(?:19|20)\d{2})\b)",
    re.I,
)
_ORDINAL_BEFORE = re.compile(
    r"(?:(?P<o>" + _ORDINAL_WORD + r")\s+(?:year(?:[- ]?end)?|year[- ]?end)|year\s+(?P<n>" + _YEAR_NO + r")|"
    r"(?P<y>(?:19|20)\d{2}))\s*(?:year[- ]?end\s*)?(?:value\s*|fmv\s*|mark\s*)?(?:[:=\-–]|was|is|of|worth|at)?\s*[$]?\s*$",
    re.I,
)


# an amount named by the words after it as earlier inclusions, or as a result asked about ("the 2k loss")
_INCLUSIONS_AFTER = re.compile(
    r"^\s*(?:of\s+)?(?:net\s+)?(?:(?:previously|prior|earlier)\s+)?(?:included|inclusions?|unreversed)\b",
    re.I,
)
_RESULT_AFTER = re.compile(r"^\s*(?:loss|gain|deduction|write[- ]?down)\b", re.I)
# "an ordinary loss of $800?", "deduct the $800": a result asked about, named before the amount
_RESULT_BEFORE = re.compile(
    r"\b(?:loss|gain|deduction|write[- ]?down)\s+of\s*[$]?\s*$|\bdeduct\s+(?:the\s+)?[$]?\s*$", re.I
)
_NEXT_YEAR = re.compile(
    # "the first year after the election" names the first year end, not one after those known
    r"\b(?:(?<!first\s)(?<!1st\s)(?:the\s+)?year\s+after|(?:the\s+)?(?:next|following|subsequent)\s+year|a\s+year\s+later|"
    r"one\s+year\s+later)\b",
    re.I,
)


MTM_TOPIC = re.compile(
    r"mark(?:ed)?[- ]to[- ]market|\bmtm\b|year[- ]?end\s+(?:fair\s+market\s+)?values?|fair\s+market\s+values?|"
    # a year's value said in a follow-up: "and if in 2007 the value went back up to $12,500?"
    r"\bvalue\s+(?:went|goes|rose|rises|fell|falls|dropped|drops|climbed|climbs|recovered|recovers|came|comes|"
    r"declined|declines|sank|sinks|slid|slides)\b",
    re.I,
)


# "no MTM election", "without a mark-to-market election", "I did not make the MTM election": the election is not made
MTM_DECLINED = re.compile(
    r"\b(?:no|without(?:\s+an?)?|never\s+(?:made|elected)\s+(?:an?|the)|did(?:n'?t|\s+not)\s+(?:make|elect)\s+"
    r"(?:an?|the)|not\s+(?:made|making|elected|electing)\s+(?:an?|the)?)\s*(?:mark(?:ed)?[- ]to[- ]market|mtm)\b",
    re.I,
)


@dataclass(frozen=True)
class MarkToMarket:
    """The figures of a mark-to-market question: year-end values as (year or position, value), in year order.

    ``years_are_calendar`` says the positions are calendar years the user named; ``unclear`` that some amount
    could not be told apart (basis, year-end value, sale price), so none may be guessed.
    """

    basis: Decimal | None
    values: list[tuple[int, Decimal]]
    sale: Decimal | None
    prior_inclusions: Decimal | None
    years_are_calendar: bool
    unclear: bool
    next_year: bool = False  # one value said of "the year after": the year end after the last one known

    def fill_from(self, older: MarkToMarket) -> MarkToMarket:
        """A later message's figures, with what it leaves out taken from an earlier one."""
        if self.next_year and older.values and not self.unclear and self.basis is None:
            # "and the following year it is worth $40,000?": one more year end after those already given
            last, _ = older.values[-1]
            return replace(
                older, values=[*older.values, (last + 1, self.values[0][1])], sale=self.sale or older.sale
            )
        keep_values = not self.values and not self.unclear
        values = older.values if keep_values else self.values
        if self.values and self.years_are_calendar and older.years_are_calendar and not self.unclear:
            # "and if in 2007 the value went back up?": one more year end after those already given
            values = sorted({**dict(older.values), **dict(self.values)}.items())
        return replace(
            self,
            basis=self.basis if self.basis is not None else older.basis,
            values=values,
            years_are_calendar=older.years_are_calendar if keep_values else self.years_are_calendar,
            sale=self.sale if self.sale is not None else older.sale,
            prior_inclusions=self.prior_inclusions
            if self.prior_inclusions is not None
            else older.prior_inclusions,
        )


def _position(m: re.Match[str]) -> tuple[str, int] | None:
    if m.group("y"):
        return ("year", int(m.group("y")))
    raw = (m.group("o") or m.group("n") or "").lower()
    return ("ordinal", _ORDINAL_WORDS[raw]) if raw in _ORDINAL_WORDS else None


def parse_mark_to_market(
    text: str, skip: list[tuple[int, int]] | None = None, unlabelled: str | None = None
) -> MarkToMarket:
    """Basis, each year-end value and a sale price ("basis $300, worth $340 at the first year end and $310 at the
    second", "year-end values 130, 110, 80"); every amount is read by the words beside it. ``unlabelled`` is the
    kind of an amount no word names (a reply to "what were the year-end values?")."""
    # the election's own name is no cue: "mark to market: 100, 130" does not say which amount is which
    text = re.sub(r"mark(?:ed)?[- ]to[- ]market", lambda m: " " * len(m.group(0)), text, flags=re.I)
    labels = [m.span() for m in _MTM_LABEL.finditer(text)]
    numbers = [
        n
        for n in parse_numbers(text, (skip or []) + labels)
        if not n.is_pct and not re.match(r"\s*(?:shares?|adss?|adrs?|days?|months?)\b", text[n.end :], re.I)
    ]
    basis = sale = inclusions = None
    values: list[tuple[tuple[str, int] | None, Decimal]] = []
    unclear = False
    previous: str | None = None
    previous_end = 0
    for i, number in enumerate(numbers):
        clause_start = max(text.rfind(c, 0, number.start) for c in ".;?!")
        window = text[max(previous_end, clause_start + 1, number.start - 50) : number.start]
        following = text[number.end : numbers[i + 1].start if i + 1 < len(numbers) else len(text)]
        if previous is not None and text.find(window, max(0, number.start - 50)) == previous_end:
            # "from a $9,000 basis to $8,200": the word right after the previous amount labels that amount
            label = _CUE_AFTER.match(window)
            window = window[label.end() :] if label is not None else window
        kind: str | None = None
        best = -1
        for name, cue in _MTM_CUES:
            for m in cue.finditer(window):
                if m.end() > best:
                    best, kind = m.end(), name
        if kind is None and _WEAK_VALUE.search(window):
            kind = "value"
        if kind is None and re.search(r"\byear\s+" + _YEAR_NO + r"\b", window, re.I):
            kind = "value"  # "year 2: 900" names a year end, unless a word such as "sold" says otherwise
        if kind is None and _INCLUSIONS_AFTER.match(following):
            kind = "inclusions"  # "$1,500 of previously included income not yet reversed"
        if kind is None and (_RESULT_AFTER.match(following) or _RESULT_BEFORE.search(window)):
            previous_end = number.end
            continue  # "the 2k loss": a result the question asks about, not a figure of the case
        after = _CUE_AFTER.match(following)
        if after is not None and after.group("basis") and kind != "inclusions":
            kind = "basis"  # "fell from an $8,000 basis": the word right after the amount names it
        elif kind is None and after is not None:
            kind = "basis" if after.group("basis") else "value"  # "$300 basis", "$340 at the first year end"
        # "$130 (2004), $110" and "2004 $13,000, 2005 $11,000": the years are labels, the list goes on
        bare_window = re.sub(
            r"\([^()]{0,20}\)|\b(?:fy\s*)?(?:19|20)\d{2}\b\s*[:=\-–]?", " ", window, flags=re.I
        )
        if (
            kind is None
            and previous is not None
            and re.fullmatch(r"[\s,;/$]*(?:and|&|then)?[\s$]*", bare_window)
        ):
            kind = previous  # "130, 110, 80": a list continues the kind of its first amount
        kind = kind or unlabelled
        if kind is None:
            unclear = True
            continue
        if kind == "value":
            ordinal = _ORDINAL_AFTER.match(following) or _ORDINAL_BEFORE.search(window)
            said = None if ordinal else list(_YEAR_SAID.finditer(text[clause_start + 1 : number.start]))
            if said and len(said) == 1:
                ordinal = said[0]
            values.append((_position(ordinal) if ordinal else None, number.value))
        elif kind == "basis" and basis is None:
            basis = number.value
        elif kind == "sale" and sale is None:
            sale = number.value
        elif kind == "inclusions" and inclusions is None:
            inclusions = number.value
        else:
            unclear = True  # a second basis or sale price: which one is meant is not clear
        previous, previous_end = kind, number.end
    ordered, calendar_years, clash = _order_values(values)
    next_year = len(values) == 1 and values[0][0] is None and _NEXT_YEAR.search(text) is not None
    return MarkToMarket(basis, ordered, sale, inclusions, calendar_years, unclear or clash, next_year)


def _order_values(
    values: list[tuple[tuple[str, int] | None, Decimal]],
) -> tuple[list[tuple[int, Decimal]], bool, bool]:
    """Year-end values by the position or year each names; unnamed ones follow the one before them."""
    kinds = {position[0] for position, _ in values if position is not None}
    if len(kinds) > 1:
        return [], False, True
    calendar = kinds == {"year"}
    placed: dict[int, Decimal] = {}
    last: int | None = None
    for position, value in values:
        slot = (
            position[1]
            if position is not None
            else (last + 1 if last is not None else (None if calendar else 1))
        )
        if slot is None or slot in placed:
            return [], calendar, True
        placed[slot] = value
        last = slot
    return sorted(placed.items()), calendar, False
