"""Taxes besides income tax that a question names and the reports do not discuss, told from the reports' sentences."""

from __future__ import annotations

import pytest

from service.qa.taxes import TaxesNamed

SENTENCES = (
    "Dividends paid to a non-resident are subject to Japanese withholding tax.",
    "A holder who receives notes as a legatee may have to pay Japanese inheritance and gift taxes at progressive rates.",
    "The company pays any stamp or similar tax imposed by Japan on the issue of the notes, but not any tax payable "
    "in connection with the transfer of the notes.",
    "This summary addresses only United States federal income taxation.",
    "An estate whose income is subject to United States federal income tax is a U.S. holder.",
)


@pytest.fixture(scope="module")
def named() -> TaxesNamed:
    return TaxesNamed.read(SENTENCES)


def test_each_kind_near_a_tax_is_read_with_the_countries_of_its_sentence(named: TaxesNamed) -> None:
    assert named.kinds["inheritance"] == {"japan"}
    assert named.kinds["gift"] == {"japan"}
    assert named.kinds["stamp"] == {"japan"}
    assert "transfer" in named.kinds  # named after the tax ("tax payable in connection with the transfer")
    assert "estate" not in named.kinds  # "an estate whose income …" is a holder, far from any tax named


@pytest.mark.parametrize(
    ("question", "tax"),
    [
        ("Would my heirs owe estate tax on the notes?", "estate tax"),  # a kind no sentence names as a tax
        ("Is any wealth tax due on holding the notes?", "wealth tax"),
        ("Do I pay US gift tax if I hand the notes to my niece?", "gift tax"),  # named for Japan only
        ("does federal inheritance and gift taxation reach the notes?", "inheritance and gift taxation"),
        ("what us gift tax applies to the notes?", "gift tax"),  # "us" right before the tax
        (
            "Would UK inheritance tax be due on the notes I leave my children?",
            "inheritance tax",
        ),  # another country
        ("is there a German gift tax on notes given to me?", "gift tax"),
        ("Is estate tax in the United States due on the notes?", "estate tax"),
    ],
)
def test_a_tax_the_reports_never_name_or_name_for_another_country_is_not_discussed(
    named: TaxesNamed, question: str, tax: str
) -> None:
    assert named.not_discussed(question) == tax


@pytest.mark.parametrize(
    "question",
    [
        "Is there gift tax if someone gives me the notes?",  # no country said
        "Will Japanese inheritance tax apply when I inherit the notes?",  # the country the report names
        "Does the company pay the transfer tax when I sell?",
        "Can you tell us whether gift tax applies to the notes?",  # "us" the pronoun, not the country
        "How is the estate of a holder taxed?",  # no kind of tax named
        "I live in Germany. Is there gift tax on notes given to me?",  # where the asker lives, not the tax's country
    ],
)
def test_a_tax_the_reports_name_for_the_country_asked_is_discussed(named: TaxesNamed, question: str) -> None:
    assert named.not_discussed(question) is None
