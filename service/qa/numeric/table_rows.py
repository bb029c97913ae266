"""The rows and columns of the report's dividend rate table that a question names (pure patterns, no calculator):
shared by the routes, which send a question naming a row to the table, and the writer, which answers it."""

from __future__ import annotations

import re

from service.qa.numeric.cues import RATE_WORDS

# A row of the report's dividend table named in a question, and the column it belongs to (None: the one the
# question names). "10% or more" is the Prior Treaty's corporate row, "10% to 50%" and "more than 50%" the Treaty's.
TABLE_ROWS: tuple[tuple[re.Pattern[str], str, str | None], ...] = (
    (
        re.compile(r"(?:more\s+than|over|above|>)\s*50\s*%", re.I),
        "More than 50% of the voting shares",
        "TREATY_2003",
    ),
    (
        re.compile(r"10\s*%?\s*(?:to|-|–|through|and)\s*50\s*(?:%|percent\b|per\s*cent\b)", re.I),
        "10% to 50% of the voting shares",
        "TREATY_2003",
    ),
    (
        re.compile(
            r"10\s*%\s*(?:or\s+(?:more|above|higher|greater)|\+|and\s+(?:up|over|above)\b)|at\s+least\s+10\s*%",
            re.I,
        ),
        "10% or more of the voting shares",
        "PRIOR_TREATY_1971",
    ),
    # the Treaty's pension-fund exemption, a line of its text the table leaves out
    (re.compile(r"\bpension", re.I), "Pension fund (text only, not in table)", "TREATY_2003"),
    # a row named by its rate: "the 0% row", "the zero-rate band" is the Treaty's over-50% row
    (
        re.compile(r"\b(?:0\s*%|zero)[\s-]*(?:rate\s+|%\s+)?(?:row|band|line|tier|bracket)\b", re.I),
        "More than 50% of the voting shares",
        "TREATY_2003",
    ),
    (
        re.compile(
            r"\bothers\b|\bother\s+(?:rows?|bands?|lines?|categor(?:y|ies)|(?:share)?holders?|investors?)\b|\bportfolio\b|\b(?:everyone|everybody|anyone|anybody)\s+else\b|\bthe\s+rest\b|"
            r"\bsmall(?:er)?\s+(?:share)?holders?\b|"
            r"(?:under|below|less\s+than|<)\s*(?:10|ten)\s*(?:%|percent\b|per\s*cent\b)",
            re.I,
        ),
        "Others",
        None,
    ),
)
# Words for the table itself: a question naming them asks about the table.
TABLE = re.compile(r"\bta(?:ble|bel)s?\b|\brows?\b|\bcolumn?s?\b|\bbands?\b|\bbrackets?\b|\btiers?\b")
TREATIES_COMPARED = re.compile(
    r"\b(?:prior|old|older|previous|former|1971)\b[^.?!]{0,40}\b(?:vs\.?|versus|compared\s+(?:to|with)|against|and)\s+"
    r"(?:the\s+)?(?:new|newer|current|2003|revised)\b"
)
# a rate asked, or the table asked for whole ("every row", "the entire table", "lay it out"): its rates
RATES_OR_WHOLE_TABLE = re.compile(
    RATE_WORDS.pattern
    + r"|\b(?:every|all|each)\s+(?:of\s+)?(?:the\s+)?(?:rows?|bands?|columns?|entries|lines)\b|"
    r"\b(?:whole|entire|full|complete)\s+(?:[\w-]+\s+){0,3}?table\b|\blay\s+(?:\w+\s+)?out\b",
    re.I,
)
# No treaty said ("if there is no treaty", "without any tax treaty"); the other treaty countries the report lists.
NO_TREATY = re.compile(
    r"\bno\s+(?:\w+\s+){0,2}?treaty\b|\bwithout\s+(?:a\s+|any\s+)?(?:\w+\s+)?treaty\b", re.I
)
OTHER_TREATY_COUNTRIES = re.compile(
    r"\bother\s+(?:\w+\s+){0,2}?(?:countries|country|nations?|jurisdictions?|states)\b|\bcountries\s+(?:the|it)\b",
    re.I,
)


COLUMN_NAMES = {"TREATY_2003": "the Treaty", "PRIOR_TREATY_1971": "the Prior Treaty"}
# "for both the Prior Treaty and the Treaty", "both columns": the two columns named together
# The columns a question names: the old (1971) treaty, the new (2003) one, or both ("old vs new").
_PRIOR_COLUMN = re.compile(r"\b(?:prior|old|older|previous|former|original|earlier|1971)\b", re.I)
_TREATY_COLUMN = re.compile(
    # "versus", "compared" name the Treaty only when it follows ("old vs the treaty"), not a row ("vs the rest")
    r"\b(?:new|newer|current|revised|present|2003|2004|both)\b|"
    r"\b(?:versus|vs\.?|compared\s+(?:to|with)|comparison\s+(?:to|with)|against)\s+(?:the\s+|this\s+)?(?:treaty|convention)\b|"
    r"\b(?:and|&)\s+(?:the\s+)?treaty\b",
    re.I,
)


def table_columns(question: str) -> tuple[str, ...]:
    """The columns of the dividend table a question asks about: the Prior Treaty's when only the old treaty is
    named, both when both are (or the two are compared) or when no treaty is named at all, else the Treaty's."""
    prior, treaty = bool(_PRIOR_COLUMN.search(question)), bool(_TREATY_COLUMN.search(question))
    if (prior and treaty) or not (prior or re.search(r"\btreaty\b", question, re.I)):
        return ("TREATY_2003", "PRIOR_TREATY_1971")
    return ("PRIOR_TREATY_1971",) if prior else ("TREATY_2003",)


def table_rows_named(question: str) -> list[tuple[str, str]]:
    """The (column, row) pairs of the dividend table a question names, in table order; a row both columns have
    ("Others") is taken from each column asked. Empty when no row is named."""
    columns = table_columns(question)
    named: list[tuple[str, str]] = []
    for pattern, row, column in TABLE_ROWS:
        if pattern.search(question):
            named += [(c, row) for c in ((column,) if column else columns)]
    return named


def rows_named(question: str) -> int:
    """How many rows of the dividend table a question names, whichever columns."""
    return len({row for _, row in table_rows_named(question)})
