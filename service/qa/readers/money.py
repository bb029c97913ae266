"""Yen and dollar amounts, and the role each plays in the question (gross, withheld, basis, gain, …)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from service.qa.readers.features import Needs, features
from service.qa.readers.numbers import NUM, SUFFIX, WORD_NUMBER, overlaps, scaled, word_number
from service.qa.readers.per_share import PER_SHARE_AFTER

Currency = Literal["JPY", "USD"]


@dataclass(frozen=True)
class Money:
    """A money amount stated in the text."""

    currency: Currency
    value: Decimal
    start: int
    end: int


_YEN_PRE = r"(?:¥|￥|\bjpy|\byen)\s*"
_YEN_POST = r"\s*(?:yen\b|jpy\b|¥)"
_USD_PRE = r"(?:us\s*\$|\$|\busd|\bus\s*dollars?)\s*"
_USD_POST = r"\s*(?:us\s+dollars?\b|dollars?\b|usd\b|bucks\b)"
_YEN_NAMED_FIRST = (
    r"\b(?:yen|jpy)(?:\s+(?:that\s+)?(?:i|we|they)\b)?(?:\s+(?:actually\s+)?(?:received|got|converted|changed|"
    r"exchanged|swapped|netted|amount|dividend|proceeds|total|paid(?:\s+(?:to\s+)?(?:me|us))?))+"
    r"\s*(?:(?:was|were|is|of|=|:|,)\s*)?(?:about\s+|around\s+)?"
)

_MONEY_PATTERNS: tuple[tuple[Currency, re.Pattern[str]], ...] = (
    ("JPY", re.compile(_YEN_PRE + r"(?P<num>" + NUM + r")" + SUFFIX, re.I)),
    ("USD", re.compile(_USD_PRE + r"(?P<num>" + NUM + r")" + SUFFIX, re.I)),
    ("JPY", re.compile(r"(?<![\w.,$¥])(?P<num>" + NUM + r")" + SUFFIX + _YEN_POST, re.I)),
    # the currency named first, then what the yen were: "yen received 1,750,000", "the yen I converted: 800k"
    ("JPY", re.compile(_YEN_NAMED_FIRST + r"(?P<num>" + NUM + r")" + SUFFIX + r"(?!\s*(?:%|percent))", re.I)),
    ("USD", re.compile(r"(?<![\w.,$¥])(?P<num>" + NUM + r")" + SUFFIX + _USD_POST, re.I)),
)

_YEN_WORDS = ("¥", "￥", "jpy", "yen")
_DOLLAR_WORDS = ("$", "usd", "dollar", "bucks")
# What every match of each of _MONEY_PATTERNS holds, in the same order: a digit and the currency's sign or word
_MONEY_NEEDS: tuple[Needs, ...] = (
    Needs((_YEN_WORDS,)),
    Needs((_DOLLAR_WORDS,)),
    Needs((_YEN_WORDS,)),
    Needs((_YEN_WORDS,)),
    Needs((_DOLLAR_WORDS,)),
)

# An amount in words: "three thousand dollars", "five hundred dollars", "two million yen".
# "two thousand five hundred": a second, smaller part may follow the first
_WORDS = (
    r"(?<![\w-])(?P<word>" + WORD_NUMBER + r")\s+(?P<mult>hundred|thousand|million|billion)"
    r"(?:\s+(?:and\s+)?(?P<word2>" + WORD_NUMBER + r")\s+(?P<mult2>hundred|thousand))?"
)
_WORD_AMOUNT = re.compile(_WORDS + r"\s+(?P<unit>(?:us\s+)?dollars?|usd|bucks|yen|jpy)\b", re.I)
_WORD_MULT = {"hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9}
# every amount in words holds one of these (no digit needed); one with its unit holds a currency word too
_WORD_AMOUNT_NEEDS = Needs((tuple(_WORD_MULT),), digit=False)
_WORD_UNIT_NEEDS = Needs((tuple(_WORD_MULT), _YEN_WORDS + _DOLLAR_WORDS), digit=False)
# The same without a unit ("E&P only supports twelve hundred", "basis is five thousand"): money in the one
# currency the message states, when it states only one
_BARE_WORD_AMOUNT = re.compile(
    _WORDS
    + r"\b(?!\s+(?:and\s+)?(?:"
    + WORD_NUMBER
    + r"|hundred|thousand|million|billion|shares?|ads|adss|adrs?|"
    r"days?|months?|years?|percent|units?)\b)",
    re.I,
)


def _words_value(m: re.Match[str]) -> Decimal | None:
    """The value of an amount in words ("two thousand five hundred" → 2500); ``None`` for none or "a"/"an"."""
    value = word_number(m.group("word"))
    if value is None or value == 0 or m.group("word").lower() in {"a", "an"}:
        return None
    total = value * _WORD_MULT[m.group("mult").lower()]
    if m.group("word2"):
        part = word_number(m.group("word2"))
        mult2 = _WORD_MULT[m.group("mult2").lower()]
        if part is None or mult2 >= _WORD_MULT[m.group("mult").lower()]:
            return None
        total += part * mult2
    return total


def _word_amounts(text: str, taken: list[tuple[int, int]]) -> list[Money]:
    if not _WORD_UNIT_NEEDS.met(features(text)):
        return []
    found = []
    for m in _WORD_AMOUNT.finditer(text):
        value = _words_value(m)
        if value is None or overlaps(m.span(), taken):
            continue
        currency: Currency = "JPY" if m.group("unit").lower() in {"yen", "jpy"} else "USD"
        found.append(Money(currency, value, m.start(), m.end()))
        taken.append(m.span())
    return found


# A bare amount in words is money only when a money word governs it ("supports twelve hundred", "basis is five
# thousand", "worth two thousand"); right after a count verb it counts shares ("sold five hundred of them")
_BARE_MONEY_BEFORE = re.compile(
    r"\b(?:supports?|supported|basis|e\s*&\s*p|earnings|worth|distributions?|dividends?|paid|pays?|costs?|"
    r"covers?|covered|proceeds|price|income|gain|loss|amount|value|tax|withholding|of\s+which|for)\b"
    r"[^.;:?!\d]{0,20}$",
    re.I,
)
# … or a money word after it ("nine thousand was withheld", "four hundred in dividends")
_BARE_MONEY_AFTER = re.compile(
    r"\s+(?:(?:was|were|is|got|been|of\s+it)\s+){0,2}(?:withheld|deducted|taken|"
    r"in\s+(?:dividends?|distributions?|tax|gains?|income|proceeds))\b",
    re.I,
)
_COUNT_VERB_BEFORE = re.compile(
    r"\b(?:bought|buy|buying|sold|sell|selling|hold|holds|held|holding|own|owns|owned|owning|have|had)\s+"
    r"(?:(?:about|another|some|roughly|around|over|nearly|almost)\s+)?$",
    re.I,
)


def _bare_word_amounts(text: str, taken: list[tuple[int, int]], currencies: set[Currency]) -> list[Money]:
    """Amounts in words without a unit, in the message's only currency ("twelve hundred" beside "$3,000")."""
    if len(currencies) != 1 or not _WORD_AMOUNT_NEEDS.met(features(text)):
        return []
    (currency,) = currencies
    found = []
    for m in _BARE_WORD_AMOUNT.finditer(text):
        value = _words_value(m)
        if value is None or overlaps(m.span(), taken):
            continue
        before = text[max(0, m.start() - 40) : m.start()]
        if _COUNT_VERB_BEFORE.search(before):
            continue
        if not (_BARE_MONEY_BEFORE.search(before) or _BARE_MONEY_AFTER.match(text, m.end())):
            continue
        found.append(Money(currency, value, m.start(), m.end()))
        taken.append(m.span())
    return found


