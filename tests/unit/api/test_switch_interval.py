"""The service hands the interpreter lock between threads as often as its settings say (sys.setswitchinterval)."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest

from service.app import create_app
from service.settings import Settings


@pytest.fixture
def restored_switch_interval() -> Iterator[None]:
    before = sys.getswitchinterval()
    yield
    sys.setswitchinterval(before)


@pytest.mark.usefixtures("restored_switch_interval")
def test_building_the_app_sets_the_interpreters_switch_interval_from_the_settings(
    tmp_settings: Settings,
) -> None:
    sys.setswitchinterval(0.005)
    create_app(Settings(**{**tmp_settings.model_dump(), "switch_interval_ms": 2.5}))
    assert sys.getswitchinterval() == pytest.approx(0.0025)


def test_the_default_switch_interval_is_shorter_than_pythons_own() -> None:
    assert Settings().switch_interval_ms < 5.0
