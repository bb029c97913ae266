"""The notes an answer carries for the calculation's flags and the assumptions made."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from service.qa.numeric.wording import Cites


def disclosures(
    flags: Sequence[str], inputs: Mapping[str, Any], facts: Mapping[str, Any], cite: Cites, notes: list[str]
) -> list[str]:
    out: list[str] = []
    flag_set = set(flags)
    if "fx_inverted_from" in facts and any(k.startswith("jpy_per_usd") for k in inputs):
        rate = next(v for k, v in inputs.items() if k.startswith("jpy_per_usd"))
        out.append(f"(I used ¥{rate} to the dollar, the inverse of the dollars-per-yen rate you gave.)")
    if "net_dividend_jpy" in facts and not facts.get("dividend_is_net") and "gross_dividend_jpy" in inputs:
        net, gross = Decimal(str(facts["net_dividend_jpy"])), Decimal(str(inputs["gross_dividend_jpy"]))
        out.append(
            f"(The ¥{net:,.0f} you gave is net of the tax withheld; the gross dividend is ¥{gross:,.0f}.)"
        )
    if "voting_pct_note" in facts and "voting_pct" in inputs:
        note = str(facts["voting_pct_note"])
        rule = cite("R-10b") if Decimal(str(inputs["voting_pct"])) > 50 else cite("R-09")
        out.append(f"({note[0].upper()}{note[1:]}{rule}.)")
    if inputs.get("holder_kind") == "noncorporate" and "holder_type" not in facts:
        rule = cite("R-49") if "acquisition_date" in inputs or "basis_usd" in inputs else cite("R-34")
        out.append(
            f"(No holder was named; I took a noncorporate one, the only holder the 15% rate is for{rule}.)"
        )
    if "treaty" in notes:
        out.append(
            "(No payment date was given; I took a dividend paid on or after July 1, 2004, when the Treaty applies.)"
        )
    if "prior" in notes:
        out.append(
            "(No payment date was given; I took a dividend paid before July 1, 2004, under the Prior Treaty.)"
        )
    for note in notes:
        if note.startswith("any day"):
            out.append(f"({note[0].upper()}{note[1:]}.)")
    if "DOC_TENSION_PRIOR_TREATY_CEASED" in flag_set:
        out.append(
            f"Note that the report says the Prior Treaty ceased to have effect when the Treaty came into force"
            f"{cite('R-05')}, yet the Treaty applies only from July 1, 2004{cite('R-07')}; the Prior Treaty rates are used."
        )
    if "PRIOR_TREATY_HOLDER_TYPE_NOT_IN_DOC" in flag_set and inputs.get("holder_type") not in {
        None,
        "corporation",
    }:
        out.append(
            "The report's Prior Treaty table sets the rate by voting shares only, with no holder-type conditions."
        )
    if "PENSION_FUND_TREATED_AS_NON_CORPORATE" in flag_set:
        out.append(
            "Because its dividends are derived from the carrying on of a business, the pension fund does not get the "
            f"exemption for pension funds, which requires dividends not so derived{cite('R-10c')}; it gets the "
            f"general rate, since the 5% rate needs a corporation{cite('R-09')}."
        )
    if "CALLER_ASSERTED_ADDITIONAL_REQUIREMENTS" in flag_set:
        out.append(
            "The 0% rate rests on your statement that IIJ's additional treaty requirements (not defined in the 20-F) are met."
        )
    if "JPY_TRUNCATION" in flag_set:
        out.append("Fractions of a yen are truncated.")
    if "ADS_DEPOSITARY_FORMS" in flag_set:
        out.append(f"For ADSs the depositary must submit the application forms{cite('R-15')}.")
    if "ASSUMED_UNDER_10PCT" in flag_set:
        out.append(f"This assumes the holder owns less than 10% of IIJ's voting stock{cite('R-31')}.")
    if "ASSUMED_NOT_PFIC" in flag_set:
        out.append(f"It assumes IIJ is not a PFIC{cite('R-32')}.")
    if "FTC_LIMITATION_NOT_COMPUTED" in flag_set:
        out.append("The foreign tax credit limitation is not computed.")
    if "INTEREST_NOT_COMPUTED" in flag_set:
        out.append(
            f"The interest rate for the interest charge is not stated in the report{cite('R-72')}, so interest is not "
            "computed."
        )
    if "LAW_AS_OF_2004" in flag_set:
        out.append(
            f"The report states the law as at its date (“as at the date hereof”){cite('R-02')}, so later changes are not reflected."
        )
    return out