def parse_money(text: str, masked: list[tuple[int, int]] | None = None) -> list[Money]:
    """All yen and dollar amounts, in text order ("¥1.2M", "JPY 500k", "3,000 dollars", "USD 3k", "three
    thousand dollars")."""
    taken: list[tuple[int, int]] = list(masked or [])
    found: list[Money] = _word_amounts(text, taken)
    held = features(text)
    for (currency, pattern), needs in zip(_MONEY_PATTERNS, _MONEY_NEEDS, strict=True):
        if not needs.met(held):
            continue
        for m in pattern.finditer(text):
            span = m.span()
            if overlaps(span, taken):
                continue
            value = scaled(m)
            if value is None:
                continue
            taken.append(span)
            found.append(Money(currency, value, span[0], span[1]))
    found += _bare_word_amounts(text, taken, {money.currency for money in found})
    if not any(money.currency == "JPY" for money in found):
        found += _labelled_dollars(text, taken)
    return sorted(found, key=lambda money: money.start)


# A figure right after the name of a dollar quantity of the distribution split or of a sale ("e&p 7,250.25",
# "basis: 4,000", "distribution 9,800", "proceeds 9k", "sold for 12,000", "bought them for 8,000"): both are figured in dollars (the gain is
# the amount realized less the basis), so with no yen stated the figure is dollars.
_DOLLAR_LABEL = re.compile(
    r"(?:\b(?:e\s*&\s*p|e\s+and\s+p|earnings\s+(?:and|&)\s+profits?|(?:tax\s+|cost\s+|adjusted\s+)?basis|"
    r"(?:sale\s+|gross\s+|net\s+)?proceeds|sold\s+(?:(?:it|them|the\s+(?:shares|adss)|everything|all)\s+)?for|"
    r"sale\s+price|amount\s+realized|purchase\s+price|"
    r"(?:bought|purchased|acquired)\s+(?:(?:it|them|the\s+(?:shares|adss)|the\s+lot)\s+)?for|cost\s+(?:me|us)|"
    r"(?<!excess\s)(?:distribution|dist|distrib)\b)\s*(?:(?:is|was|of|=|:|only|just|about|around)\s*){0,2})"
    r"(?P<num>"
    + NUM
    + r")"
    + SUFFIX
    + r"(?!\.?\d|\s*(?:%|percent|yen|jpy|shares?|ads|years?|months?|weeks?|days?))",
    re.I,
)


