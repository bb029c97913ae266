"""Every flag the calculator can raise has words a reader of the receipt can follow."""

from __future__ import annotations

import re

from service.settings import PROJECT_ROOT
from service.tools.flags import FLAG_WORDS


def raised_flags() -> set[str]:
    package = PROJECT_ROOT / "service" / "tools" / "tax"
    source = "\n".join(module.read_text(encoding="utf-8") for module in sorted(package.glob("*.py")))
    calls = re.findall(r"\.flag\(([^)]*)\)", source)
    return {code for call in calls for code in re.findall(r'"([A-Z0-9_]+)"', call)}


def test_every_flag_the_calculator_raises_has_words() -> None:
    raised = raised_flags()
    assert len(raised) > 30  # the pattern still finds the calls
    assert raised - set(FLAG_WORDS) == set()


def test_words_are_sentences_not_codes() -> None:
    for code, words in FLAG_WORDS.items():
        assert code not in words
        assert words[0].isupper() or words[0] in "“0123456789"
        assert words.endswith(".")
