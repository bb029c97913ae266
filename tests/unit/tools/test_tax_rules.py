"""Every quoted rule appears verbatim in the corpus (whitespace-normalised), as the spec requires."""

from pathlib import Path

import pytest

from service.tools.tax_rules import RULES, Rule, normalise_ws

CORPUS = Path(__file__).resolve().parents[3] / "corpus" / "iij-20f-fy2004-item10.txt"

SPEC_RULE_IDS = [
    *(f"R-{n:02d}" for n in range(1, 10)),
    "R-10a",
    "R-10b",
    "R-10c",
    "R-11",
    "R-12",
    "R-13a",
    "R-13b",
    "R-13c",
    "R-14",
    "R-15",
    "R-16",
    "R-17a",
    "R-17b",
    "R-18",
    "R-19",
    "R-20",
    *(f"R-{n}" for n in range(30, 35)),
    "R-35a",
    "R-35b",
    *(f"R-{n}" for n in range(36, 52)),
    *(f"R-{n}" for n in range(60, 83)),
]


@pytest.fixture(scope="module")
def corpus() -> str:
    return normalise_ws(CORPUS.read_text(encoding="utf-8"))


def test_rules_hold_exactly_the_spec_ids() -> None:
    assert sorted(RULES) == sorted(SPEC_RULE_IDS)
    assert len(SPEC_RULE_IDS) == 71


@pytest.mark.parametrize("rule", list(RULES.values()), ids=list(RULES))
def test_every_fragment_of_a_rule_appears_verbatim_in_the_corpus(rule: Rule, corpus: str) -> None:
    assert rule.fragments
    for fragment in rule.fragments:
        assert normalise_ws(fragment) in corpus


@pytest.mark.parametrize("rule", list(RULES.values()), ids=list(RULES))
def test_every_fragment_is_part_of_the_quote(rule: Rule) -> None:
    for fragment in rule.fragments:
        assert fragment in rule.quote


def test_rule_ids_match_their_keys() -> None:
    assert all(rule.id == key for key, rule in RULES.items())


def test_rate_table_is_quoted_as_a_whole() -> None:
    assert RULES["R-11"].quote == (
        "The Prior Treaty The Treaty 10% or more of the voting shares 10% "
        "More than 50% of the voting shares 0% 10% to 50% of the voting shares 5% Others 15% Others 10%"
    )


def test_excluded_classes_are_split_into_separate_quoted_items() -> None:
    fragments = RULES["R-31"].fragments
    assert len(fragments) == 8
    assert fragments[0] == "tax-exempt entities,"
    assert "investors liable for alternative minimum tax," in fragments


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\tb\n\nc", "a b c"),
        ("  leading and trailing  ", "leading and trailing"),
        ("one", "one"),
    ],
)
def test_normalise_ws_collapses_whitespace_runs(text: str, expected: str) -> None:
    assert normalise_ws(text) == expected