def _labelled_dollars(text: str, taken: list[tuple[int, int]]) -> list[Money]:
    found = []
    for m in _DOLLAR_LABEL.finditer(text):
        span = (m.start("num"), m.end())
        value = scaled(m)
        if value is None or overlaps(span, taken):
            continue
        found.append(Money("USD", value, *span))
        taken.append(span)
    return found


# "¥150,000 was in fact withheld", "¥30k in tax really got deducted": an adverb may stand before the verb
_ADVERB = r"(?:(?:actually|really|in\s+fact|in\s+the\s+end|then|already|eventually|ultimately)\s+)?"
WITHHELD_AFTER = re.compile(
    r"^\s*(?:(?:of|in)\s+)?(?:japanese\s+|japan\s+)?(?:(?:income\s+|withholding\s+)?tax\s+)?"
    + _ADVERB
    + r"(?:was|were|is|got|has\s+been|had\s+been|been)?\s*"
    + _ADVERB
    + r"(?:withheld|deducted|taken)\b",
    re.I,
)
# "Japan actually withheld ¥X", "the actual withholding was ¥X", "withholding came to ¥X", "tax withheld: ¥X"
WITHHELD_BEFORE = re.compile(
    # "they withheld 20% (¥200,000)": the rate may come first, the amount in brackets or after a comma
    r"(?<!before\s)(?<!pre-)(?<!net\sof\s)(?:withheld|deducted|took|taken\s+out|withholding\s+of)\s*"
    r"(?:\d+(?:\.\d+)?\s*%\s*(?:\(|,|=|or|i\.e\.)?\s*)?(?:was\s+|were\s+|:\s*|=\s*)?$|"
    r"(?<!before\s)(?<!pre-)(?<!net\sof\s)\b(?:actual\s+)?withholding(?:\s+tax)?\s+(?:was|came\s+to|amounted\s+to|"
    r"totall?ed|of)\s*$",
    re.I,
)
_BASIS_BEFORE = re.compile(
    r"(?:bought|purchased|paid|cost|basis|acquired|buy|purchase\s+price|picked\s+(?:(?:it|them)\s+)?up)\b"
    r"[^.;$¥]{0,45}$",
    re.I,
)
_BASIS_AFTER = re.compile(r"^\s*(?:tax\s+|cost\s+|adjusted\s+)?basis\b", re.I)  # "with a $5,000 basis"
_REALIZED_BEFORE = re.compile(
    r"(?:sold|sell|proceeds|realized|realised|sale\s+price|dumped|unloaded|offloaded|liquidated|exited|"
    r"got\s+rid\s+of|cashed\s+out)\b[^.;$¥]{0,45}$",
    re.I,
)
_GAIN_AFTER = re.compile(
    r"^\s*(?:capital\s+|long[- ]term\s+|short[- ]term\s+)?(?P<kind>gain|profit|loss)\b", re.I
)
_GAIN_BEFORE = re.compile(
    # "gain of $900", and the noun alone before the amount: "gain $4,000", "loss: ¥50,000"
    r"\b(?P<kind>gain|profit|loss)\s*(?:(?:of|was|is|=|:|came\s+to|amounts?\s+to)\s*)?(?:about\s+)?$",
    re.I,
)
# "made $750 on the sale", "sold in May and lost $200": a profit or loss stated by its verb.
_PROFIT_VERB_BEFORE = re.compile(
    r"\b(?P<verb>made|make|earned|profited|gained|lost|lose|losing)\s+(?:a\s+|an\s+)?"
    r"(?:(?:net\s+)?(?:profit|gain|loss)\s+of\s+)?(?:about\s+|around\s+|roughly\s+|nearly\s+|almost\s+)?$",
    re.I,
)
_SALE_CONTEXT_AFTER = re.compile(
    r"^\s*(?:\w+\s+){0,2}?(?:on|from|by|in|when|after|selling|with)\s+(?:the\s+|my\s+|our\s+|this\s+|that\s+)?"
    r"(?:sale|sales|selling|sold|dispos\w*|trade|deal|shares|adss?|adrs?|stock|iij|position)\b",
    re.I,
)
_SALE_WORD = re.compile(
    r"\bsold\b|\bsell\w*|\bsale\b|\bdispos\w*|\bdumped\b|\bunloaded\b|\boffloaded\b", re.I
)
# E&P named before the amount, with no other amount's cue between ("E&P, and my basis is $3,000" is the basis)
_EP_BEFORE = re.compile(
    r"(?:e\s*&\s*p|e\s+and\s+p|earnings\s+(?:and|&)\s+profits?)\b"
    r"(?:(?!basis|distribut|paid|pays|cost|bought|sold)[^.;$¥]){0,25}$",
    re.I,
)
_EP_AFTER = re.compile(
    r"^\s*(?:of\s+(?:it\s+|that\s+|this\s+)?)?(?:(?:is|are|was|were|comes?|came)\s+)?(?:(?:covered|backed|funded)\s+by|out\s+of|from)?\s*"
    r"(?:the\s+|iij's\s+|its\s+)?(?:(?:current|accumulated)\s*(?:(?:and|or|&|\+|/)\s*accumulated\s*)?)?"
    r"(?:e\s*&\s*p|e\s+and\s+p|earnings\s+(?:and|&)\s+profits?)\b",
    re.I,
)
_DISTRIBUTION_AFTER = re.compile(
    r"^\s*(?:cash\s+)?distribution\b|^\s*(?:was\s+|were\s+)?(?:paid|distributed)\s+(?:out\s+)?to\s+(?:me|us)\b",
    re.I,
)
# "a distribution of $3,000", "IIJ paid me $2,500", "distributes $10,000 to me": what the holder received
_DISTRIBUTION_BEFORE = re.compile(
    r"(?<!excess\s)\b(?:distribution|dist|distrib)\s*(?:(?:of|was|is|=|:)\s*)?$|\b(?:paid|pays|distribut\w*|gave)\s+(?:me|us)\s*$|"
    r"\bdistribut(?:es|ed|ing)\s*$",
    re.I,
)
# "no earnings and profits at all", "zero E&P": earnings and profits stated as nil
NO_EARNINGS = re.compile(
    r"\b(?:no|zero|nil|without(?:\s+any)?)\s+(?:current\s+or\s+accumulated\s+|current\s+and\s+accumulated\s+)?"
    r"(?:e\s*&\s*p|e\s+and\s+p|earnings\s+(?:and|&)\s+profits?)\b|"
    # "E&P nil", "earnings and profits: zero"
    r"(?:\be\s*&\s*p|\be\s+and\s+p|\bearnings\s+(?:and|&)\s+profits?)\s*(?:(?:is|was|are|were|of|=|:)\s*)*"
    r"(?:nil|zero|none|nothing|\$?0(?![\d.,]*\d))(?![\w.])",
    re.I,
)

