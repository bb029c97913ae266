"""Places within a country, as data: someone resident in one of them is resident in that country.

A section written for non-residents of a country ("a non-resident of Japan") does not cover someone who says they
live in one of its prefectures or cities ("a resident of Sendai", "I live in Hokkaido"). Keys and names are lower-case
single words, as the question's words are read (service/qa/disclaimers.py).
"""

from __future__ import annotations

# Japan's 47 prefectures and its designated and other large cities (romanised, without macrons or "-ken"/"-shi").
_JAPAN = frozenset(
    (
        "hokkaido aomori iwate miyagi akita yamagata fukushima ibaraki tochigi gunma saitama chiba tokyo "
        "kanagawa niigata toyama ishikawa fukui yamanashi nagano gifu shizuoka aichi mie shiga kyoto osaka "
        "hyogo nara wakayama tottori shimane okayama hiroshima yamaguchi tokushima kagawa ehime kochi fukuoka "
        "saga nagasaki kumamoto oita miyazaki kagoshima okinawa "
        "yokohama nagoya sapporo kobe kawasaki sendai kitakyushu sakai hamamatsu sagamihara funabashi "
        "hachioji naha kanazawa matsuyama utsunomiya matsudo nishinomiya kurashiki himeji shinjuku shibuya "
        "minato setagaya"
    ).split()
)

PLACES_IN: dict[str, frozenset[str]] = {"japan": _JAPAN}


def within(place: str, country: str) -> bool:
    """Whether ``place`` (a lower-case word) names ``country`` itself or a place inside it (``"osaka"`` in
    ``"japan"``)."""
    return place == country or place in PLACES_IN.get(country, frozenset())
