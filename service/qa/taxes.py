"""Taxes besides income tax that a question names and the reports do not discuss, read from the reports' text.

A report's tax section speaks of some taxes only: income and withholding taxes, perhaps "Japanese inheritance and
gift taxes", "any stamp, registration or similar tax imposed by Japan". A question about another tax ("U.S. estate
tax", "VAT on the purchase"), or about one of those taxes levied by another country ("federal gift tax" where the
report names only the Japanese one), is not answered by the sentences on the taxes it does discuss, however close
their words. Pure: texts in, a verdict out; nothing here knows a particular report.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from service.qa.readers.residence import country_matches

# Taxes other than on income, each a kind of its own: the question's words for them, lower-cased.
_KINDS = (
    r"estate|gift|inheritance|succession|death|wealth|net\s+worth|property|sales|consumption|value[- ]added|vat|"
    r"payroll|social\s+security|stamp|registration|transfer|excise|capital\s+acquisitions?"
)
# A kind named as a tax in a question: "estate tax", "gift and inheritance taxes", "stamp duty", "death duties".
_ASKED = re.compile(
    rf"\b({_KINDS})(?:\s*(?:,|and|or|&|/)\s*(?:{_KINDS}))*\s+(?:tax(?:es|ation)?|dut(?:y|ies)|levy)\b", re.I
)
_KIND = re.compile(rf"\b({_KINDS})\b", re.I)
_KIND_IN_LOWER = re.compile(rf"\b({_KINDS})\b")  # the same on lower-cased text: a case-blind search costs 4x
# A kind named near a tax in a report's sentence, before it ("inheritance and gift taxes", "stamp, registration or
# similar tax") or after it ("any tax payable in connection with the transfer").
_NEAR_TAX = 6
_WORD = re.compile(r"[a-z][a-z.-]*")
# The two countries the reports' sections speak of, by the words that name them (others are read by the residence
# reader's country table).
# "US" is the country only in capitals ("tell us" is not), or right before the tax ("us estate tax").
_COUNTRIES: Mapping[str, re.Pattern[str]] = {
    "us": re.compile(
        r"\b(?:U\.S\.?(?:A\.?)?|US|USA|(?i:u\.s\.|united\s+states|america|american|federal|irs))(?![\w])"
    ),
    "japan": re.compile(r"\bjapan(?:ese)?\b", re.I),
}
_US_RIGHT_BEFORE = re.compile(r"\bu\.?s\.?\s*$", re.I)


def _kind(word: str) -> str:
    """A kind as one key: "value added" and "value-added", "VAT" and "Vat"."""
    return re.sub(r"[\s-]+", " ", word.lower())


def _countries(text: str) -> frozenset[str]:
    """The countries ``text`` names: the two the reports' sections speak of, and any other by its name or
    adjective ("UK", "German")."""
    named = {name for name, pattern in _COUNTRIES.items() if pattern.search(text)}
    named |= {"us" if country == "United States" else country for country, _, _ in country_matches(text)}
    return frozenset(named)


_AFTER = re.compile(r"\s+(?:in|of|by|from)\s+(?:the\s+)?((?:[\w.]+\s*){1,2})")


def _qualifiers(question: str, asked: re.Match[str]) -> str:
    """The words that tie the tax asked to a country: up to three right before it ("US federal estate tax", "the
    United States estate tax") and a place right after it ("estate tax in the US"); not a country the asker lives
    in, named elsewhere in the question."""
    before = " ".join(re.split(r"[.?!;:]", question[: asked.start()])[-1].split()[-3:])
    after = _AFTER.match(question, asked.end())
    return f"{before} {asked.group(0)} {after.group(1) if after else ''}"


@dataclass(frozen=True)
class TaxesNamed:
    """For each kind of tax the reports name, the countries their sentences tie it to (empty: none said)."""

    kinds: Mapping[str, frozenset[str]]

    @classmethod
    def read(cls, sentences: Iterable[str]) -> TaxesNamed:
        kinds: dict[str, frozenset[str]] = {}
        for sentence in sentences:
            lower = sentence.lower()
            if "tax" not in lower or not _KIND_IN_LOWER.search(lower):
                continue  # most sentences name no tax, or no kind of one: the word scan below is for the rest
            words = _WORD.findall(lower)
            taxes = [i for i, w in enumerate(words) if w.startswith("tax")]
            if not taxes:
                continue
            countries: frozenset[str] | None = None  # read once per sentence, when a kind is near a tax
            for match in _KIND_IN_LOWER.finditer(lower):
                at = len(_WORD.findall(lower[: match.start()]))
                if any(abs(at - t) <= _NEAR_TAX for t in taxes):
                    key = _kind(match.group(1))
                    countries = _countries(sentence) if countries is None else countries
                    kinds[key] = kinds.get(key, frozenset()) | countries
        return cls(kinds)

    def not_discussed(self, question: str) -> str | None:
        """The tax the question names that the reports do not discuss, or None: a kind they never name as a tax,
        or one named for some countries only where the question ties it to another ("U.S. gift tax", "UK
        inheritance tax" where the reports name the Japanese ones)."""
        lower = question.lower()
        if "tax" not in lower and "dut" not in lower and "lev" not in lower:
            return None
        for asked in _ASKED.finditer(question):
            asked_of = _countries(_qualifiers(question, asked))
            if _US_RIGHT_BEFORE.search(question[: asked.start()]):
                asked_of |= {"us"}
            for kind in _KIND.findall(asked.group(0)):
                named = self.kinds.get(_kind(kind))
                if named is None:
                    return asked.group(0)
                if named and asked_of and not asked_of & named:
                    return asked.group(0)
        return None
