"""Test vectors of a residence said in another language: the cue words and the country's name in that language."""

from __future__ import annotations

import pytest

from service.qa.readers.residence import parse_residence


@pytest.mark.parametrize(
    ("text", "country", "kind"),
    [
        ("Nous sommes résidents au Pérou, quel taux japonais ?", "Peru", "UNLISTED"),
        ("J'habite en Belgique depuis 2001", "Belgium", "LISTED"),
        ("Resido en Argentina y tengo ADS de IIJ", "Argentina", "UNLISTED"),
        ("Ich bin steuerlich ansässig in Dänemark", "Denmark", "LISTED"),
        ("moramos na Índia", "India", "UNLISTED"),
        ("vivo in Grecia, what rate?", "Greece", "UNLISTED"),
        ("we woonachtig in Noorwegen", "Norway", "LISTED"),
        # an English residence word before a country named in another language
        ("I'm resident in Deutschland", "Germany", "LISTED"),
    ],
)
def test_a_residence_said_in_another_language_is_read(text: str, country: str, kind: str) -> None:
    residence = parse_residence(text)
    assert residence is not None
    assert (residence.country, residence.kind) == (country, kind)


@pytest.mark.parametrize(
    "text", ["vis a vis the treaty, what rate?", "de la Rue owns 5%", "je suis non-résident du Japon"]
)
def test_words_of_another_language_without_a_country_name_no_residence(text: str) -> None:
    assert parse_residence(text) is None


def test_a_country_named_with_a_letter_outside_ascii_after_an_english_cue() -> None:
    residence = parse_residence("Resident in Österreich, what rate?")
    assert residence is not None
    assert residence.country == "Austria"
