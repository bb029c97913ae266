"""Which answer writer each calculator function has."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from service.qa.numeric.answer import Result
from service.qa.numeric.wording import _Cites
from service.qa.numeric.write_jp import _compose_disposal, _compose_jp
from service.qa.numeric.write_misc import (
    _compose_deadline,
    _compose_distribution,
    _compose_fx,
    _compose_not_stated,
)
from service.qa.numeric.write_pfic import (
    _compose_allocate,
    _compose_excess,
    _compose_holder_status,
    _compose_mtm,
    _compose_pfic_test,
)
from service.qa.numeric.write_us import _compose_capital_gain, _compose_qdi, _compose_us_dividend

Composer = Callable[
    [str, Mapping[str, Any], Result, "dict[str, Result] | None", Mapping[str, Any], _Cites, str], list[str]
]

_COMPOSERS: dict[str, Composer] = {
    "jp_withholding_rate": _compose_jp,
    "jp_withholding_amounts": _compose_jp,
    "us_dividend_tax": _compose_us_dividend,
    "qdi_holding_period": _compose_qdi,
    "us_capital_gain": _compose_capital_gain,
    "jp_tax_on_disposal": _compose_disposal,
    "not_stated": _compose_not_stated,
    "pfic_test": _compose_pfic_test,
    "pfic_excess_distribution": _compose_excess,
    "pfic_allocate": _compose_allocate,
    "pfic_mark_to_market": _compose_mtm,
    "ads_second_form_deadline": _compose_deadline,
    "distribution_split": _compose_distribution,
    "fx_gain_loss": _compose_fx,
    "pfic_holder_status": _compose_holder_status,
}
