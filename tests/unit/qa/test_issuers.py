"""Questions about another company's securities, told from the question and the reports' terms alone."""

from __future__ import annotations

import pytest

from ingest.bm25 import tokenize
from service.qa.issuers import other_issuer

REPORT = (
    "Acme Widgets KK pays dividends on its shares and ADSs. The Bank of New York is the depositary. "
    "Dividends paid to non-resident holders are subject to Japanese withholding tax. Acme Europe provides "
    "services under a Service Agreement. Common stock of Japan and the United States."
)
KNOWN = frozenset(tokenize(REPORT))
IDENTITY = frozenset(tokenize("Acme Widgets acme-2005"))


@pytest.mark.parametrize(
    "question",
    [
        "What is withheld on Globex dividends paid to a Canadian holder?",
        "Are Initech Holdings shares taxed like the depositary receipts?",
        "Is the treaty rate the same for Hooli common stock?",
        "KDDI dividends for a US investor, how much is withheld?",
        "Do Umbrella Corp ADSs qualify for the reduced rate?",
    ],
)
def test_a_name_no_report_holds_written_before_a_security_is_another_company(question: str) -> None:
    assert other_issuer(question, KNOWN.__contains__, IDENTITY) == "another company or security"


@pytest.mark.parametrize(
    "question",
    [
        "Are Acme dividends withheld at 20%?",  # the reports' own company
        "Are Japanese dividends taxed for a non-resident?",  # a name the report holds
        "Are Acme Europe shares covered?",  # a party the report names, with the company's own name
        "Who holds The Bank of New York ADSs?",  # the depositary the report names
        "Preferred shares: are they covered by the treaty?",  # a word opening the sentence
        "How are my broker Kowalski shares taxed?",  # a holder, not an issuer
        "Are FY2004 dividends taxed at 10%?",  # a period, not a name
        "Is Globex a customer of the company?",  # no security after the name
        "When is an ADS dividend taxable to the holder?",  # a security before a security
        "Are IRA dividends taxed the same way?",  # an account named by its abbreviation
    ],
)
def test_a_name_the_reports_hold_or_a_word_opening_the_sentence_is_no_other_company(question: str) -> None:
    assert other_issuer(question, KNOWN.__contains__, IDENTITY) is None


@pytest.mark.parametrize(
    "question",
    [
        "Are Preferred shares covered by the treaty?",  # a kind of share after the opening word
        "Do Ordinary shares get the reduced rate?",
        "I live in Peru. Does the company withhold on its dividends?",  # a place in an earlier sentence
        "As a resident of Peru, how much does the company withhold on its dividends?",  # a place of residence
    ],
)
def test_a_kind_of_share_or_a_place_of_residence_is_no_other_company(question: str) -> None:
    assert other_issuer(question, KNOWN.__contains__, IDENTITY) is None


def test_a_company_named_as_the_subject_of_its_dividends_is_still_another_company() -> None:
    question = "As a resident of Peru, how much does Globex withhold on its dividends?"
    assert other_issuer(question, KNOWN.__contains__, IDENTITY) == "another company or security"


@pytest.mark.parametrize(
    "question",
    [
        "What rate does Initech withhold on its foreign holders' dividends?",  # the holders between
        "Which rate does Hooli Corp apply to its American shareholders' dividends?",
        "Does GlobexTel pay dividends to investors in the US?",  # named as the payer
        "For Umbrella, how much is withheld from the dividends it declares?",
        "What is withheld when InGen declared a special dividend last year?",
    ],
)
def test_a_company_named_as_the_payer_or_with_its_holders_dividends_is_another_company(question: str) -> None:
    assert other_issuer(question, KNOWN.__contains__, IDENTITY) == "another company or security"


@pytest.mark.parametrize(
    "question",
    [
        "Does Acme pay dividends to investors in the US?",  # the reports' own company
        "When the company pays dividends to a Canadian holder, what is withheld?",
        "How much does my friend Ken pay in dividends tax?",  # a holder, who pays tax, not dividends
        "Does Ken pay tax on dividends from Acme?",
        "What does Japan withhold on its dividends to US holders?",  # a country
    ],
)
def test_the_own_company_a_country_or_a_holder_paying_tax_is_no_other_payer(question: str) -> None:
    assert other_issuer(question, KNOWN.__contains__, IDENTITY) is None


# a company named with everyday words beside a coined one: "Acme Widgets Nagoya"
EVERYDAY = frozenset({"widgets", "nagoya", "japan"})
OWN = frozenset(tokenize("Acme Widgets Nagoya acme-2005"))


@pytest.mark.parametrize(
    "question",
    [
        "How much does Nagoya withhold on Globex dividends paid to Canadians?",  # a city, not the company
        "Are Widgets shares of Hooli taxed the same?",
        "What rate applies on Initech dividends paid to holders outside Nagoya?",
    ],
)
def test_an_everyday_word_of_the_reports_company_name_alone_does_not_name_it(question: str) -> None:
    known = (KNOWN | OWN).__contains__
    assert other_issuer(question, known, OWN, EVERYDAY.__contains__) == "another company or security"


@pytest.mark.parametrize(
    "question",
    [
        "Are Acme dividends withheld at 20%?",  # a coined word of the name
        "Do Widgets Nagoya dividends count, and Globex dividends?",  # two words of the name in a row
    ],
)
def test_a_coined_word_or_two_words_in_a_row_of_the_name_name_the_reports_company(question: str) -> None:
    assert other_issuer(question, (KNOWN | OWN).__contains__, OWN, EVERYDAY.__contains__) is None


@pytest.mark.parametrize(
    "question",
    [
        "How much does Hooli withhold from payouts to American investors?",  # the withholder named
        "Does Initech Systems deduct Japanese tax for foreign holders?",
        "What withholding rate does GlobexTel apply to Canadian shareholders?",  # "apply" after a rate asked
        "What is the rate Hooli Group charges on payouts to foreigners?",
        "Each year Umbrella deducts 15% from every payout: is that right for me?",
    ],
)
def test_a_company_no_report_names_said_to_withhold_or_deduct_tax_is_another_company(question: str) -> None:
    assert other_issuer(question, KNOWN.__contains__, IDENTITY) == "another company or security"


@pytest.mark.parametrize(
    "question",
    [
        "How much does Japan withhold from payouts to American investors?",  # a country withholds
        "Does Acme deduct Japanese tax for foreign holders?",  # the reports' own company
        "Does The Bank of New York withhold anything on ADS payouts?",  # a party the report names
        "Does my broker Kowalski deduct tax from the payout?",  # a holder's agent named with a trade word
        "Does Kowalski apply for the refund?",  # "apply" with no withholding or rate asked
        "Which withholding rate Japan applies to payouts here?",  # a country
        "Deducts tax at source, does it?",  # an opening word
    ],
)
def test_a_country_the_own_company_or_a_known_party_withholding_is_no_other_company(question: str) -> None:
    assert other_issuer(question, KNOWN.__contains__, IDENTITY) is None
