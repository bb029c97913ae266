"""Yes/no facts the user states: the treaty form filed, a pension fund's business, where shares were sold."""

from __future__ import annotations

import re

from service.qa.readers.features import Features, features
from service.qa.readers.residence import country_matches

# The user does not know a fact: "not sure (whether)", "don't know if", "no idea if", "can't remember whether".
_UNSURE = re.compile(
    r"\b(?:not\s+(?:sure|certain)|unsure|uncertain|unclear|no\s+(?:idea|clue))\b(?![^.;?!,]{0,12}\b(?:about|of)\b)|"
    r"\b(?:(?:do\s*n[o']?t|dont|did\s*n[o']?t|does\s*n[o']?t|not)\s+(?:know|remember|recall)|can(?:'?t|not)\s+"
    r"(?:remember|recall|say|tell)|(?:have\s+)?forgotten|wonder(?:ing)?|not\s+known)\b[^.;?!]{0,30}?\b(?:whether|if)\b|"
    r"\bwhether\s+or\s+not\b|\b(?:may|might)\s+or\s+(?:may|might)\s+not\b",
    re.I,
)
_FILING_WORDS = re.compile(
    r"\b(?:filed|filing|file|files|submitted|submit|lodged|lodge|sent|send|handed\s+in|turned\s+in|in\s+place)\b",
    re.I,
)


# The yes/no facts a user may say they do not know, each by the words that name it in the same clause.
_UNKNOWN_TOPICS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("advance_form_filed", _FILING_WORDS),
    (
        "additional_requirements_met",
        re.compile(
            r"\badditional\b|\blimitation[- ]on[- ]benefits\b|\blob\b|\bother\s+treaty\s+conditions\b", re.I
        ),
    ),
    (
        "held_over_50pct_12m",
        # "a year ago", "a year earlier": a point in time, not how long the stake was held
        re.compile(
            r"\b(?:12|twelve)[- ]months?\b|\bfull\s+year\b|\bwhole\s+year\b|"
            r"\ba\s+year\b(?!\s+(?:ago|earlier|later|back)\b)",
            re.I,
        ),
    ),
    (
        "holding_period_met",
        re.compile(r"\bholding[- ]period\b|\b(?:60|sixty)\s+days\b|\blong\s+enough\b|\b121[- ]day", re.I),
    ),
    (
        "pension_dividends_from_business",
        re.compile(r"\b(?:business|trade\s+or\s+business)\b", re.I),
    ),
)


# Not knowing what the additional requirements are is not knowing whether they are met: the report does not define
# them ("no idea what those additional requirements involve", "unclear which extra conditions apply").
_UNKNOWN_WHAT_ADDITIONAL = re.compile(
    r"\b(?:(?:do\s*n[o']?t|dont|does\s*n[o']?t|did\s*n[o']?t|not)\s+(?:really\s+)?(?:know|understand)|not\s+(?:sure|certain)|"
    r"\w+n't\s+(?:sure|certain)|unsure|unclear|no\s+(?:idea|clue)|clueless)\s+(?:about\s+|of\s+)?(?:what|which)\b[^.;?!]{0,30}?"
    r"\b(?:additional|extra|other\s+treaty)\s+(?:treaty\s+)?(?:requirements?|conditions?)\b",
    re.I,
)


def _may_be_unsure(held: Features) -> bool:
    """Every wording of _UNSURE holds one of these: a doubt ("sure", "unclear", "no idea", "whether"), "may or may
    not", or a verb of knowing or telling with "if"."""
    return (
        held.says("sure", "certain", "unclear", "idea", "clue", "whether")
        or held.names({"may", "might"})
        or (
            held.names({"if"})
            and held.says("know", "remember", "recall", "say", "tell", "forgotten", "wonder")
        )
    )


def unknown_facts(text: str) -> tuple[str, ...]:
    """The yes/no facts the user says they do not know ("not sure whether the form was filed", "we don't know if
    we meet the additional requirements", "no idea what the additional requirements are"), by the words naming
    each in the same clause."""
    held = features(text)
    found: list[str] = []
    for m in _UNSURE.finditer(text) if _may_be_unsure(held) else ():
        clause = re.split(r"[.;?!,]", text[m.start() :], maxsplit=1)[0][:120]
        rule = _HOW_A_RULE_APPLIES.search(clause)
        found += [
            name
            for name, words in _UNKNOWN_TOPICS
            if words.search(clause) and name not in found and (rule is None or name == "advance_form_filed")
        ]
    if (
        "additional_requirements_met" not in found
        and held.says("requirement", "condition")
        and _UNKNOWN_WHAT_ADDITIONAL.search(text)
    ):
        found.append("additional_requirements_met")
    return tuple(found)


