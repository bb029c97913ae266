"""A country of residence said in another language ("résidente au Pérou", "wohnhaft in Österreich", "vivo en
México"): the words that say where someone lives in French, Spanish, German, Portuguese, Italian and Dutch, and every
country's name in those languages (ISO 3166 translations shipped with pycountry), mapped to its English name."""

from __future__ import annotations

import gettext
import re
import unicodedata
from functools import lru_cache

import pycountry

from service.qa.readers.features import features

# The languages whose country names are read; English names are read by residence.py itself.
LANGUAGES = ("fr", "es", "de", "pt", "it", "nl")


def fold(text: str) -> str:
    """Lower case without accents ("États-Unis" → "etats-unis"), so a name matches however it is accented."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char)).replace("’", "'")


@lru_cache(maxsize=1)
def foreign_names() -> dict[str, str]:
    """Every country's name, official name and common name in each of ``LANGUAGES``, folded → its English name
    (the ISO short name)."""
    names: dict[str, str] = {}
    for language in LANGUAGES:
        try:
            translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
        except OSError:
            continue  # a language without its catalogue is not read
        for english, name in iso_names():
            names.setdefault(fold(translation.gettext(name)), english)
    return names


def iso_names() -> list[tuple[str, str]]:
    """(ISO short name, a name) for every country's short, official and common name in English (pycountry): the
    one walk of pycountry's names, for the English table and each translated one."""
    return [
        (country.name, name)
        for country in pycountry.countries
        for name in (
            country.name,
            getattr(country, "official_name", None),
            getattr(country, "common_name", None),
        )
        if name
    ]


# Where someone lives or is resident, said in one of LANGUAGES, up to the article or preposition before the country.
_CUE = re.compile(
    r"\b(?:"
    # French: "résidente au Pérou", "j'habite en Suisse", "domiciliée aux Pays-Bas", "basés au Canada"
    r"r[ée]sid(?:ent|ente|ents|entes|ant|e|ons)|habite|habitons|vis|vivons|domicili[ée]e?s?|bas[ée]e?s?|"
    r"originaire|install[ée]e?s?"
    r")\s+(?:fiscalement\s+)?(?:aux|au|en|à|a|des|du|de\s+la|de\s+l'|d'|de)\s*|"
    # Spanish / Portuguese / Italian: "residente en México", "vivo en Chile", "moro no Brasil", "abito in Svizzera"
    r"\b(?:residente|resido|residimos|vivo|vivimos|moro|moramos|abito|radicad[oa]|domiciliad[oa]|soy|sou|sono)"
    r"\s+(?:fiscal(?:mente)?\s+)?(?:en|de|del|no|na|em|nos|nas|in|a|di|da|do)\s+(?:el\s+|la\s+|los\s+|las\s+)?|"
    # German / Dutch: "wohnhaft in Österreich", "ich wohne in der Schweiz", "ansässig in", "ik woon in België"
    r"\b(?:wohnhaft|wohne|wohnen|lebe|leben|ansässig|komme|kommen|woon|wonen|woonachtig)\s+"
    r"(?:steuerlich\s+)?(?:in|aus)\s+(?:der\s+|den\s+|dem\s+|de\s+|het\s+)?",
    re.I,
)
_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
# Every cue of _CUE opens on one of these whole words, when written in ASCII letters (one with "é" or "ä" turns the
# test off: see service/qa/readers/features.py): a message with none of them has no cue and is not searched.
_CUE_WORDS = frozenset(
    "resident residente residents residentes residant reside residons habite habitons vis vivons "
    "domicilie domiciliee domicilies domiciliees base basee bases basees originaire "
    "installe installee installes installees "
    "resido residimos vivo vivimos moro moramos abito radicado radicada domiciliado domiciliada soy sou sono "
    "wohnhaft wohne wohnen lebe leben komme kommen woon wonen woonachtig".split()
)


def foreign_residence(text: str) -> str | None:
    """The English name of the country a residence cue in another language names ("Nous habitons au Chili"
    → "Chile"); ``None`` when there is none."""
    if not features(text).names(_CUE_WORDS):
        return None
    names = foreign_names()
    for cue in _CUE.finditer(text):
        if re.search(r"\bnon[- ]?$", text[max(0, cue.start() - 4) : cue.start()], re.I):
            continue  # "non-résident du Japon" says where the holder does not live
        words = [m.group(0) for m in _WORD.finditer(text[cue.end() : cue.end() + 60])][:5]
        for n in range(len(words), 0, -1):
            country = names.get(fold(" ".join(words[:n])))
            if country is not None:
                return country
    return None


def english_name(name: str) -> str | None:
    """The English name of a country named in one of ``LANGUAGES`` ("Brasil" → "Brazil"); ``None`` otherwise."""
    return foreign_names().get(fold(name))
