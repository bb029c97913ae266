"""Hypothesis strategies for report-like plain text: lettered items, headings, paragraphs, bullets, tables."""

from __future__ import annotations

from hypothesis import strategies as st

_WORDS = (
    "the holder shares ADSs dividend tax withheld treaty rate corporation resident Japan United States "
    "income gain capital election PFIC amount gross paid year Company reports U.S. Inc. N.W. 10% ¥1,000 "
    "(as defined) “qualified” non-resident mark-to-market"
).split()


@st.composite
def sentences(draw: st.DrawFn, max_words: int = 40) -> str:
    words = draw(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=max_words))
    end = draw(st.sampled_from([".", ".", ".", "?", ":", ";", ""]))
    return words[0][:1].upper() + " ".join(words)[1:] + end


@st.composite
def paragraphs(draw: st.DrawFn) -> str:
    return " ".join(draw(st.lists(sentences(), min_size=1, max_size=8)))


@st.composite
def bullet_lists(draw: st.DrawFn) -> str:
    marker = draw(st.sampled_from(["- ", "· ", "- · ", "• "]))
    items = draw(st.lists(sentences(max_words=25), min_size=1, max_size=6))
    return "\n".join(marker + item for item in items)


@st.composite
def tables(draw: st.DrawFn) -> str:
    rows = draw(st.lists(st.lists(st.sampled_from(_WORDS), min_size=2, max_size=4), min_size=1, max_size=4))
    return "\n".join("\t".join(row) for row in rows)


_HEADINGS = st.sampled_from(
    [
        "A. Material Contracts.",
        "D. Exchange Controls.",
        "E. Taxation.",
        "Japanese Taxation",
        "United States Taxation",
        "Taxation of Dividends",
        "PFIC Rules",
    ]
)


@st.composite
def report_texts(draw: st.DrawFn) -> str:
    """Blocks separated by blank lines (sometimes two, sometimes with trailing spaces or CRLF)."""
    parts = draw(
        st.lists(
            st.one_of(_HEADINGS, paragraphs(), paragraphs(), bullet_lists(), tables()),
            min_size=1,
            max_size=12,
        )
    )
    separator = draw(st.sampled_from(["\n\n", "\n\n\n", " \n\n", "\r\n\r\n"]))
    return separator.join(parts) + draw(st.sampled_from(["", "\n"]))