# "zero cost basis", "no tax basis", "a nil basis", "a basis of none", "my basis is zero", "basis: $0": a basis stated
# as nil ("no basis for the claim" is no basis at all)
NO_BASIS = re.compile(
    r"\b(?:zero|no|nil|null|a\s+nil|a\s+zero|\$0)\s+(?:tax\s+|cost\s+|adjusted\s+)?basis\b(?!\s+(?:for|to|in\s+the\s+report|records?|info\w*|data|documents?|details?|paperwork)\b)|"
    r"\bbasis\s*(?:(?:is|was|of|at|=|:|equals?|would\s+be)\s*)*(?:zero|nil|nothing|none|0(?![\d.,]*\d))\b|"
    r"\bbasis\s+(?:is|was)\s+(?:(?:basically|effectively|essentially|literally)\s+)?(?:zero|nil|nothing)\b|"
    # "I paid nothing for the shares", "they cost me nothing", "acquired at zero cost"
    # (not nothing paid in tax or to a broker: "paid nothing in US tax", "paid nothing extra to the broker")
    r"\bpaid\s+nothing\s+for\b|\bcost\s+(?:me\s+|us\s+|him\s+|her\s+|them\s+)?nothing\b|\b(?:at|for)\s+(?:zero|no)\s+cost\b",
    re.I,
)


