"""A cited passage starts at the caption that introduces it, and nowhere else."""

from service.qa.locate import caption_start

_TABLE = "Region\tRate\nNorth\t3%\nSouth\t4%"


def test_a_table_after_a_colon_caption_is_cited_from_the_caption_sentence() -> None:
    text = f"Fees rose last year. The next table lists the fee rates by region:\n\n{_TABLE}"
    start = text.index("Region")
    assert text[caption_start(text, start) :].startswith("The next table lists the fee rates by region:")


def test_a_caption_opening_a_paragraph_is_taken_from_the_paragraph_start() -> None:
    text = f"An earlier paragraph without a full stop\n\nRates by region are set out below:\n{_TABLE}"
    start = text.index("Region")
    assert text[caption_start(text, start) :].startswith("Rates by region are set out below:")


def test_a_caption_at_the_start_of_the_text_is_taken_whole() -> None:
    text = f"Rates by region:\n{_TABLE}"
    assert caption_start(text, text.index("Region")) == 0


def test_a_passage_after_an_ordinary_sentence_keeps_its_own_start() -> None:
    text = f"Fees rose last year.\n\n{_TABLE}"
    start = text.index("Region")
    assert caption_start(text, start) == start


def test_a_passage_after_an_unfinished_lead_in_keeps_its_own_start() -> None:
    text = "No tax is imposed if the recipient is\n- a pension fund."
    start = text.index("- a pension")
    assert caption_start(text, start) == start


def test_a_caption_holding_an_abbreviation_is_cited_whole() -> None:
    text = f"Fees rose last year. For this note, a U.S. region of Acme Inc. is one that is:\n\n{_TABLE}"
    start = text.index("Region")
    assert text[caption_start(text, start) :].startswith("For this note, a U.S. region of Acme Inc. is one")
