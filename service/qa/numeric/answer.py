"""The numeric layer's answer type."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from service.qa.types import Route

Result = dict[str, Any]


@dataclass(frozen=True)
class NumericAnswer:
    """A calculator-backed answer; marker ``[i]`` in ``text`` cites ``rules_cited[i-1]``."""

    route: Route
    text: str
    rules_cited: list[str]
    calculation: dict[str, Any] | None
    missing: list[str] = field(default_factory=list)
