"""Every calculator function the numeric layer uses, declared once (see spec.py), found by the name a route gives."""

from __future__ import annotations

from service.qa.numeric import write_jp, write_misc, write_pfic, write_us
from service.qa.numeric.spec import CalcSpec

SPECS: dict[str, CalcSpec] = {
    spec.name: spec for spec in (*write_jp.SPECS, *write_us.SPECS, *write_pfic.SPECS, *write_misc.SPECS)
}


def spec_for(intent: str) -> CalcSpec:
    """The spec a route's target names ("not_stated:<topic>" is the ``not_stated`` spec for that topic)."""
    return SPECS[intent.split(":", 1)[0]]
