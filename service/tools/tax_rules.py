"""The document's tax rules as data: each rule id of docs/tax-rules.md §2 with its verbatim quotation.

``quote`` is the spec's quotation; ``fragments`` are the pieces of it that appear verbatim in the corpus once
runs of whitespace are collapsed to one space (R-31 quotes several list items, joined here by " … ").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

_WS = re.compile(r"\s+")


def normalise_ws(text: str) -> str:
    """Collapse every run of whitespace (tabs, line breaks) to one space and strip the ends."""
    return _WS.sub(" ", text).strip()


@dataclass(frozen=True)
class Rule:
    """One quoted rule of the document."""

    id: str
    quote: str
    fragments: tuple[str, ...]


def _rule(rule_id: str, *fragments: str) -> Rule:
    return Rule(id=rule_id, quote=" … ".join(fragments), fragments=fragments)


_ALL: tuple[Rule, ...] = (
    _rule(
        "R-01",
        (
            "The following is a discussion summarizing material Japanese tax consequences to an owner "
            "of shares or ADSs who is a non-resident of Japan or a non-Japanese corporation without a "
            "permanent establishment in Japan to which the relevant income is attributable."
        ),
    ),
    _rule(
        "R-02",
        (
            "The statements regarding Japanese tax laws set forth below are based on the laws in "
            "force and as interpreted by the Japanese taxation authorities as at the date hereof."
        ),
    ),
    _rule(
        "R-03",
        (
            "Generally, a non-resident of Japan or a non-Japanese corporation is subject to Japanese "
            "withholding tax on dividends paid by Japanese corporations."
        ),
    ),
    _rule(
        "R-04",
        (
            "The Convention between the Government of Japan and the Government of the United States "
            "of America for the Avoidance of Double Taxation and the Prevention of Fiscal Evasion "
            'with Respect to Taxes on Income (the "Treaty") was newly signed on November 7, 2003 and '
            "the Treaty entered into force on March 30, 2004."
        ),
    ),
    _rule(
        "R-05",
        (
            "Upon the Treaty coming into force, the Convention between Japan and the United States of "
            "America for the Avoidance of Double Taxation and the Prevention of Fiscal Evasion with "
            'Respect to Taxes on Income, signed on March 8, 1971 (the "Prior Treaty") ceased to have '
            "effect."
        ),
    ),
    _rule(
        "R-06",
        (
            "The Treaty reduces the maximum rate of Japanese withholding tax which may be imposed on "
            'dividends paid to a United States resident or corporation not having a "permanent '
            'establishment" in Japan.'
        ),
    ),
    _rule(
        "R-07",
        (
            "With respect to taxes withheld at source, the Treaty is applicable for amount taxable on "
            "or after July 1, 2004."
        ),
    ),
    _rule(
        "R-08",
        (
            "Under the Treaty, the maximum withholding rate for most shareholders is limited to 10% "
            "of the gross amount actually distributed."
        ),
    ),
    _rule(
        "R-09",
        (
            "However, the maximum rate is 5% of the gross amount actually distributed, if the "
            "recipient is a corporation that owns directly or indirectly, on the date on which "
            "entitlement to the dividends is determined, at least 10% of the voting shares of the "
            "paying corporation."
        ),
    ),
    _rule(
        "R-10a",
        "Moreover, withholding tax on dividends is not imposed, if the recipient is",
    ),
    _rule(
        "R-10b",
        (
            "a corporation that has owned, directly or indirectly through one or more residents of "
            "either Japan or the US, more than 50% of the voting shares of the paying corporation for "
            "the period of twelve months ending on the date on which entitlement to the dividends is "
            "determined and which meets additional requirements, or"
        ),
    ),
    _rule(
        "R-10c",
        (
            "a pension fund, provided that such dividends are not derived from the carrying on of a "
            "business, directly or indirectly, by such pension fund."
        ),
    ),
    _rule(
        "R-11",
        (
            "The Prior Treaty The Treaty 10% or more of the voting shares 10% More than 50% of the "
            "voting shares 0% 10% to 50% of the voting shares 5% Others 15% Others 10%"
        ),
    ),
    _rule(
        "R-12",
        (
            "For purposes of the Treaty and Japanese tax law, U.S. holders of ADRs will be treated as "
            "the owners of the shares underlying the ADSs evidenced by the ADRs."
        ),
    ),
    _rule(
        "R-13a",
        (
            "Unless an applicable tax treaty, convention or agreement reduces the maximum rate of "
            "withholding tax, the rate of Japanese withholding tax applicable to dividends paid by "
            "Japanese corporations to a non-resident or non-Japanese corporation is 20%."
        ),
    ),
    _rule(
        "R-13b",
        (
            "These countries include, among others, Australia, Belgium, Canada, Denmark, Finland, "
            "France, Germany, Ireland, Italy, Luxembourg, The Netherlands, New Zealand, Norway, "
            "Singapore, Spain, Sweden, Switzerland, and the United Kingdom."
        ),
    ),
    _rule(
        "R-13c",
        (
            "The withholding tax rate is further reduced if investors and IIJ have some capital "
            "relationship as provided for in an applicable tax treaty."
        ),
    ),
    _rule(
        "R-14",
        (
            "Non-resident holders who are entitled to a reduced rate of Japanese withholding tax on "
            "payment of dividends by IIJ must submit the required form in advance through IIJ to the "
            "relevant tax authority before payment of dividends."
        ),
    ),
    _rule(
        "R-15",
        (
            "With respect to ADSs, the reduced rate is applicable if The Bank of New York, as "
            "depositary, or its agent submits two Application Forms for Income Tax Convention — one "
            "form must be submitted before payment of dividends, and the other form must be submitted "
            "within eight months after our fiscal year end."
        ),
    ),
    _rule(
        "R-16",
        (
            "A non-resident holder of shares or ADSs who does not submit an application in advance "
            "will be entitled to claim from the relevant Japanese tax authority a refund of "
            "withholding taxes withheld in excess of the rate of an applicable tax treaty."
        ),
    ),
    _rule(
        "R-17a",
        (
            "Gains derived from the sale outside Japan of the shares or ADSs by a non-resident of "
            "Japan or a non-Japanese corporation are in general not subject to Japanese income or "
            "corporation taxes."
        ),
    ),
    _rule(
        "R-17b",
        (
            "In addition, gains derived from the sale of shares or ADSs within Japan by a "
            "non-resident of Japan or non-Japanese corporation not having a permanent establishment "
            "in Japan are in general not subject to Japanese income or corporation taxes."
        ),
    ),
    _rule(
        "R-18",
        (
            "An individual who has acquired shares or ADSs as a distributee, legatee or donee may "
            "have to pay Japanese inheritance and gift taxes at progressive rates."
        ),
    ),
    _rule(
        "R-19",
        (
            "IIJ has paid or will pay any stamp, registration or similar tax imposed by Japan in "
            "connection with the issue of the shares, except that IIJ will not pay any tax payable in "
            "connection with the transfer or sale of the shares by a holder thereof."
        ),
    ),
    _rule(
        "R-20",
        (
            "Stock splits, except when treated as dividends in certain conditions, are not subject to "
            "Japanese income tax."
        ),
    ),
    _rule(
        "R-30",
        (
            "It only applies to you if you are a U.S. holder, as defined below, and you hold your "
            "shares or ADSs as capital assets."
        ),
    ),
    _rule(
        "R-31",
        "tax-exempt entities,",
        "life insurance companies,",
        "dealers in securities,",
        "traders in securities that elect to mark-to-market,",
        "investors liable for alternative minimum tax,",
        "investors that actually or constructively own 10% or more of the voting stock of IIJ,",
        (
            "investors that hold shares or ADSs as part of a straddle or a hedging or conversion "
            "transaction, or"
        ),
        "U.S. holders (as defined below) whose functional currency is not the U.S. dollar.",
    ),
    _rule(
        "R-32",
        (
            'The discussion under the headings "Taxation of Dividends" and "Taxation of Capital '
            'Gains" assumes that we will not be treated as a Passive Foreign Investment Company '
            "(PFIC) for U.S. federal income tax purposes."
        ),
    ),
    _rule(
        "R-33",
        (
            "Under the United States federal income tax laws, if you are a U.S. holder, the gross "
            "amount of any dividend we pay out of our current or accumulated earnings and profits (as "
            "determined for United States federal income tax purposes) is subject to United States "
            "federal income taxation."
        ),
    ),
    _rule(
        "R-34",
        (
            "If you are a noncorporate U.S. holder, dividends paid to you in taxable years beginning "
            "after December 31, 2002 and before January 1, 2009 that constitute qualified dividend "
            "income will be taxable to you at a maximum tax rate of 15% provided that you hold the "
            "shares or ADSs for more than 60 days during the 120-day period beginning 60 days before "
            "the ex-dividend date and meet other holding period requirements."
        ),
    ),
    _rule(
        "R-35a",
        (
            "The IRS has announced that it will permit taxpayers to apply a proposed legislative "
            "change to the holding period requirement described in the preceding sentence as if such "
            "change were already effective."
        ),
    ),
    _rule(
        "R-35b",
        (
            'This legislative "technical correction" would change the minimum required holding '
            "period, retroactive to January 1, 2003, to more than 60 days during the 121-day period "
            "beginning 60 days before the exdividend date."
        ),
    ),
    _rule(
        "R-36",
        ("Dividends we pay with respect to the shares or ADSs generally will be qualified dividend income."),
    ),
    _rule(
        "R-37",
        (
            "You must include any Japanese tax withheld from the dividend payment in this gross "
            "amount even though you do not in fact receive it."
        ),
    ),
    _rule(
        "R-38",
        (
            "The dividend is taxable to you when you, in the case of shares, or the Depositary, in "
            "the case of ADSs, receive the dividend, actually or constructively."
        ),
    ),
    _rule(
        "R-39",
        (
            "The dividend will not be eligible for the dividends-received deduction generally allowed "
            "to United States corporations in respect of dividends received from other United States "
            "corporations."
        ),
    ),
    _rule(
        "R-40",
        (
            "The amount of the dividend distribution that you must include in your income as a U.S. "
            "holder will be the U.S. dollar value of the Japanese yen payments made, determined at "
            "the spot Japanese yen/U.S. dollar rate on the date the dividend distribution is "
            "includible in your income, regardless of whether the payment is in fact converted into "
            "U.S. dollars."
        ),
    ),
    _rule(
        "R-41",
        (
            "Generally, any gain or loss resulting from currency exchange fluctuations during the "
            "period from the date you include the dividend payment in income to the date you convert "
            "the payment into U.S. dollars will be treated as ordinary income or loss and will not be "
            "eligible for the special tax rate applicable to qualified dividend income."
        ),
    ),
    _rule(
        "R-42",
        (
            "The gain or loss generally will be income or loss from sources within the United States "
            "for foreign tax credit limitation purposes."
        ),
    ),
    _rule(
        "R-43",
        (
            "Distributions in excess of current and accumulated earnings and profits, as determined "
            "for United States federal income tax purposes, will be treated as a return of capital to "
            "the extent of your basis in the shares or ADSs and thereafter as capital gain."
        ),
    ),
    _rule(
        "R-44",
        (
            "Subject to certain limitations, the Japanese tax withheld in accordance with the Treaty "
            "and paid over to Japan will be creditable against your United States federal income tax "
            "liability."
        ),
    ),
    _rule(
        "R-45",
        (
            "Special rules apply in determining the foreign tax credit limitation with respect to "
            "dividends that are subject to the maximum 15% tax rate."
        ),
    ),
    _rule(
        "R-46",
        (
            "To the extent a refund of the tax withheld is available to you under Japanese law or "
            "under the Treaty, the amount of tax withheld that is refundable will not be eligible for "
            "credit against your United States federal income tax liability."
        ),
    ),
    _rule(
        "R-47",
        (
            "Dividends constitute income from sources outside the United States, but generally will "
            'be "passive income" or, if received by financial institutions, "financial services '
            'income."'
        ),
    ),
    _rule(
        "R-48",
        (
            "If you sell or otherwise dispose of your shares or ADSs, you will recognize capital gain "
            "or loss for United States federal income tax purposes equal to the difference between "
            "the U.S. dollar value of the amount that you realize and your tax basis, determined in "
            "U.S. dollars, in your shares or ADSs."
        ),
    ),
    _rule(
        "R-49",
        (
            "Capital gain of a noncorporate U.S. holder that is recognized on or after May 6, 2003 "
            "and before January 1, 2009 is generally taxed at a maximum rate of 15% where the holder "
            "has a holding period greater than one year."
        ),
    ),
    _rule(
        "R-50",
        (
            "Additionally, gain or loss will generally be from sources within the United States for "
            "foreign tax credit limitation purposes."
        ),
    ),
    _rule(
        "R-51",
        (
            "Exchanges of shares for ADSs, and ADSs for shares, generally will not be subject to "
            "United States federal income tax."
        ),
    ),
    _rule(
        "R-60",
        (
            "We do not believe that we will be treated as a PFIC for United States federal income tax "
            "purposes for our most recent taxable year."
        ),
    ),
    _rule(
        "R-61",
        (
            "In general, we will be a PFIC with respect to you if for any of our taxable years in "
            "which you held our ADSs or shares:"
        ),
    ),
    _rule(
        "R-62",
        "at least 75% of our gross income for the taxable year is passive income, or",
    ),
    _rule(
        "R-63",
        (
            "at least 50% of the value, determined on the basis of a quarterly average, of our assets "
            "is attributable to assets that produce or are held for the production of passive income."
        ),
    ),
    _rule(
        "R-64",
        (
            "Passive income generally includes dividends, interest, royalties, rents (other than "
            "certain rents and royalties derived in the active conduct of a trade or business), "
            "annuities and gains from assets that produce passive income."
        ),
    ),
    _rule(
        "R-65",
        (
            "If a foreign corporation owns at least 25% by value of the stock of another corporation, "
            "the foreign corporation is treated for purposes of the PFIC tests as owning its "
            "proportionate share of the assets of the other corporation, and as receiving directly "
            "its proportionate share of the other corporation's income."
        ),
    ),
    _rule(
        "R-66",
        (
            "If we are treated as a PFIC and you did not make a mark-to-market election, as described "
            "below, you will be subject to special rules with respect to:"
        ),
    ),
    _rule(
        "R-67",
        "any gain you realize on the sale or other disposition of your shares or ADSs and",
    ),
    _rule(
        "R-68",
        (
            'any "excess distribution" that we make to you (generally, any distributions to you '
            "during a single taxable year that are greater than 125% of the average annual "
            "distributions received by you in respect of the shares or ADSs during the three "
            "preceding taxable years or, if shorter, your holding period for the shares or ADSs)."
        ),
    ),
    _rule(
        "R-69",
        (
            "the gain or excess distribution will be allocated ratably over your holding period for "
            "the shares or ADSs,"
        ),
    ),
    _rule(
        "R-70",
        (
            "the amount allocated to the taxable year in which you realized the gain or excess "
            "distribution will be taxed as ordinary income,"
        ),
    ),
    _rule(
        "R-71",
        (
            "the amount allocated to each prior year, with certain exceptions, will be taxed at the "
            "highest tax rate in effect for that year, and"
        ),
    ),
    _rule(
        "R-72",
        (
            "the interest charge generally applicable to underpayments of tax will be imposed in "
            "respect of the tax attributable to each such year."
        ),
    ),
    _rule(
        "R-73",
        (
            "Special rules apply for calculating the amount of the foreign tax credit with respect to "
            "excess distributions by a PFIC."
        ),
    ),
    _rule(
        "R-74",
        ("If your shares or ADSs are treated as stock of a PFIC, you may make a mark-to-market election."),
    ),
    _rule(
        "R-75",
        "If you make this election, you will not be subject to the PFIC rules described above.",
    ),
    _rule(
        "R-76",
        (
            "Instead, in general, you will include as ordinary income each year the excess, if any, "
            "of the fair market value of your shares or ADSs at the end of the taxable year over your "
            "adjusted basis in your shares or ADSs."
        ),
    ),
    _rule(
        "R-77",
        (
            "These amounts of ordinary income will not be eligible for the favorable tax rates "
            "applicable to qualified dividend income or long-term capital gains."
        ),
    ),
    _rule(
        "R-78",
        (
            "You will also be allowed to take an ordinary loss in respect of the excess, if any, of "
            "the adjusted basis of your shares or ADSs over their fair market value at the end of the "
            "taxable year or over their final sale or disposition prices, but only to the extent of "
            "the net amount of previously included income as a result of the mark-to-market election."
        ),
    ),
    _rule(
        "R-79",
        ("Your basis in the shares or ADSs will be adjusted to reflect any such income or loss amounts"),
    ),
    _rule(
        "R-80",
        (
            "In addition, notwithstanding any election you make with regard to the shares or ADSs, "
            "dividends that you receive from us will not constitute qualified dividend income to you "
            "if we are a PFIC either in the taxable year of the distribution or the preceding taxable "
            "year."
        ),
    ),
    _rule(
        "R-81",
        (
            "Instead, you must include the gross amount of any such dividend paid by us out of our "
            "accumulated earnings and profits (as determined for United States federal income tax "
            "purposes) in your gross income, and it will be subject to tax at rates applicable to "
            "ordinary income."
        ),
    ),
    _rule(
        "R-82",
        (
            "If you own shares or ADSs during any year that we are a PFIC, you must file Internal "
            "Revenue Service Form 8621."
        ),
    ),
)

RULES: Mapping[str, Rule] = MappingProxyType({rule.id: rule for rule in _ALL})
