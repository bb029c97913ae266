"""Answer writers for figures the report does not give, deadlines, distributions and currency gains."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from service.qa.numeric.answer import Result
from service.qa.numeric.inputs import read_deadline, read_distribution, read_fx, read_not_stated
from service.qa.numeric.spec import CalcSpec
from service.qa.numeric.wording import Cites, fmt_usd, fmt_yen, in_words


def _compose_not_stated(
    function: str,
    inputs: Mapping[str, Any],
    result: Result,
    branches: dict[str, Result] | None,
    facts: Mapping[str, Any],
    cite: Cites,
    question: str,
) -> list[str]:
    texts = {
        "pfic_interest_rate": "The report gives no interest rate for the PFIC interest charge: it says only that the interest charge generally applicable to underpayments of tax is imposed",
        "inheritance_gift_rates": "The report gives no inheritance or gift tax rates: it says only that they are charged at progressive rates",
        "us_ordinary_rates": "The report gives no ordinary income-tax rates: it says only that such dividends are taxed at rates applicable to ordinary income",
        "capital_relationship_reduction": "The report gives no number for the capital-relationship reduction: it says only that the rate is further reduced",
        "additional_requirements_definition": "The report does not define the additional requirements for the 0% rate",
        "pfic_top_rates": "The report gives no highest tax rates for prior years",
        "stamp_transfer_tax": "The report gives no stamp or transfer tax amounts",
        "lower_qdi_brackets": "The report gives only the maximum 15% rate, no lower rates",
        "ftc_limitation": "The report does not describe how the foreign tax credit limitation is computed",
        "ads_ratio": "The ADS-to-share ratio is not in this part of the report",
        "fiscal_year_end": "IIJ's fiscal year end is not in this part of the report",
        "capital_loss_limits": "The report gives no capital-loss limitation or carryover rules",
    }
    topic = str(inputs.get("topic"))
    return [texts.get(topic, "The report gives no number for this") + cite(*result.get("rules", [])) + "."]


def _compose_deadline(
    function: str,
    inputs: Mapping[str, Any],
    result: Result,
    branches: dict[str, Result] | None,
    facts: Mapping[str, Any],
    cite: Cites,
    question: str,
) -> list[str]:
    return [
        f"The depositary's second treaty form is due within eight months after the fiscal year end{cite('R-15')}: "
        f"by {in_words(result['deadline'])} for a fiscal year ending {in_words(inputs['fiscal_year_end'])} (IIJ's "
        "fiscal year end is not in this part of the report)."
    ]


def _compose_distribution(
    function: str,
    inputs: Mapping[str, Any],
    result: Result,
    branches: dict[str, Result] | None,
    facts: Mapping[str, Any],
    cite: Cites,
    question: str,
) -> list[str]:
    """A distribution above earnings and profits leads with the return-of-capital rule that splits the excess."""
    total = fmt_usd(inputs["distribution_usd"])
    dividend = fmt_usd(result["dividend_usd"])
    capital = fmt_usd(result["return_of_capital_usd"])
    gain = fmt_usd(result["capital_gain_usd"])
    if result.get("basis_after_usd") is None:
        # covered by earnings and profits: the basis was not needed and does not change
        return [
            f"All of the {total} distribution is a dividend out of earnings and profits{cite('R-33')}: none of it "
            f"is a return of capital ({capital}) or capital gain ({gain}), so your basis is unchanged.",
        ]
    basis = f"Your basis falls to {fmt_usd(result['basis_after_usd'])}."
    if Decimal(str(result["return_of_capital_usd"])) > 0 or Decimal(str(result["capital_gain_usd"])) > 0:
        return [
            f"Of the {total} distribution, the part above earnings and profits is a return of capital up to your "
            f"basis, {capital}, and thereafter capital gain, {gain}{cite('R-43')}; the other {dividend} is a dividend "
            f"out of earnings and profits{cite('R-33')}.",
            basis,
        ]
    return [
        f"Of the {total} distribution, {dividend} is a dividend out of earnings and profits{cite('R-33')}; the "
        f"excess is a return of capital up to your basis, {capital}, and thereafter capital gain, {gain}"
        f"{cite('R-43')}.",
        basis,
    ]


def _compose_fx(
    function: str,
    inputs: Mapping[str, Any],
    result: Result,
    branches: dict[str, Result] | None,
    facts: Mapping[str, Any],
    cite: Cites,
    question: str,
) -> list[str]:
    amount = Decimal(str(result["fx_gain_loss_usd"]))
    kind = "gain" if amount >= 0 else "loss"
    return [
        f"Converting {fmt_yen(inputs['yen_amount'])} at ¥{inputs['jpy_per_usd_conversion']} to the dollar after including "
        f"it at ¥{inputs['jpy_per_usd_inclusion']} gives a currency {kind} of {fmt_usd(abs(amount))}: it is ordinary "
        f"income or loss, not eligible for the qualified dividend rate{cite('R-41')}, and from sources within the United States for foreign "
        f"tax credit limitation purposes{cite('R-42')}."
    ]


SPECS = (
    CalcSpec("not_stated", needs=("topic",), optional={}, read=read_not_stated, write=_compose_not_stated),
    CalcSpec(
        "ads_second_form_deadline",
        needs=("fiscal_year_end",),
        optional={},
        read=read_deadline,
        write=_compose_deadline,
    ),
    CalcSpec(
        "distribution_split",
        needs=("distribution_usd", "earnings_and_profits_usd", "basis_usd"),
        optional={"currency": None},
        read=read_distribution,
        write=_compose_distribution,
    ),
    CalcSpec(
        "fx_gain_loss",
        needs=("yen_amount", "jpy_per_usd_inclusion", "jpy_per_usd_conversion"),
        optional={},
        before_call=("jpy_per_usd_inclusion", "jpy_per_usd_conversion"),
        read=read_fx,
        write=_compose_fx,
    ),
)
