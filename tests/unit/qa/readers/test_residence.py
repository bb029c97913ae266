"""Test vectors of the residence and treaty-status reader."""

from __future__ import annotations

import pytest

from service.qa.readers.residence import (
    _COUNTRY_PATTERNS,
    Residence,
    country_matches,
    parse_has_japan_pe,
    parse_nonresident,
    parse_residence,
    parse_treaty_with_japan,
)

NO_TREATY = "a country without a tax treaty with Japan"
WITH_TREATY = "a country with a tax treaty with Japan"

# (text, country, kind)
RESIDENCE = [
    ("a US corp", "United States", "US"),
    ("German investor", "Germany", "LISTED"),
    ("resident of Brazil", "Brazil", "UNLISTED"),
    # names that hold a place or "Japanese corporation" without saying where the holder lives
    ("a French SA without a PE; is the gain subject to Japanese corporation tax?", "France", "LISTED"),
    ("Italian fund; when must The Bank of New York file the forms?", "Italy", "LISTED"),
    # a country outside our own table, by its ISO name
    ("I'm a tax resident of Kazakhstan", "Kazakhstan", "UNLISTED"),
    ("we're a fund domiciled in Uruguay", "Uruguay", "UNLISTED"),
    ("I live in Viet Nam and own 3%", "Viet Nam", "UNLISTED"),
    # a country named only by its treaty status
    ("I live in a country that has no tax treaty with Japan", NO_TREATY, "UNLISTED"),
    ("my country doesn't have a treaty with Japan", NO_TREATY, "UNLISTED"),
    ("our home country has no double taxation agreement with Japan", NO_TREATY, "UNLISTED"),
    ("we're based in a small country Japan never signed a tax treaty with", NO_TREATY, "UNLISTED"),
    ("my jurisdiction isn't party to any tax treaty with Japan", NO_TREATY, "UNLISTED"),
    ("No Japan tax treaty where I live", NO_TREATY, "UNLISTED"),
    ("we are in a jurisdiction with no DTA with Japan", NO_TREATY, "UNLISTED"),
    (
        "I reside in a country that has a tax treaty with Japan, not on the report's list",
        WITH_TREATY,
        "UNLISTED",
    ),
]


@pytest.mark.parametrize(("text", "country", "kind"), RESIDENCE)
def test_residence_is_the_country_and_its_kind(text: str, country: str, kind: str) -> None:
    residence = parse_residence(text)
    assert residence is not None
    assert (residence.country, residence.kind) == (country, kind)


@pytest.mark.parametrize(
    "text",
    [
        "what is the rate when no treaty applies?",
        "the rate for a non-treaty country",
        "does a country without a treaty get 20%?",
        "dividends from IIJ paid to me",
    ],
)
def test_a_general_question_about_treaty_status_names_no_residence(text: str) -> None:
    assert parse_residence(text) is None


# (text, has a treaty with Japan)
TREATY = [
    ("no treaty with Japan", False),
    ("my country doesn't have a treaty with Japan", False),
    ("there is no double taxation convention between us and Japan", False),
    ("we are not covered by any tax treaty", False),
    ("it isn't one of the treaty countries", False),
    ("Japan never signed a tax treaty with them", False),
    ("it has a tax treaty with Japan", True),
    ("filed the treaty form", None),
    ("no treaty form was filed", None),
]


@pytest.mark.parametrize(("text", "expected"), TREATY)
def test_treaty_status_in_words(text: str, expected: bool | None) -> None:
    assert parse_treaty_with_japan(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("we have no permanent establishment in Japan", False),
        ("our Tokyo office, to which the shares are attributable, sells them", None),
        ("a branch in Tokyo to which the holding is attributable", True),
        ("a branch in Kobe, unrelated to the shares", None),
        ("a Dutch BV without any office in Japan", False),
        ("no business presence inside Japan at all", False),
    ],
)
def test_a_japanese_permanent_establishment_in_words(text: str, expected: bool | None) -> None:
    assert parse_has_japan_pe(text) is expected


# The pattern table is skipped entry by entry when none of its leading words occurs in the lower-cased text; the
# names found must be those every entry finds when run on the text, whatever letters the text holds.
@pytest.mark.parametrize(
    "text",
    [
        "a US corp and a German investor",
        "my wife, a Dutch resident, and I (living in New York) hold ADSs",
        "a New England fund vs a UK pension plan; ¥1,000,000 at ¥105/$",
        "résident à Montréal, I'm Canadian — and my brother lives in São Paulo, Brazil",
        "a \u212aenyan investor (K is the Kelvin sign, which matches k when case is ignored)",
        "a BRITISH VIRGIN ISLANDS company and a Hong  Kong one",
        "a Ruſſian fund and a BRİTISH one (ſ and İ match s and i when case is ignored, unlike their lower case)",
        "nothing but a number: 12%",
    ],
)
def test_country_matches_finds_what_every_table_entry_finds(text: str) -> None:
    every_entry = [
        (country, kind, m.span())
        for country, kind, pattern, _ in _COUNTRY_PATTERNS
        for m in pattern.finditer(text)
        if not (country == "United Kingdom" and text[max(0, m.start() - 4) : m.start()].lower() == "new ")
    ]
    assert [(country, kind, m.span()) for country, kind, m in country_matches(text)] == every_entry


def test_letters_that_match_ascii_ones_only_when_case_is_ignored_still_name_the_country() -> None:
    assert parse_residence("a Ruſſian investor") == Residence("Russia", "UNLISTED")
    assert parse_residence("an İNDIAN fund") == Residence("India", "UNLISTED")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("selling as a non-resident of Japan", True),
        ("we don't live in Japan", True),
        ("a nonresident shareholder", True),
        ("a resident of Osaka", None),
    ],
)
def test_a_seller_said_not_to_live_in_japan(text: str, expected: bool | None) -> None:
    assert parse_nonresident(text) is expected


# A US state's postal code where it says where the holder lives; a capitalised word that is also a code is not one.
POSTAL = [
    ("an individual, FL resident, holding 3%", "United States"),
    ("our WA-based company owns 20%", "United States"),
    ("a corporation from MA", "United States"),
    ("single GA investor here", "United States"),
    ("OR resident, 2% of the shares", "United States"),
]
NOT_POSTAL = [
    "shares OR ADSs, which rate applies",
    "ME holding 3% of the voting shares",
    "paid in CA$ is not the point",
    "the IN clause of the treaty",
]


@pytest.mark.parametrize(("text", "country"), POSTAL)
def test_a_state_postal_code_beside_a_residence_word_reads_as_the_united_states(
    text: str, country: str
) -> None:
    residence = parse_residence(text)
    assert residence is not None
    assert residence.country == country


@pytest.mark.parametrize("text", NOT_POSTAL)
def test_a_capitalised_word_that_is_also_a_postal_code_is_not_a_residence(text: str) -> None:
    assert parse_residence(text) is None


@pytest.mark.parametrize(
    "text", ["I live in Sendai", "a Hiroshima-based fund", "a resident of Kanagawa", "a Saitama resident"]
)
def test_a_japanese_prefecture_or_city_is_a_residence_in_japan(text: str) -> None:
    assert parse_residence(text) == Residence("Japan", "JP")
