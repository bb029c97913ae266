"""Test vectors of the residence and treaty-status reader."""

from __future__ import annotations

import pytest

from service.qa.readers.residence import parse_has_japan_pe, parse_residence, parse_treaty_with_japan

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
    ],
)
def test_a_japanese_permanent_establishment_in_words(text: str, expected: bool | None) -> None:
    assert parse_has_japan_pe(text) is expected