# Doubting how a rule applies ("not sure if the holding period matters", "whether the 12 months rule counts from
# purchase") asks about the rule, not the holder's facts (the treaty form excepted, read as before).
_HOW_A_RULE_APPLIES = re.compile(r"\b(?:appl(?:y|ies)|matters?|counts?|relevant|works?|means?)\b", re.I)


def form_filing_unknown(text: str) -> bool:
    """Whether the user says they do not know if the treaty form was filed ("not sure whether the form was filed")."""
    return "advance_form_filed" in unknown_facts(text)


# the form or its filing, as every wording parse_form_filed reads names them
_FORM_WORDS = ("fil", "form", "submit", "application", "paperwork", "send", "sent")
# the places, markets and sale words every wording parse_sale_location reads holds (or "the US")
_PLACE_OF_SALE_WORDS = (
    "japan", "nasdaq", "nyse", "york", "america", "london", "overseas", "tokyo", "tse", "mothers", "osaka",
    "broker", "securities", "exchange", "bank", "dealer", "sell", "sold", "sale", "dispos",
)  # fmt: skip


# the form said not filed, or filed late (on the lower-cased message)
_FORM_NOT_FILED = re.compile(
    r"(?:did\s*n[o']?t|didnt|not|never|haven't|hasn't|hadn't|wasn't|weren't|forgot(?:\s+to)?|forgotten|failed\s+to|"
    r"neglected\s+to|omitted\s+to|no|missed|overlooked|"
    r"without|w/o|w/out|missing|skipped)\s+(?:\w+\s+){0,4}?(?:file|filed|filing|submit|submitted|form|forms|"
    r"application|paperwork|send|sent)\b|"
    r"(?:form|forms|application|paperwork)\s+(?:was|were|has|had|is)?\s*(?:n[o']t|never|not\s+been)\s+"
    r"(?:been\s+)?(?:filed|submitted|sent|lodged)|"
    r"(?:form|application)\s+(?:was|were)n't\s+(?:filed|submitted)|\bno\s+(?:advance\s+)?filing\b|"
    r"\blate\s+(?:form|filing)\b|\bfil(?:e|ed|es|ing)\s+(?:the\s+form\s+|it\s+|them\s+)?(?:too\s+|very\s+)?late\b|"
    # the filer denied: "nobody filed the form", "none of us lodged it", "neither I nor the bank sent it"
    r"\b(?:nobody|noone|none\s+of\s+(?:us|them|you)|neither\b[^.;?!]{0,40}?\bnor\s+(?:the\s+)?\w+)\s+"
    r"(?:\w+\s+){0,3}?(?:file|filed|submit|submitted|lodged|sent|send|handed|turned|put)\b"
)
# the form said filed (on the lower-cased message)
_FORM_FILED = re.compile(
    r"(?:filed|submitted|lodged|sent|handed\s+in|turned\s+in|provided|completed|put\s+in)\s+(?:\w+\s+){0,4}?"
    r"(?:form|forms|application|paperwork)\b|"
    # "had the form been lodged": the form's verb after an inverted "had … been"
    r"(?:form|forms|application|paperwork)\s+(?:was\s+|were\s+|has\s+been\s+|had\s+been\s+|been\s+|is\s+|are\s+)?"
    r"(?:filed|submitted|lodged|in\s+place|sent)|\bwith\s+(?:the\s+|a\s+)?(?:treaty\s+)?(?:application\s+)?form\b|"
    r"\bfiled\s+in\s+advance\b|\bform\s+filed\b|\bfiled\s+(?:it|them)\b|"
    # "form was in", "forms are in", "paperwork done", "form on file": "in" after a verb, or ending the clause
    # ("advance form in."); "the form in question" names a form, it does not say it was filed
    r"\b(?:form|forms|paperwork|application)\s+(?:(?:(?:is|are|was|were|has\s+been|have\s+been)\s+in)|"
    r"(?:(?:is|are|was|were|has\s+been|have\s+been)\s+)?(?:done|on\s+file|lodged))\b"
    r"(?!\s+(?:japan\w*|english|question|particular|the\s+\w+|a\s+\w+|\d))|"
    r"\b(?:form|forms|paperwork|application)\s+in\s*(?:[.,;!]|$)|"
    # "the form went in beforehand", "our application had gone in": a form that went in was filed
    r"\b(?:form|forms|paperwork|application)\s+(?:went|had\s+gone|has\s+gone|have\s+gone|got)\s+in\b"
    r"(?!\s+(?:late|after|too)\b)|"
    r"\b(?:did|do|does)\s+(?:file|submit|send|lodge)\s+(?:\w+\s+){0,3}?(?:form|forms|application|paperwork)\b"
)


