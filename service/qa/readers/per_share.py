"""A dividend per share and the number of shares or ADSs it is paid on."""

from __future__ import annotations

import re

from service.qa.readers.numbers import NUM, SUFFIX

PER_SHARE_AFTER = re.compile(r"^\s*(?:per|a|/|each)\s*(?:share|ads|adss)\b", re.I)
SHARES = re.compile(r"(?P<num>" + NUM + r")" + SUFFIX + r"\s*(?P<kind>shares|ads|adss|adrs)\b", re.I)
