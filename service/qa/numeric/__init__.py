"""The natural-language numeric layer: detect calculator questions, fill the calculator's inputs, compose the answer.

Policy (numeric vs retrieval). A question goes to the calculator when it asks for a figure — a rate, an amount,
a refund, a tax, a holding-period or PFIC result — *for a situation* (an amount, a holder, a country, an ownership
share, a date) or when it asks for a figure the report does not give (spec §4: treaty-country rates, the PFIC
interest rate, ordinary or inheritance tax rates). Pure definitions and facts ("what does PFIC mean?", "who is
the depositary?", "what is the maximum rate under the treaty for most shareholders?") return ``None`` and are
left to retrieval. Every number in an answer comes from the calculation's inputs/result or a cited rule quote.
"""

from service.qa.numeric.answer import NumericAnswer
from service.qa.numeric.conversation import _replayed, answer_numeric
from service.qa.numeric.questions import field_name, question_for
from service.qa.numeric.routes import detect_intent
from service.qa.numeric.wording import fmt_pct_units, fmt_rate, fmt_usd, fmt_yen

__all__ = [
    "NumericAnswer",
    "_replayed",
    "answer_numeric",
    "detect_intent",
    "field_name",
    "fmt_pct_units",
    "fmt_rate",
    "fmt_usd",
    "fmt_yen",
    "question_for",
]