def parse_form_filed(text: str, unknown: bool | None = None) -> bool | None:
    """Whether the treaty application form was filed in advance (R-14): "filed the form", "w/o the form";
    ``None`` when unsaid or when the user does not know (``unknown``: ``form_filing_unknown(text)`` when the caller
    has it already)."""
    if form_filing_unknown(text) if unknown is None else unknown:
        return None
    if not features(text).says(*_FORM_WORDS):
        return None  # every wording below names the form or its filing
    t = text.lower()
    if _FORM_NOT_FILED.search(t):
        return False
    return True if _FORM_FILED.search(t) else None


def parse_pension_business(text: str) -> bool | None:
    """R-10c fact: are the pension fund's dividends derived from carrying on a business?"""
    if not features(text).says("business", "passive", "investment"):
        return None  # every wording below names a business, or the holding as passive or an investment
    t = text.lower()
    if re.search(
        r"(?:not|n't|never)\s+(?:(?:been|being)\s+)?(?:derived\s+)?from\s+(?:the\s+carrying\s+on\s+of\s+)?"
        r"(?:a|any|its|their)\s+business|"
        r"\bno\s+business\b|\bnot\s+business\b|\bnot\s+(?:connected|related)\s+to\s+(?:a|any|its)\s+business|"
        r"\bpassive\s+(?:investment|holding|portfolio)|\bpurely\s+(?:an?\s+)?investment|isn't\s+from\s+a\s+business|"
        r"(?:doesn't|does\s+not|don't)\s+(?:carry|run)\s+on\s+(?:a|any)\s+business|"
        # a denial said as a lack of connection: "unrelated to", "nothing to do with", "no link to" any business
        r"(?:unrelated|nothing\s+to\s+do|no\s+(?:connection|link|relation))\s+(?:to|with)\s+"
        r"(?:a|any|its|their|the)\s+(?:\w+\s+){0,3}business|"
        # a denied link in any of its verbs: "not derived from carrying on any business", "aren't tied to a
        # business we operate", "don't come from the running of our business"
        r"(?:\bnot|n't|\bnever)\s+(?:\w+\s+){0,3}?(?:(?:connected|related|tied|linked|attributable)\s+to|"
        r"(?:derived|come|comes|coming|arise|arises|arising|flow|flows|stem|stems)\s+from)\s+"
        r"(?:the\s+)?(?:(?:carrying\s+on|conduct\w*|running|operating|operation)\s+(?:of\s+)?)?"
        r"(?:a|any|its|their|our|the)\s+(?:\w+\s+){0,2}business|"
        # dividends held passively: "passive, no business", "a purely passive holding"; not PFIC passive income
        r"\bpassive(?:ly)?\b(?!\s+(?:foreign|income|assets?|asset\s+test|income\s+test|pfic))",
        t,
    ):
        return False
    if re.search(
        r"(?:derived\s+)?from\s+(?:the\s+)?(?:carrying\s+on\s+(?:of\s+)?)?(?:a|its|their|the)\s+business|"
        r"\bbusiness\s+income\b|\bthrough\s+(?:a|its)\s+business|\b(?:runs|carries\s+on)\s+a\s+business|"
        # a link stated in other verbs: "connected to a business we run", "they come from our business"
        r"(?:connected|related|tied|linked|attributable)\s+to\s+(?:a|the|our|its|their)\s+(?:\w+\s+){0,2}business|"
        r"(?:come|comes|coming|arise|arises|arising|flow|flows|stem|stems)\s+from\s+"
        r"(?:the\s+)?(?:(?:carrying\s+on|conduct\w*|running|operating|operation)\s+(?:of\s+)?)?"
        r"(?:a|the|our|its|their)\s+(?:\w+\s+){0,2}business",
        t,
    ):
        return True
    return None


def parse_additional_requirements(text: str) -> bool | None:
    """R-10b "additional requirements" as the user states them (the report does not define them)."""
    if not features(text).says("additional", "limitation", "lob"):
        return None
    t = text.lower()
    if re.search(
        r"(?:doesn't|does\s+not|don't|do\s+not|not|fail\w*\s+to|can't|cannot)\s+(?:\w+\s+){0,2}(?:meet|satisfy|qualify)\w*\s+"
        r"(?:[\w']+\s+){0,3}additional",
        t,
    ):
        return False
    if re.search(
        r"(?:meets?|met|satisf\w*|fulfil\w*)\s+(?:[\w']+\s+){0,3}additional\s+(?:treaty\s+)?requirements|"
        r"limitation[- ]on[- ]benefits|\blob\b",
        t,
    ):
        return True
    return None


