"""Questions about another company's securities: no report (nor its rules) speaks of them.

Internals of the answerability judge (service/qa/scope.py). ``known``: whether a search term is in some report
(names included); ``identity``: the terms of the reports' own names (company, document id).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ingest.bm25 import tokenize
from service.qa.query import ABBREVIATIONS
from service.qa.readers.country_names import english_name
from service.qa.readers.features import features
from service.qa.readers.residence import country_matches
from service.qa.verdict import Reason

# A security named with its issuer: "Acme's dividends", "shares of Acme Corp", "bonds issued by Acme". Where no
# report holds the issuer's name, the question is about another company, which no report (nor its rules) speaks of.
_ISSUER_NAME = r"(?P<{}>[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){{0,3}})"
_SECURITY = (
    r"(?P<{}>dividends?|shares?|stocks?|ADSs?|ADRs?|bonds?|notes?|debentures?|warrants?|options?|securities)"
)
_ISSUER = re.compile(
    rf"\b{_ISSUER_NAME.format('owner')}(?:'s|’s)\s+(?:[a-z-]+\s+)?{_SECURITY.format('owned')}\b"
    rf"|\b{_SECURITY.format('issued')}\s+(?:of|issued\s+by|paid\s+by)\s+{_ISSUER_NAME.format('issuer')}\b(?!\s*[\d$¥€£])"  # not "of JPY 10,000"
)
# A possessive name that holds rather than issues: a person named with a title or a kinship or trade word before it
# ("my broker Lee's shares", "Dr. Ito's ADSs").
_HOLDER_BEFORE = re.compile(
    r"\b(?:mr|mrs|ms|dr|my|our|his|her|their|client|customer|broker|adviser|advisor|friend|wife|husband|"
    r"father|mother|son|daughter|brother|sister|uncle|aunt|partner|spouse)\.?\s*$",
    re.IGNORECASE,
)
# A company named as the subject whose own securities the question then speaks of ("does Globex withhold on its
# dividends"): "its" points back to a company, not to a person.
# The holders may stand between ("its US holders' dividends"). A company named as the payer of a security is as
# much its issuer ("does Globex pay dividends", "the dividends it declares"): people hold securities, companies
# pay and declare them.
_ITS_SECURITY = re.compile(
    rf"\bits\s+(?:[\w.-]+(?:'|’|'s|’s)?\s+){{0,3}}?{_SECURITY.format('its')}\b"
    rf"|\b(?:pays?|paid|paying|declares?|declared|distributes?|distributed)\s+(?:(?!tax|on\b|for\b|from\b|in\b)\w+\s+){{0,2}}?dividends?\b"
    rf"|\bdividends?\s+(?:that\s+|which\s+)?it\s+(?:pays|paid|declares|declared|distributes|distributed)\b"
)
# A company named as the one that withholds or deducts tax ("does Globex withhold on dividends?", "Initech deducts
# 15%", "what withholding rate does Hooli apply?", "the rate Hooli applies"): states and companies withhold, holders
# do not. A verb as general as "apply" counts only where the sentence has asked for a withholding or a rate before
# the name.
_NAME = r"(?P<{}>[A-Z][\w&-]*(?:\s+[A-Z][\w&-]*){{0,2}})"  # one to three capitalised words
_WITHHOLDER = re.compile(
    rf"\b(?i:does|do|did|will|would|can|could|should|must)\s+{_NAME.format('name')}\s+(?:withhold|deduct)\b"
    rf"|(?<![\w'’.-]){_NAME.format('named')}\s+(?:withholds|withheld|deducts|deducted)\s+(?!by\b)"
    rf"|\b(?i:withholding|rate)\b[^.?!;]{{0,30}}?\b(?:(?i:does|do|did|will|would)\s+)?{_NAME.format('applier')}\s+"
    r"(?:apply|applies|charge|charges|levy|levies|impose|imposes|use|uses)\b"
)
_WITHHOLDING_VERBS = frozenset(
    "withhold withholds withheld deduct deducts deducted apply applies charge charges levy levies impose imposes use "
    "uses".split()
)
_WORD = re.compile(r"[A-Za-z][\w&-]*")
_CAPITALISED = re.compile(r"(?<![\w'’])[A-Z][\w&-]*")
_A_SECURITY = re.compile(_SECURITY.format("security"), re.IGNORECASE)
# A name written straight before the security, with no possessive ("NTT Docomo dividends", "are Globex shares
# taxed"): one to three capitalised words, then perhaps the kind of share ("common", "stock"), then the security.
# the kind of share, however capitalised ("Preferred shares"): no issuer's name
_SHARE_KIND = re.compile(r"common|ordinary|preferred|preference|stock|share", re.IGNORECASE)
_NAMED_SECURITY = re.compile(
    rf"(?<![\w'’.-]){_NAME.format('name')}\s+"
    rf"(?:(?:common|ordinary|preferred|stock|share)\s+)?{_SECURITY.format('named')}\b"
)


def names_own_company(
    question: str, identity: frozenset[str], dictionary: Callable[[str], bool] = lambda word: False
) -> bool:
    """Whether the question names one of the reports' companies: a word of its name that is no everyday word
    ("IIJ", "Acme"), or two words of its name in a row ("Internet Initiative"). An everyday word of the name alone
    ("Japan" in "Internet Initiative Japan") is the country or the thing it means, no name of the company.
    ``dictionary``: whether a word is an everyday word (without one, every word of the name names it)."""
    before = False
    for word in _WORD.findall(question):
        terms = tokenize(word)
        ours = bool(terms) and all(t in identity for t in terms)
        if ours and (before or not dictionary(word.lower())):
            return True
        before = ours
    return False


def other_issuer(
    question: str,
    known: Callable[[str], bool],
    identity: frozenset[str],
    dictionary: Callable[[str], bool] = lambda word: False,
) -> Reason | None:
    """`Reason.OTHER_COMPANY` when the question asks about a security of a company no report names ("Acme's
    dividends" where no report has "Acme"), or about a kind of security of the reports' company that no report
    names ("Acme's bonds" where the reports speak of its shares only). ``dictionary``: see `names_own_company`."""
    for match in _ISSUER.finditer(question):
        owner = match.group("owner")
        if owner and _holds(question, match.start(), match.end(), identity):
            continue  # a holder's securities, not an issuer's
        terms = tokenize(owner or match.group("issuer"))
        if terms and not any(known(t) or t in identity for t in terms):
            return Reason.OTHER_COMPANY
        security = (match.group("owned") or match.group("issued")).lower()
        forms = {
            t for form in (security, security.rstrip("s"), f"{security.rstrip('s')}s") for t in tokenize(form)
        }
        if not any(known(t) for t in forms):
            return Reason.OTHER_COMPANY
    if names_own_company(question, identity, dictionary):
        return None
    return (
        _subject_with_its_securities(question, known)
        or _named_before_security(question, known, identity)
        or _named_withholder(question, known, identity)
    )


def _holds(question: str, start: int, end: int, identity: frozenset[str]) -> bool:
    """Whether the possessive name at ``question[start:end]`` is a holder: a title or kinship word before it, or
    the securities said to be of (or in) a company the reports name ("Lee's shares of Acme")."""
    # the name match may begin with the question's own capitalised words ("Are Dr. Lee's")
    if _HOLDER_BEFORE.search(question[:start]) or any(
        _HOLDER_BEFORE.search(w) for w in question[start:end].split()
    ):
        return True
    after = re.match(r"\s+(?:of|in)\s+([A-Z][\w&.-]*)", question[end:])
    return bool(after and any(t in identity for t in tokenize(after.group(1))))


def _subject_with_its_securities(question: str, known: Callable[[str], bool]) -> Reason | None:
    """`Reason.OTHER_COMPANY` when a capitalised name no report holds (not a sentence's first word) comes
    before "its shares"/"its dividends" and the question names none of the reports' companies."""
    its = _ITS_SECURITY.search(question)
    if its is None:
        return None
    # only the sentence of "its" names its subject; a place there is where someone lives ("as a resident of Peru")
    sentence = max((m.end() for m in re.finditer(r"[.?!;]\s", question[: its.start()])), default=0)
    for word in _CAPITALISED.finditer(question, sentence, its.start()):
        terms = tokenize(word.group())
        opens_sentence = _opens_sentence(question, word.start())
        if country_matches(word.group()) or english_name(word.group()):
            continue
        if _HOLDER_BEFORE.search(question[: word.start()]):
            continue  # a holder named with a kinship or trade word ("my friend Ken")
        if not opens_sentence and terms and not any(known(t) for t in terms):
            return Reason.OTHER_COMPANY
    return None


def _opens_sentence(question: str, at: int) -> bool:
    """Whether the word at ``at`` opens the question or a sentence of it (where any word is capitalised)."""
    before = question[:at].rstrip()
    return not before or before[-1] in ".?!:;"


def _named_withholder(question: str, known: Callable[[str], bool], identity: frozenset[str]) -> Reason | None:
    """`Reason.OTHER_COMPANY` when a name no report holds is said to withhold or deduct tax (`_WITHHOLDER`) and the
    question names none of the reports' companies. A country ("does Japan withhold"), a name the reports hold ("the
    Bank of New York"), a holder named with a kinship or trade word, or a sentence's opening word is no company."""
    if not features(question).names(_WITHHOLDING_VERBS):
        return None  # no verb of `_WITHHOLDER` as a whole word: it cannot match
    for match in _WITHHOLDER.finditer(question):
        group = match.lastgroup or "name"  # each wording has one group: the name
        name, start = match.group(group), match.start(group)
        if country_matches(name) or any(english_name(w) for w in name.split()):
            continue
        if _HOLDER_BEFORE.search(question[:start]):
            continue
        opens_sentence = _opens_sentence(question, start)
        if opens_sentence and len(name.split()) == 1 and not name.isupper():
            continue
        terms = tokenize(name)
        if terms and not any(known(t) or t in identity for t in terms):
            return Reason.OTHER_COMPANY
    return None


def _named_before_security(
    question: str, known: Callable[[str], bool], identity: frozenset[str]
) -> Reason | None:
    """`Reason.OTHER_COMPANY` when a name no report holds is written straight before a security ("what is withheld
    on Globex dividends?") and the question names none of the reports' companies. A single capitalised word that
    opens a sentence may be any word ("Preferred shares ..."): only an acronym ("KDDI shares") is taken for a name
    there. A word the reports hold anywhere in the name ("Japanese dividends", "IIJ America shares", "the Bank of
    New York ADSs") makes it no other company, nor does a holder named before it ("my broker Lee")."""
    for match in _NAMED_SECURITY.finditer(question):
        words = match.group("name").split()
        while words and _SHARE_KIND.fullmatch(words[-1]):
            words.pop()  # "Are Preferred shares": the kind of share, after the sentence's opening word
        if not words:
            continue
        name = " ".join(words)
        if any(ch.isdigit() for ch in name) or _HOLDER_BEFORE.search(question[: match.start()]):
            continue
        if any(_A_SECURITY.fullmatch(w) or w.lower() in ABBREVIATIONS for w in words):
            continue  # "ADS dividends", "IRA shares": a security or an account, not its issuer
        opens_sentence = _opens_sentence(question, match.start())
        if opens_sentence and len(words) == 1 and not (len(name) > 1 and name.isupper()):
            continue
        terms = tokenize(name)
        if terms and not any(known(t) or t in identity for t in terms):
            return Reason.OTHER_COMPANY
    return None
