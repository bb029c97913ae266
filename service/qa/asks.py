"""What kind of answer a question asks for, and whether a quoted passage is that kind of answer. Pure.

* A question after a point in time ("when was it signed?", "what date …?") is answered by a date; one after a
  deadline ("when is the form due?", "by when …?") also by a time limit ("within eight months after …"). "When does
  the 5% rate apply?" asks for a condition, not a date.
* A question that asks what something is or how it is treated ("how are my gains taxed?") wants substance; one that
  asks whether the discussion covers someone ("does this apply to dealers?") is answered by what the report says
  it covers.
* A question that asks what "the certain exceptions" or "the other requirements" are, where the report only
  names them ("with certain exceptions,") without saying what they are.
* For the composer's scoring: what a question's last asking clause asks for (`asked_for`: a period, a date, a
  name, a place, an amount) and whether a sentence holds it (`holds_asked`), what "which <noun>" names
  (`named_thing`), what a "what is X" / "how is X taxed" question is about (`topic_of`, `is_about`), and whether
  it asks yes or no (`asks_yes_or_no`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.bm25 import tokenize

# A month as people type it, any case: "Jan", "Sept.", "july".
MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
# "March 25, 2004", "25 March 2004", "2004-07-01", "7/1/2004", a year, "the date hereof" (the report's own date),
# "the date on which entitlement … is determined" (a date the report defines).
_DATE = re.compile(
    rf"\b{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b|\b\d{{1,2}}\s+{MONTH}\b|\b(?:19|20)\d\d\b|"
    r"\b\d{4}-\d\d-\d\d\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b|\bthe\s+dates?\b",
    re.IGNORECASE,
)
# A time limit: "before payment", "within eight months after", "no later than", "on or after".
_TIME_LIMIT = re.compile(
    r"\b(?:before|after|within|until|till|prior\s+to|no\s+later\s+than|by\s+the\s+end\s+of)\b", re.IGNORECASE
)
# The asker wants a date: "what/which date (day, year)", "date of/for …", "when was/were/did/will …", "when's",
# "when does … end (start, expire, …)".
_WHEN_EVENT = re.compile(
    r"\b(?:what|which)\s+(?:dates?|day|year|month)\b|\bdates?\s+(?:of|for)\b|"
    r"\bwhen(?:'s|’s|\s+(?:was|were|did|will|has|had)\b)|"
    r"\bwhen\s+(?:is|are|does|do)\b[^?.!]*\b(?:due|ends?|begins?|starts?|expires?|close[sd]?|opens?|"
    r"takes?\s+effect|(?:enters?|comes?)\s+into\s+force)\b",
    re.IGNORECASE,
)
_DEADLINE = re.compile(
    r"\bdeadlines?\b|\bdue\b|\bby\s+when\b|\bwhen\s+(?:must|should|do\s+i\s+have\s+to|does\s+\w+\s+have\s+to)\b|"
    r"\bhow\s+(?:long|soon)\s+(?:do|does|have)\b",
    re.IGNORECASE,
)
# "When will the dividend be taxable?" asks under what condition, whatever the tense.
_CONDITION = re.compile(
    r"\b(?:taxable|taxed|eligible|subject\s+to|exempt|liable|entitled|required|allowed|treated|applicable|"
    r"appl(?:y|ies)|impos(?:e|ed))\b",
    re.IGNORECASE,
)
_ASKS_SUBSTANCE = re.compile(
    r"\b(?:how|what|what's|whats|which|who|whom|when|where|why)\b(?!\s+about\b)", re.IGNORECASE
)
# Asking what a thing is: "what are …", "list …", "explain …".
_ASKS_CONTENT = re.compile(
    r"^\W*(?:what|which)\b|\b(?:what|which)\s+(?:are|is|were)\b|\b(?:list|name|explain|describe|define|details?)\b",
    re.IGNORECASE,
)
# Words that mark something as named but not spelled out: "certain exceptions", "other requirements".
VAGUE = ("certain", "other", "additional", "special", "various", "some")
_VAGUE_PHRASE = re.compile(rf"\b({'|'.join(VAGUE)})\s+((?:[a-z][\w-]*\s+){{0,3}}[a-z][\w-]*)", re.IGNORECASE)
# After the vague words, a passage that goes on like this (before the line ends) says what they are: "other rules
# including: …", "certain rents … derived in the active conduct of a trade".
_SPELLS_OUT = re.compile(
    r"^[^\n]*?(?::|\bsuch\s+as\b|\binclud(?:e|es|ing)\b|\bnamely\b|\be\.g\.|\bi\.e\.|\bas\s+follows\b|"
    r"\blisted\b|\bderived\b|\bdescribed\b|\bdefined\b)",
    re.IGNORECASE,
)


def wants_date(question: str) -> bool:
    """Whether the question asks when something happened or happens (a date), not under what condition."""
    match = _WHEN_EVENT.search(question)
    if match is None:
        return False
    asks_when = match.group(0).lower().startswith("when")
    return not (asks_when and _CONDITION.search(question, match.end()))


def wants_deadline(question: str) -> bool:
    """Whether the question asks by when something must be done. Read from the parts that ask, where there are any:
    "When does the year end? I need it for a deadline." asks for a date, and says why."""
    asking = _asking_clauses(question)
    return any(_DEADLINE.search(part) for part in (asking or [question]))


def gives_date(text: str) -> bool:
    return _DATE.search(text) is not None


def gives_time_limit(text: str) -> bool:
    return gives_date(text) or _TIME_LIMIT.search(text) is not None


# "How much …?", "how many …?" ask for an amount or a count; "how many days" asks for a period (a period holds one).
_HOW_MUCH = re.compile(r"\bhow\s+(?:much|many)\b", re.IGNORECASE)
_NUMBER_WORDS = r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twice|half|double"
# An amount: a percentage, money, a number counted in some unit, or a number word. A date ("March 25, 2004"), a year
# or a number in a name ("Form 8621", "Article 266") is none.
_AMOUNT = re.compile(
    r"\d[\d,.]*\s*(?:%|percent\b)|[$¥€£]\s*\d|\b\d[\d,.]*\s*(?:yen|dollars?|cents?|shares|ADSs|times|million|"
    rf"billion|thousand|days?|weeks?|months?|years?)\b|\b(?:{_NUMBER_WORDS})\b",
    re.IGNORECASE,
)


# "What were the rates …?", "what's the threshold?": an asking clause whose object is a figure (a rate, a
# percentage, a threshold, an amount) asks for that figure as "how much" does; "how high/big/large" too.
_FIGURE_ASKED = re.compile(
    r"^\W*(?:(?:and|but|so|then)\W+)?(?:what|which)(?:'s|’s|\s+(?:is|are|was|were|would\s+be|will\s+be))\s+"
    r"(?:the\s+)?(?:(?!(?:for|of|on|in|about|behind|with|to|from)\b)[\w-]+\s+){0,5}?(?:rates?|percentages?|thresholds?|amounts?|brackets?|figures?)"
    # the figure is the clause's object, not a word that qualifies another noun ("the rate table")
    r"(?=\s*(?:$|[?,.;:!—–-]|(?:for|of|on|in|under|that|which|applicable|would|will|is|are|was|were|to|at|now|"
    r"then|today)\b))"
    r"|\bhow\s+(?:big|large|high|low)\b"
    # "what amount per share …", "which sum of money …": the figure noun right after the question word
    r"|^\W*(?:(?:and|but|so|then)\W+)?(?:what|which)\s+(?:amounts?|sums?|figures?)\b(?!\s+of\s+time\b)",
    re.IGNORECASE,
)
# "How much did it pay per share?", "what is it worth?": the figure asked is money, which a rate does not give.
_MONEY_ASKED = re.compile(
    r"\bper\s+(?:share|ads|adr)\b|\bworth\b|\bcosts?\b|\bprices?\b|\bsalar(?:y|ies)\b|\brevenues?\b|"
    r"\bprofits?\b|\bearn(?:s|ed|ings)?\b",
    re.IGNORECASE,
)
_MONEY = re.compile(
    r"[$¥€£]\s*\d|\b\d[\d,.]*\s*(?:yen|dollars?|cents?|million|billion|thousand)\b|\b(?:yen|dollars?|usd|jpy)\s*\d",
    re.IGNORECASE,
)


# "What price …?", "which fees does it charge …?": a clause that asks what a price is, or what fees or charges are
# paid or charged, asks for sums of money (a pricing method or a kind of service gives none).
_PRICE_ASKED = re.compile(
    r"^\W*(?:(?:and|but|so|then)\W+)?(?:what|which)\s+(?:[\w-]+\s+)?(?:prices?\b|"
    r"(?:fees?|charges?)\b(?=.*\b(?:charg|pa(?:y|id|ys)\b|bill)))",
    re.IGNORECASE,
)


def wants_amount(question: str) -> bool:
    """Whether the question asks how much or how many, or asks what a figure (a rate, a threshold, a price) is."""
    if _HOW_MUCH.search(question):
        return True
    return any(_FIGURE_ASKED.search(c) or _PRICE_ASKED.search(c) for c in _asking_clauses(question))


def wants_money(question: str) -> bool:
    """Whether the figure asked for is a sum of money ("how much did it pay per share?", "what fees does it
    charge?"): a rate does not give it."""
    if any(_PRICE_ASKED.search(clause) for clause in _asking_clauses(question)):
        return True
    return wants_amount(question) and _MONEY_ASKED.search(question) is not None


# The size of a limit asked for ("my credit limitation amount", "how big is the deduction cap?"): a sum, which a
# percentage named as some tax's rate ("subject to the maximum 15% tax rate") does not give.
_LIMIT_ASKED = re.compile(
    r"\b(?:limit|limitation|cap|ceiling)s?\s+(?:amount|figure|sum)s?\b|"
    r"\bhow\s+(?:big|large|high|much)\s+(?:is|are|was|were|will\s+be|would\s+be)\s+(?:the\s+|my\s+|our\s+)?"
    r"(?:[\w-]+\s+){0,4}?(?:limit|limitation|cap|ceiling)s?\b",
    re.IGNORECASE,
)
_RATE_NAMED = re.compile(r"\d[\d.]*\s*(?:%|percent\b)\s+(?:[a-z]+\s+)?rates?\b", re.IGNORECASE)


def wants_limit(question: str) -> bool:
    """Whether the question asks how big a limit is ("what is my credit limitation amount?")."""
    return _LIMIT_ASKED.search(question) is not None


def gives_limit(text: str) -> bool:
    """Whether the text gives an amount that is not a percentage named as a rate ("the maximum 15% tax rate")."""
    rates = [m.span() for m in _RATE_NAMED.finditer(text)]
    return any(
        not _in_a_title(text, m) and not any(a <= m.start() < b for a, b in rates)
        for m in _AMOUNT.finditer(text)
    )


def gives_amount(text: str) -> bool:
    return any(not _in_a_title(text, m) for m in _AMOUNT.finditer(text))


def _in_a_title(text: str, match: re.Match[str]) -> bool:
    """A number word written as part of a capitalised name inside a sentence ("the Avoidance of Double Taxation"):
    it counts nothing."""
    word = match.group(0)
    if not word[0].isupper() or not text[: match.start()].strip():
        return False
    return re.match(r"\s+[A-Z]", text[match.end() :]) is not None and word.isalpha()


def gives_money(text: str) -> bool:
    return _MONEY.search(text) is not None


# "a trader who elected …", "the year when …": after a noun said with its article, the word opens a relative
# clause that describes the noun; it asks nothing.
_RELATIVE = re.compile(
    r"\b(?:a|an|the|my|our|your|his|her|their|some|any)\s+(?:[\w'-]+\s+){0,2}[\w'-]+\s*,?\s*$", re.IGNORECASE
)


def asks_substance(question: str) -> bool:
    """Whether the question asks what, how, who … (not "does this apply to me?", "what about …?", nor "I'm a
    trader who elected …, does this apply to me?")."""
    return any(
        not (m.group(0).lower() in _RELATIVE_WORDS and _RELATIVE.search(question[: m.start()]))
        for m in _ASKS_SUBSTANCE.finditer(question)
    )


_RELATIVE_WORDS = frozenset({"who", "whom", "which", "when", "where"})


# "Under what conditions …?", "in which circumstances …?", "what exceptions …?": the things asked for are the noun.
_WHICH_THINGS = re.compile(r"\b(?:what|which)\s+([a-z]+s)\b", re.IGNORECASE)


def vague_things_asked(question: str, quotes: Sequence[str]) -> list[str]:
    """The things the question asks to have spelled out ("what are the other requirements?") that the quotes only
    name with a vague word ("… and meet other requirements."), never saying what they are.

    Asked as "under what conditions …?" (the things named, with no vague word), they count as not spelled out when
    the first quote names them only vaguely ("except in certain conditions") and no quote names them otherwise.
    """
    which = _which_things(question, quotes)
    if which:
        return which
    if not _ASKS_CONTENT.search(question):
        return []
    asked = [
        (vague.lower(), tokenize(rest)[:1])
        for vague, rest in _VAGUE_PHRASE.findall(question.replace("'", " ").replace("’", " "))
    ]
    asked = [(vague, head) for vague, head in asked if head]
    if not asked:
        return []
    named: list[str] = []
    for quote in quotes:
        for match in _VAGUE_PHRASE.finditer(quote):
            vague, rest = match.group(1).lower(), tokenize(match.group(2))
            if rest and (vague, rest[:1]) in asked and not _spelled_out(quote[match.end() :]):
                named.append(match.group(0))
    return named


# The next alternative of a list ("…, or - a pension fund …", "…; and …"): what follows is about another thing.
_NEXT_ALTERNATIVE = re.compile(r"[,;]\s*(?:or|and)\b|\s[-•]\s")


def _spelled_out(after: str) -> bool:
    """Whether the text after a vague phrase goes on to say what the things are, before its list moves on to the
    next alternative (a "derived" in the next item of the list spells out nothing of this one)."""
    return _SPELLS_OUT.search(_NEXT_ALTERNATIVE.split(after, maxsplit=1)[0]) is not None


def _which_things(question: str, quotes: Sequence[str]) -> list[str]:
    """For "under what conditions …?": the vague phrases naming the asked things, when the first quote names them
    only that way and no quote names them otherwise."""
    heads = {t for noun in _WHICH_THINGS.findall(question) for t in tokenize(noun)[:1]}
    if not heads or not quotes:
        return []
    vague: list[str] = []
    for n, quote in enumerate(quotes):
        plain = {m.start(2): m for m in _VAGUE_PHRASE.finditer(quote)}
        for word in re.finditer(r"[A-Za-z]+", quote):
            if tokenize(word.group(0))[:1] not in ([h] for h in heads):
                continue
            match = next((m for m in plain.values() if m.start(2) <= word.start() < m.end(2)), None)
            if match is None or _spelled_out(quote[match.end() :]):
                return []  # named plainly, or spelled out: the quote may say what they are
            vague.append(match.group(0))
        if n == 0 and not vague:
            return []
    return vague


# What a question's last asking clause asks for, as the composer scores sentences by it. Its dates are the
# report's own written dates ("March 25, 2004"; full month names, capitalised), not those of `_DATE` above.
_MONTH_NAME = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_WRITTEN_DATE = rf"(?:{_MONTH_NAME}\s+\d{{1,2}},?\s+\d{{4}}|{_MONTH_NAME}\s+\d{{4}}|\b(?:19|20)\d{{2}}\b)"
# An interrogative opens its clause, perhaps after a conjunction ("and who …"); "duty when I sell" asks no time.
_OPENING = r"^\W*(?:(?:and|but|so|then|ok|okay)\W+)?"


@dataclass(frozen=True)
class Focus:
    """A kind of thing a question asks for: how to tell the question asks it, and how a sentence holds it."""

    name: str
    asks: re.Pattern[str]
    holds: re.Pattern[str]
    # the share of the composer's bonus a sentence holding it earns: less where it is half the answer
    weight: float = 1.0


FOCI: tuple[Focus, ...] = (
    Focus(
        "period",
        re.compile(rf"{_OPENING}how\s+long\b|\bhow\s+many\s+(?:\w+\s+)?(?:days|weeks|months|years)\b", re.I),
        re.compile(
            r"\b(?:\d+|one|two|three|four|five|six|twelve)[\s-]+(?:days?|weeks?|months?|years?)\b|\bperiod\b",
            re.I,
        ),
    ),
    Focus(
        "date",
        re.compile(r"\b(?:what|which)\s+date\b|\bdate\s+of\b|\b(?:since|from)\s+when\b", re.I),
        re.compile(_WRITTEN_DATE),
    ),
    Focus(
        "time or condition",
        # "at what point/stage/moment …" asks "when" in other words
        re.compile(
            rf"{_OPENING}(?:when|at\s+(?:what|which)\s+(?:point|stage|moment|time))\b|\bby\s+when\b", re.I
        ),
        re.compile(  # "when": a sentence that says "X is taxable when …" states the time it is asked for
            rf"{_WRITTEN_DATE}|\b(?:before|after|until|within|prior\s+to|in\s+advance|upon|if|unless|provided|"
            r"when|once)\b",
            re.I,
        ),
    ),
    Focus(
        "reason",
        re.compile(rf"{_OPENING}why\b", re.I),
        re.compile(
            # a reason stated, or a conclusion drawn from one ("a determination made annually and thus may change")
            r"\bbecause\b|\bdue\s+to\b|\bas\s+a\s+result\s+of\b|\bowing\s+to\b|\bin\s+view\s+of\b|"
            r"\b(?:and\s+)?(?:thus|therefore|hence|consequently)\b",
            re.I,
        ),
    ),
    Focus(
        "whom a discussion covers",
        # "who does the tax section cover?", "which holders is this discussion for?": the class of owners the
        # report says its discussion is about, not a name
        re.compile(
            rf"{_OPENING}(?:who|whom|which\s+(?:holders|owners|investors|shareholders|people|persons|taxpayers))\b"
            r"[^?.!]*\b(?:cover(?:s|ed)?|address(?:es|ed)?|discuss(?:es|ed)?|appl(?:y|ies)\s+to|deals?\s+with|"
            r"(?:meant|written|intended)\s+for)\b",
            re.I,
        ),
        re.compile(
            r"\b(?:discussion|summary|summari[sz]\w*|describes)\b[^.]{0,200}?\b(?:owners?|holders?|investors?|"
            r"persons?)\b|\bapplies\s+to\s+you\s+only\b",
            re.I,
        ),
    ),
    Focus(
        "what a discussion covers",
        # "does it cover state taxes?", "is there coverage of X in the discussion?": the report's own statement of
        # what its discussion takes in or leaves to the reader's adviser
        re.compile(
            rf"{_OPENING}(?:does|do|did|will)\s+(?:it|this|the\s+(?:discussion|summary|section))\s+"
            r"(?:cover|address|discuss|deal\s+with|include|go\s+into)\b|\bcoverage\s+of\b",
            re.I,
        ),
        re.compile(
            r"\b(?:addresses|covers|discusses|deals\s+with)\s+only\b|\bnot\s+exhaustive\b|\bdoes\s+not\s+address\b|"
            r"\bconsult\s+(?:your|their)\s+own\s+tax\s+advis",
            re.I,
        ),
    ),
    Focus(
        "name",
        # "who …?", and "can someone … for me?": the one who may do it is asked for
        re.compile(
            rf"{_OPENING}(?:who|whom)\b|\b(?:can|could|may)\s+(?:someone|somebody|anyone|anybody)\b", re.I
        ),
        re.compile(  # a person ("Mr. Ito") or an organisation ("Mizuho Trust Bank", "The Bank of New York")
            r"\b(?:Mr|Mrs|Ms|Dr)\.?\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*"
            r"|\b(?:[A-Z][\w&.-]*\s+(?:(?:of|and|&|for)\s+)?)+"
            r"(?:Inc|Corp|Corporation|Company|Co|Ltd|Limited|LLC|plc|KK|Bank|Trust|Association|Commission|Service"
            r"|Agency|Authority|Board|Fund|Institute|University|Group|Holdings|Partners)\b(?:\s+(?:of\s+)?[A-Z][a-z]+)*"
            # a role named as the one who may or can do something: "A standing proxy for holders may provide …"
            r"|^\s*(?:A|An)\s+[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,2}"
            r"(?=(?:\s+(?:for|of)\s+[\w\s-]{1,40}?)?\s+(?:may|can)\s+(?!not\b))"
        ),
    ),
    Focus(
        "title",
        # "what is the form called?", "the name of the application": the sentence that gives a thing's name as
        # what it is ("The required form is the Application Form for …") holds it, not one that only uses the name
        re.compile(
            r"\bname\s+of\s+(?:the|this|that|a|an)\b|\bwhat\s+(?:is|'s|’s|are)\s+(?:the|this|that|it)\s+"
            r"(?:[\w-]+\s+){0,3}?(?:called|named|titled)\b|\bwhat\s+(?:the\s+)?(?:[\w-]+\s+){1,3}?(?:is|are)\s+called\b",
            re.I,
        ),
        re.compile(
            r"\b(?:is|are|called|named|titled|known\s+as)\s+(?:the\s+|an?\s+)?"
            r"[A-Z][\w-]*(?:\s+(?:(?:for|of|on|regarding|and|from|to)\s+)?[A-Z][\w-]*){2,}"
        ),
    ),
    Focus(
        "place",
        re.compile(rf"{_OPENING}where\b|\baddress\b", re.I),
        re.compile(  # a street address, a postcode, or a web address
            r"\b\d+\s+(?:[A-Z][a-z]+\s+)+(?:Street|St\.|Avenue|Ave\.|Road|Boulevard|Square|Place)"
            r"|\b[A-Z]{2}\s+\d{5}\b|\bwww\.[\w.-]+|\bhttps?://\S+"
        ),
    ),
    Focus(
        "what a discussion covers",
        # "does the US section cover state taxes?", "is X dealt with in this summary?": the sentence saying what the
        # discussion only addresses answers it (what it does not address is found by the question's own words)
        re.compile(
            r"\b(?:section|discussion|summary|part|chapter|report|filing|document)\b[^?.!]*\b(?:cover(?:s|ed)?|address(?:es|ed)?|"
            r"discuss(?:es|ed)?|deals?\s+with|dealt\s+with|talks?\s+about|mentions?|go(?:es)?\s+into)\b|"
            r"\b(?:covered|addressed|discussed|dealt\s+with)\s+(?:by|in)\s+(?:the|this|that)\s+[^?.!]{0,40}?"
            r"(?:section|discussion|summary|part|chapter|report|filing|document)\b",
            re.I,
        ),
        re.compile(
            r"\b(?:address(?:es)?|cover(?:s)?|discuss(?:es)?|deals?\s+with)\s+only\b|"
            r"\bonly\s+(?:address(?:es)?|cover(?:s)?|discuss(?:es)?)\b",
            re.I,
        ),
        0.5,  # what the discussion addresses; the sentences naming what was asked about say the rest
    ),
    Focus(
        "amount",
        re.compile(
            r"\bhow\s+(?:much|many)\b|\bthreshold\b|^(?:\W*[\w']+\W+){0,4}?(?:rates?|percentage|amount|limit)\b",
            re.I,
        ),
        re.compile(r"\d[\d,.]*\s*(?:%|percent\b)|[$¥€£]\s*\d|\b\d[\d,.]*\b"),
    ),
)


# "What if I don't file …?", "If I forgot to submit it, …", "I never sent the form in time.": the question supposes
# (or the asker tells) that something was not done, and is answered by the sentence that says what follows for one
# who does not do it ("… who does not submit an application in advance will be entitled to …").
_NOT_DONE = Focus(
    "what follows when it is not done",
    re.compile(
        r"\b(?:if|what\s+if|suppose|say)\b[^?.!;]*?\b(?:don'?t|do\s+not|didn'?t|did\s+not|doesn'?t|does\s+not|"
        r"never|fail(?:s|ed)?\s+to|forg[eo]t(?:ten)?\s+(?:to|about)|miss(?:es|ed)?)\b|"
        r"\b(?:i|we)\s+(?:didn'?t|did\s+not|never|failed\s+to|forgot\s+(?:to|about)|missed)\b",
        re.I,
    ),
    re.compile(
        r"\b(?:who|which|that|if|unless)\s+(?:[\w-]+\s+){0,3}?(?:does|do|did)\s+not\b|\bfails?\s+to\b|\bwithout\s+\w+ing\b",
        re.I,
    ),
)


# The helper verbs a question can open with ("Is …", "Does …", "Must …").
_HELPER_VERBS = tuple("is are was were does do did can could will would must should has have may".split())
_HELPER_VERB = "|".join(_HELPER_VERBS)
# How a clause that asks something opens: a question word or a verb (perhaps after "and", "so" …).
_OPENS_ASKING = re.compile(
    rf"{_OPENING}(?:what|which|who|whom|whose|when|where|why|how|{_HELPER_VERB})\b",
    re.I,
)
# A question that opens with its verb asks yes or no.
_YES_NO = re.compile(rf"^\W*(?:{_HELPER_VERB})\b", re.I)


def _after_lead_in(clause: str) -> str:
    """A clause that asks after a leading phrase ("For tax credit purposes, which …"): from its asking part on."""
    if _OPENS_ASKING.search(clause) or "," not in clause:
        return clause
    rest = clause.split(",", 1)[1].strip()
    return rest if _OPENS_ASKING.search(rest) else clause


# A question mark ends a clause; so does ", and" (or "and" alone) before another question word: "What is the form,
# and who can file it?" asks two things.
_CLAUSE_BREAK = re.compile(
    r"[?]+|[,;]?\s+(?:and|but|or|also)\s+(?=(?:what|which|who|whom|whose|when|where|why|how|can|could|may|must|"
    r"does|do|is|are|will)\b)",
    re.I,
)


def _asking_clauses(question: str) -> list[str]:
    """Every part of the question that asks something, in order (each from its asking part on)."""
    clauses = [_after_lead_in(c.strip()) for c in _CLAUSE_BREAK.split(question) if c.strip()]
    return [c for c in clauses if _OPENS_ASKING.search(c)]


def asking_clauses(question: str) -> list[str]:
    """Every part of the question that asks something ("Who signs, and how many are there?": two parts)."""
    return _asking_clauses(question)


def last_asking_clause(question: str) -> str:
    """The last part of the question that asks something ("Which form? And for ADSs?" → "Which form"), else its
    last part: a follow-up fragment keeps the question word of the part before it."""
    asking = _asking_clauses(question)
    if asking:
        return asking[-1]
    clauses = [c.strip() for c in re.split(r"[?]+", question) if c.strip()]
    return clauses[-1] if clauses else ""


# "Which form …?": the answer names one ("the Application Form for …", "Form 8621").
_WHICH = re.compile(
    r"^\W*(?:(?:and|but|so|then)\W+)?(?:which|what)"
    # "what's the (exact) name of the form …" asks for the form's name as "which form" does
    r"(?:(?:'s|’s|\s+is)\s+(?:the\s+)?(?:\w+\s+)?(?:name|title)\s+of\s+(?:the|an?|this|that)\s+|\s+)"
    r"(?P<thing>[a-z]+)\b",
    re.I,
)
_NOT_A_THING = frozenset((*_HELPER_VERBS, *"happens happened if about kind sort type part".split()))


def yes_or_no_clause(question: str) -> str | None:
    """The (last asking) clause when it opens with its verb ("Are X subject to Y?"), else None: its words side by
    side are what a yes or no answers, not those of the clauses before it."""
    clause = last_asking_clause(question)
    return clause if _YES_NO.search(clause) else None


def asks_yes_or_no(question: str) -> bool:
    """Whether the question's (last asking) clause opens with its verb: "Are X subject to Y?"."""
    return _YES_NO.search(last_asking_clause(question)) is not None


def named_thing(question: str) -> re.Pattern[str] | None:
    """For "which/what <noun>" questions, what a name of such a thing looks like in the report's text (asked in
    any of the question's asking clauses; the last one's first)."""
    for clause in [last_asking_clause(question), *_asking_clauses(question)]:
        found = _named_in(clause)
        if found is not None:
            return found
    return None


def _named_in(clause: str) -> re.Pattern[str] | None:
    match = _WHICH.search(clause)
    if match is None or match.group("thing").lower() in _NOT_A_THING:
        return None
    noun = re.escape(match.group("thing").lower().rstrip("s"))
    return re.compile(rf"\b[A-Z][\w-]*\s+{noun.capitalize()}s?\b|\b{noun.capitalize()}s?\s+[A-Z0-9][\w-]*")


# Words that ask for a set of conditions ("the income test", "the criteria for …"): a statement of the conditions
# answers them whether or not it uses the word.
CONDITION_TERMS = frozenset(tokenize("test criteria criterion conditions"))


def asked_for(question: str) -> Focus | None:
    """What the question's (last asking) clause asks for (a period, a date, a name, an amount), if it says."""
    return _focus(last_asking_clause(question))


def _focus(clause: str) -> Focus | None:
    return next((focus for focus in FOCI if focus.asks.search(clause)), None)


def asked_for_each(question: str) -> tuple[Focus, ...]:
    """What each asking clause asks for: "What is the form called, and who can file it?" asks for a name twice
    over, "When was it signed, and how long does it run?" for a date and a period. The last clause's first."""
    last = asked_for(question)
    found = [last] if last is not None else []
    for clause in _asking_clauses(question):
        focus = _focus(clause)
        if focus is not None and focus not in found:
            found.append(focus)
    if _NOT_DONE.asks.search(question):  # the supposition may stand before the asking clause
        found.append(_NOT_DONE)
    return tuple(found)


def holds_asked(focus: Focus | None, named: set[str], text: str) -> bool:
    """Whether the text holds what is asked for; a person or organisation counts only when the question does not
    name it already (`named`: the question's terms)."""
    if focus is None:
        return False
    if focus.name != "name":
        return focus.holds.search(text) is not None
    return any(not named.intersection(tokenize(m.group(0))) for m in focus.holds.finditer(text))
