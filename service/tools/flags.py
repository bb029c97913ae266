"""What each calculator flag (docs/tax-rules.md §1.6) means, in words a reader of an answer can follow (data)."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

FLAG_WORDS: Mapping[str, str] = MappingProxyType(
    {
        "DOC_TENSION_PRIOR_TREATY_CEASED": (
            "Paid between 30 March and 30 June 2004: the report says the Prior Treaty ceased when the Treaty came "
            "into force, yet the Treaty applies only from 1 July 2004; the Prior Treaty table was applied."
        ),
        "PRIOR_TREATY_EFFECTIVE_DATE_NOT_STATED": (
            "The Prior Treaty was applied to a date before 1973; the report gives only its signing date (1971)."
        ),
        "PRIOR_TREATY_HOLDER_TYPE_NOT_IN_DOC": (
            "The Prior Treaty rate comes from the report's table, which sets no holder-type or holding-period "
            "conditions."
        ),
        "PRIOR_TREATY_ELECTION_NOT_IN_DOC": (
            "Some holders could elect to keep the Prior Treaty for twelve months; the report does not mention "
            "this, so the Treaty was applied."
        ),
        "ADDITIONAL_REQUIREMENTS_UNDEFINED": (
            "The 0% corporate rate depends on “additional requirements” the report does not define."
        ),
        "CALLER_ASSERTED_ADDITIONAL_REQUIREMENTS": (
            "0% was given because the question says the additional requirements are met."
        ),
        "TWELVE_MONTH_CONVENTION": "The twelve-month holding test counts days by a stated convention.",
        "PENSION_FUND_TREATED_AS_NON_CORPORATE": (
            "A pension fund whose dividends come from a business gets the 10% general rate (the 5% rate needs "
            "a corporation)."
        ),
        "NON_EXHAUSTIVE_TREATY_LIST": "The country is not in the report's treaty list, which is “among others”.",
        "CAPITAL_RELATIONSHIP_REDUCTION_NOT_STATED": (
            "The report says the rate is further reduced for capital relationships but gives no number."
        ),
        "ADS_DEPOSITARY_FORMS": (
            "For ADSs the reduced rate needs the depositary's two forms; “form filed” is read as both filed."
        ),
        "JPY_TRUNCATION": "A yen amount had a fraction of a yen, which was cut off.",
        "ASSUMED_CALENDAR_YEAR": "The taxable year is taken to be the calendar year of the payment.",
        "ASSUMED_NOT_PFIC": (
            "Assumes IIJ is not a passive foreign investment company (PFIC), as the report's own discussion does."
        ),
        "ASSUMED_UNDER_10PCT": "Assumes the holder has less than 10% of the vote (the question did not say).",
        "ASSUMED_FULL_E_AND_P": "The whole distribution is treated as a dividend out of earnings and profits.",
        "OTHER_HOLDING_PERIOD_REQUIREMENTS_UNVERIFIED": (
            "The report also requires “other holding period requirements” that it does not define."
        ),
        "HOLDING_DAYCOUNT_EXTERNAL": (
            "Days are counted without the day of purchase and with the day of sale (U.S. practice, not in the "
            "report)."
        ),
        "WINDOW_120_STATUTORY_TEXT": "Uses the 120-day window, quoted in the report as the law before correction.",
        "FTC_FX_RATE_DEFAULTED": (
            "The yen tax is converted to dollars at the dividend's exchange rate; the report gives no rate for "
            "the credit."
        ),
        "FTC_LIMITATION_NOT_COMPUTED": "The foreign tax credit is shown before its limitation.",
        "ORDINARY_RATES_NOT_STATED": "Taxed at ordinary rates, which the report does not give.",
        "NO_DIVIDENDS_RECEIVED_DEDUCTION": "A corporate U.S. holder gets no dividends-received deduction.",
        "CAPITAL_LOSS_RULES_NOT_STATED": "This is a loss; the report gives no rules limiting losses.",
        "SETTLEMENT_VS_TRADE_DATE_NOT_STATED": (
            "Dates are taken as given; the report does not say trade date or settlement date."
        ),
        "ASSET_TEST_METHOD_SENSITIVE": "The PFIC asset test comes out differently depending on how it is averaged.",
        "LOOKTHROUGH_ELIMINATION_BY_CALLER": (
            "Look-through was used; the subsidiary's stock and dividends must already be left out of the figures."
        ),
        "INCOME_TEST_UNDEFINED": "The PFIC income test cannot be computed: gross income is zero.",
        "ASSET_TEST_UNDEFINED": "The PFIC asset test cannot be computed: total assets are zero.",
        "FIRST_YEAR_NOT_STATED": "Asked for the first year of the holding period, which has no earlier years.",
        "MORE_THAN_THREE_PRIOR_YEARS_GIVEN": "Only the last three earlier years were used.",
        "PARTIAL_YEAR_COUNTED_AS_YEAR": "Each earlier taxable year in the holding period counts as a whole year.",
        "DAILY_RATABLE_ALLOCATION": "“Allocated ratably” is done day by day over the holding period.",
        "PFIC_PRIOR_YEAR_EXCEPTIONS_NOT_APPLIED": (
            "The report's “certain exceptions” are not applied: each earlier year is taxed at its top rate."
        ),
        "INTEREST_NOT_COMPUTED": "No interest charge is computed; the report gives no interest rate.",
        "PFIC_FTC_SPECIAL_RULES": "Special foreign tax credit rules apply here; the report does not describe them.",
        "MTM_EXCESS_LOSS_TREATMENT_NOT_STATED": (
            "The report does not say what happens to a mark-to-market loss beyond earlier inclusions."
        ),
        "MTM_SALE_GAIN_CHARACTER_NOT_STATED": (
            "The report does not say how gain on a sale under the mark-to-market election is characterised."
        ),
        "FISCAL_YEAR_END_NOT_IN_DOCUMENT": "The fiscal year end for the depositary's second form was given in the question.",
        "LAW_AS_OF_2004": "The report states the law as of 2004.",
    }
)