# What the seller took in, said as receiving it: "basis $6,000, got $4,200", "received $9,000 for them",
# "walked away with $3,100"; in a message about a sale, and not named a dividend
_GOT_BEFORE = re.compile(
    r"\b(?:got|get|gets|getting|received?|receiving|fetched|netted|collected|took\s+in|walked\s+away\s+with|"
    r"came\s+away\s+with|ended\s+up\s+with)\s+(?:back\s+)?(?:only\s+|just\s+|about\s+|around\s+)?$",
    re.I,
)
_NAMED_DIVIDEND_AFTER = re.compile(r"^\s*(?:\w+\s+){0,2}?(?:dividends?|distributions?|div)\b", re.I)


def _got_on_a_sale(text: str, item: Money, before: str, after: str) -> bool:
    return bool(
        _GOT_BEFORE.search(before) and _SALE_WORD.search(text) and not _NAMED_DIVIDEND_AFTER.match(after)
    )


def _nearest_cue(before: str, cue: re.Pattern[str], rival: re.Pattern[str]) -> bool:
    """Whether ``cue`` names the amount that follows ``before`` and no later ``rival`` cue does."""
    own = [start for start in range(len(before)) if cue.match(before, start)]
    if not own:
        return False
    rivals = [start for start in range(len(before)) if rival.match(before, start)]
    return not rivals or max(own) > max(rivals)


AmountRole = Literal[
    "gain_usd",
    "earnings_and_profits_usd",
    "distribution_usd",
    "dividend_per_share_jpy",
    "actually_withheld_jpy",
    "amount_realized_jpy",
    "gross_dividend_jpy",
    "basis_usd",
    "amount_realized_usd",
    "usd_amounts",
]


