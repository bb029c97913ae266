"""Stage timing: exclusive times per stage, nothing recorded outside a measured question."""

from __future__ import annotations

import time

from service.qa.timing import STAGES, measuring, stage


def test_a_nested_stage_is_taken_out_of_the_stage_around_it() -> None:
    with measuring() as clock, stage("route"):
        time.sleep(0.01)
        with stage("calculate"):
            time.sleep(0.1)
    report = clock.report()
    assert report["calculate"] >= 100
    assert 10 <= report["route"] < 90  # 110 ms or more had the calculator's time stayed in it
    assert report["route"] + report["calculate"] <= report["total"]
    assert list(report) == ["route", "calculate", "total"]


def test_a_stage_met_twice_adds_up_and_stages_come_in_pipeline_order() -> None:
    with measuring() as clock:
        with stage("judge"):
            time.sleep(0.01)
        with stage("embed"):
            pass
        with stage("judge"):
            time.sleep(0.01)
    report = clock.report()
    assert report["judge"] >= 18
    assert list(report) == [s for s in STAGES if s in report] + ["total"]


def test_stages_outside_a_measured_question_record_nothing() -> None:
    with stage("embed"):
        pass
    with measuring() as clock:
        pass
    assert list(clock.report()) == ["total"]
