"""The pure parts of the edge: token bucket (injected clock), key comparison, bearer parsing, fingerprints."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import SecretStr

from service.api.security import (
    KeyChecker,
    RateLimiter,
    bearer_token,
    fingerprint,
    is_protected,
    retry_after_header,
)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def test_a_caller_gets_its_whole_minute_in_a_burst_then_waits_for_the_next_token() -> None:
    clock = FakeClock()
    limiter = RateLimiter(60, clock)
    assert [limiter.check("a") for _ in range(60)] == [0.0] * 60
    assert limiter.check("a") == pytest.approx(1.0)  # 60 a minute: one token a second


def test_tokens_come_back_evenly_over_the_minute() -> None:
    clock = FakeClock()
    limiter = RateLimiter(6, clock)  # one token every 10 s
    for _ in range(6):
        limiter.check("a")
    assert limiter.check("a") == pytest.approx(10.0)
    clock.advance(4)
    assert limiter.check("a") == pytest.approx(6.0)
    clock.advance(6)
    assert limiter.check("a") == 0.0
    assert limiter.check("a") > 0


def test_an_idle_caller_never_saves_up_more_than_one_minute() -> None:
    clock = FakeClock()
    limiter = RateLimiter(3, clock)
    limiter.check("a")
    clock.advance(3600)
    assert [limiter.check("a") for _ in range(4)][:3] == [0.0, 0.0, 0.0]
    assert limiter.check("a") > 0


def test_callers_have_separate_buckets() -> None:
    clock = FakeClock()
    limiter = RateLimiter(1, clock)
    assert limiter.check("key-a") == 0.0
    assert limiter.check("key-a") > 0
    assert limiter.check("key-b") == 0.0


def test_refilled_buckets_are_forgotten_once_there_are_too_many_callers() -> None:
    clock = FakeClock()
    limiter = RateLimiter(60, clock, max_callers=10)
    for n in range(10):
        limiter.check(f"ip-{n}")
    clock.advance(60)
    limiter.check("ip-new")
    assert len(limiter._buckets) == 1


@given(per_minute=st.integers(1, 1000), gaps=st.lists(st.floats(0, 5), max_size=200))
def test_no_caller_ever_exceeds_the_limit_within_any_minute(per_minute: int, gaps: list[float]) -> None:
    clock = FakeClock()
    limiter = RateLimiter(per_minute, clock)
    allowed: list[float] = []
    for gap in gaps:
        clock.advance(gap)
        if limiter.check("a") == 0.0:
            allowed.append(clock.now)
    for start in allowed:
        # a full bucket plus what refills inside the window
        assert sum(1 for t in allowed if start <= t < start + 60) <= 2 * per_minute


def test_retry_after_is_whole_seconds_rounded_up_and_at_least_one() -> None:
    assert retry_after_header(0.01) == 1
    assert retry_after_header(1.0) == 1
    assert retry_after_header(1.2) == 2


def test_limit_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        RateLimiter(0)


@pytest.mark.parametrize(
    ("presented", "ok"),
    [
        ("alpha", True),
        ("beta", True),
        ("alph", False),
        ("alphaa", False),
        ("", False),
        (None, False),
        ("ünï", False),
    ],
)
def test_only_a_configured_key_matches(presented: str | None, ok: bool) -> None:
    assert KeyChecker([SecretStr("alpha"), SecretStr("beta")]).matches(presented) is ok


def test_no_keys_means_checking_is_off() -> None:
    assert not KeyChecker([]).enabled
    assert KeyChecker([SecretStr("k")]).enabled


@pytest.mark.parametrize(
    ("header", "token"),
    [
        ("Bearer abc", "abc"),
        ("bearer abc", "abc"),
        ("Bearer   abc  ", "abc"),
        ("Basic abc", None),
        ("Bearer", None),
        ("abc", None),
        ("", None),
        (None, None),
    ],
)
def test_bearer_token_is_read_from_the_authorization_header(header: str | None, token: str | None) -> None:
    assert bearer_token(header) == token


def test_fingerprint_is_stable_short_and_does_not_contain_the_key() -> None:
    key = "sk-very-secret-key"
    assert fingerprint(key) == fingerprint(key)
    assert fingerprint(key) != fingerprint(key + "x")
    assert key not in fingerprint(key)
    assert len(fingerprint(key)) == len("key-") + 16


def test_fingerprint_is_not_a_bare_hash_of_the_key() -> None:
    # keyed by a per-process secret: a logged fingerprint cannot be matched against hashes of guessed keys
    key = "sk-very-secret-key"
    assert fingerprint(key)[4:] not in hashlib.sha256(key.encode()).hexdigest()


@pytest.mark.parametrize(
    ("path", "protected"),
    [
        ("/v1/ask", True),
        ("/v1/chat/completions", True),
        ("/v1", True),
        ("/v1x", False),
        ("/healthz", False),
        ("/readyz", False),
        ("/slack/events", False),
        ("/openapi.json", False),
    ],
)
def test_only_v1_routes_need_a_key(path: str, protected: bool) -> None:
    assert is_protected(path) is protected
