"""A dividend per share and the number of shares or ADSs it is paid on ("¥20 a share on 10,000 shares")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from service.qa.readers.numbers import NUM, SUFFIX, scaled

# What follows an amount that is paid per share: "¥20 per share", "¥15/ADS", "¥10 each share".
PER_SHARE_AFTER = re.compile(r"^\s*(?:per|a|/|each)\s*(?:share|ads|adss)\b", re.I)
# "800 ADSs", "1,000 IIJ ADSs", "200 of IIJ's common shares": a count, then at most a few words naming whose
# shares or which class, then the shares
_SHARES = re.compile(
    r"(?P<num>"
    + NUM
    + r")"
    + SUFFIX
    + r"\s*(?:(?:of\s+)?(?:iij(?:'s)?|the|its|ordinary|common|underlying)\s+){0,3}"
    r"(?P<kind>shares|ads|adss|adrs)\b",
    re.I,
)


@dataclass(frozen=True)
class ShareCount:
    """How many shares (or ADSs) a holding is, as stated."""

    count: Decimal
    are_ads: bool
    start: int
    end: int


def share_count(text: str) -> ShareCount | None:
    """The first number of shares or ADSs stated ("10,000 shares", "2k ADSs")."""
    m = _SHARES.search(text)
    count = scaled(m) if m else None
    if m is None or count is None:
        return None
    return ShareCount(count, m.group("kind").lower() != "shares", m.start(), m.end())