def parse_sale_location(text: str) -> str | None:
    """Where shares were sold, for Japanese tax on the gain (R-17a/R-17b); a permanent establishment "in Japan" is
    not where the sale is."""
    held = features(text)
    if not (held.says(*_PLACE_OF_SALE_WORDS) or held.names({"us", "u"})):
        return None  # every wording below holds one of these, or "the US" / "the U.S."
    t = re.sub(r"(?:permanent\s+establishment|\bpe)\s+in\s+japan", " ", text.lower())
    if re.search(
        r"outside\s+(?:of\s+)?japan|\bnasdaq\b|\bnyse\b|\bin\s+(?:new\s+york|the\s+us|the\s+u\.s\.|america|london)\b|\boverseas\b",
        t,
    ):
        return "outside_japan"
    if re.search(
        r"(?:within|inside)\s+(?:of\s+)?japan|\bin\s+japan\b|\btokyo\s+stock\s+exchange\b|\btse\b|\bmothers\b|\bon\s+a\s+japanese\s+exchange|"
        # "through a Tokyo broker", "via a Japanese securities firm"
        r"\b(?:through|via|with|using|at)\s+(?:a\s+|an\s+|my\s+|our\s+)?(?:tokyo|osaka|japanese|japan)(?:[- ]based)?\s+"
        r"(?:broker\w*|securities|exchange|bank|dealer)",
        t,
    ):
        return "within_japan"
    for m in (*_BROKER_PLACE.finditer(t), *_SALE_PLACE.finditer(t)):
        countries = [country for country, _, _ in country_matches(m.group("place"))]
        if countries and "Japan" not in countries:
            # "through a London broker", "via a Zurich bank", "selling my shares in Zurich": a place outside Japan
            return "outside_japan"
    return None


_BROKER_PLACE = re.compile(
    r"\b(?:through|via|with|using|at)\s+(?:a\s+|an\s+|my\s+|our\s+|the\s+)?(?P<place>[\w.'-]+(?:\s+[\w.'-]+)?)"
    r"(?:[- ]based)?\s+(?:broker\w*|securities|exchange|bank|dealer)"
)


# "we're a bank", "as a financial institution": the holder itself is one (not "through a London bank")
_FINANCIAL_INSTITUTION = re.compile(
    r"\b(?:we're|we\s+are|i'm|i\s+am|it's|it\s+is|is|as|being)\s+(?:a|an)\s+(?:[\w.-]+\s+)?"
    r"(?:bank|financial\s+institution)\b|"
    # the holder named as a bank: "a US commercial bank received …", "the holder, a bank, …", "for our bank"
    # (not a bank the shares are kept at or paid through: "at a bank", "via the bank")
    r"(?<!\bat\s)(?<!\bvia\s)(?<!\bwith\s)(?<!\bfrom\s)(?<!\bthrough\s)(?<!\bby\s)(?<!\bin\s)(?<!\bto\s)"
    r"(?<!\binto\s)(?<!\bof\s)(?<!\bfor\s)"
    r"\b(?:a|an|our|the)\s+(?:[\w.-]+\s+){0,2}?(?:bank|financial\s+institution)\b"
    # (not the bank's account, wire or branch: "the bank account received it")
    r"(?!\s*(?:accounts?|transfers?|wires?|deposits?|statements?|holidays?|rates?|loans?|branch\w*|custod\w*|"
    r"brokers?|'s)\b)|"
    r"\bholder\s*,?\s+(?:is\s+)?(?:a|an)\s+(?:[\w.-]+\s+)?(?:bank|financial\s+institution)\b",
    re.I,
)


def parse_financial_institution(text: str) -> bool | None:
    """Whether the holder says it is a bank or other financial institution (R-47's credit category)."""
    if not features(text).says("bank", "financial"):
        return None
    return True if _FINANCIAL_INSTITUTION.search(text) else None


# the place named after a sale in the same clause: "sell my ADSs in Zurich", "sold them in Hong Kong"
# (not past a word that says where the seller lives: "sold them while living in Canada")
NOT_A_RESIDENCE_GAP = r"(?:(?!\b(?:live[sd]?|living|resid\w*|based|domiciled|settled)\b)[^.,;:?!])"
_SALE_PLACE = re.compile(
    r"\b(?:sell|sells|selling|sold|sale|dispos\w*)\b" + NOT_A_RESIDENCE_GAP + r"{0,40}?\bin\s+(?:the\s+)?"
    r"(?P<place>[\w.'-]+(?:\s+[\w.'-]+)?)"
)