@dataclass(frozen=True)
class Amount:
    """An amount with the role its words give it; ``value`` is signed for a gain (a loss is negative)."""

    role: AmountRole
    value: Decimal
    money: Money


def _amount_role(text: str, item: Money) -> tuple[AmountRole, Decimal]:
    before = text[max(0, item.start - 60) : item.start]
    after = text[item.end : item.end + 30]
    if item.currency == "USD":
        gain = _GAIN_AFTER.search(after) or _GAIN_BEFORE.search(before)
        if gain is not None:
            return "gain_usd", (-1 if gain.group("kind").lower() == "loss" else 1) * item.value
        verb = _PROFIT_VERB_BEFORE.search(before)
        if verb is not None and (_SALE_CONTEXT_AFTER.search(after) or _SALE_WORD.search(before)):
            return "gain_usd", (-1 if verb.group("verb").lower().startswith("los") else 1) * item.value
        if _EP_AFTER.search(text[item.end : item.end + 60]) or (
            _EP_BEFORE.search(before) and not NO_EARNINGS.search(before)
        ):
            return "earnings_and_profits_usd", item.value
        if _DISTRIBUTION_AFTER.search(after) or _DISTRIBUTION_BEFORE.search(before):
            return "distribution_usd", item.value
        if _BASIS_AFTER.match(after) or _nearest_cue(before, _BASIS_BEFORE, _REALIZED_BEFORE):
            return "basis_usd", item.value
        if _REALIZED_BEFORE.search(before) or _got_on_a_sale(text, item, before, after):
            return "amount_realized_usd", item.value
        return "usd_amounts", item.value
    if PER_SHARE_AFTER.search(after):
        return "dividend_per_share_jpy", item.value
    if WITHHELD_AFTER.search(after) or WITHHELD_BEFORE.search(before):
        return "actually_withheld_jpy", item.value
    if _REALIZED_BEFORE.search(before):
        return "amount_realized_jpy", item.value
    return "gross_dividend_jpy", item.value


def amount_roles(text: str, money: list[Money]) -> list[Amount]:
    """Each amount with the role the words beside it give: a gain or loss, E&P, a distribution, a basis, the
    amount realized; in yen a dividend per share, tax withheld, sale proceeds, else the gross dividend."""
    return [Amount(*_amount_role(text, item), item) for item in money]


# A dividend stated net of the Japanese tax ("¥300,000 net", "a net dividend of ¥900k", "received ¥540,000 after 10%
# withholding"), not the gross amount the tax is figured on; "what do I net?" names no amount
_NET_BEFORE = re.compile(
    r"\bnet\s+(?:(?:cash\s+)?dividends?\s+|amount\s+|payment\s+|divi\w*\s+)?(?:of\s+)?$", re.I
)
_NET_AFTER = re.compile(
    r"^\s*(?:net\b(?!\s+(?:of\s+)?(?:income|gain|loss|proceeds))|(?:(?:cash\s+)?dividends?\s+)?(?P<how>after|net\s+of)\s+"
    r"(?:(?:the|a|an)\s+)?(?:\d+(?:\.\d+)?\s*%\s+)?(?:japanese\s+|japan\s+)?(?:withholding|tax|w/h|wht))",
    re.I,
)
# "after the tax" says an amount is net only when the message says the amount came in that way ("I received
# ¥X after …"); "what is ¥X after the tax" asks what is left of a gross ¥X
_RECEIVED_BEFORE = re.compile(
    r"\b(?:received?|receiving|got|get|getting|was\s+paid|were\s+paid|paid|credited|deposited|netted|"
    r"took\s+home|came\s+to|left\s+with)\b[^.;?!$¥]{0,30}$",
    re.I,
)


def stated_net(text: str, item: Money) -> bool:
    """Whether a yen dividend is said to be what was left after the Japanese tax."""
    before = text[max(0, item.start - 40) : item.start]
    if _NET_BEFORE.search(before):
        return True
    after = _NET_AFTER.match(text[item.end : item.end + 60])
    if after is None:
        return False
    return (after.group("how") or "").lower() != "after" or bool(_RECEIVED_BEFORE.search(before))
