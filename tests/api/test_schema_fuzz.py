"""Schemathesis over /openapi.json against the started app (real model and index, keys on): no 5xx, and every
response matches the schema the service publishes for it (status, content type, body, headers)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import Case, GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.schemas import BaseSchema

from ingest.embedding import Embedder
from service.app import create_app
from service.settings import Settings

pytestmark = pytest.mark.slow

KEY = "fuzz-key-0123456789abcdefghij"
AUTH = {"Authorization": f"Bearer {KEY}"}
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


@pytest.fixture(scope="module")
def started_app(
    ingested_settings: Settings, embedder: Embedder, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[FastAPI]:
    # a copy of the index: generated feedback (POST /v1/feedback) is written under the data dir
    data_dir = tmp_path_factory.mktemp("fuzz") / "data"
    shutil.copytree(ingested_settings.data_dir, data_dir)
    settings = Settings(
        **{
            **ingested_settings.model_dump(),
            "data_dir": data_dir,
            "api_keys": KEY,
            "rate_limit_per_minute": 100_000,
        }
    )
    app = create_app(settings, embedder=embedder)
    with TestClient(app):  # runs the lifespan: the engine is loaded before the first generated request
        yield app


@pytest.fixture(scope="module")
def api_schema(started_app: FastAPI) -> BaseSchema:
    return schemathesis.openapi.from_asgi("/openapi.json", started_app)


def _operations() -> list[tuple[str, str, GenerationMode]]:
    """Every operation with valid input, and those that take a body with invalid input too.

    Building the app loads nothing, so this is cheap at collection.
    """
    document = create_app(Settings(api_keys=KEY)).openapi()
    runs = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            runs.append((method.upper(), path, GenerationMode.POSITIVE))
            if operation.get("requestBody"):  # a string path parameter has no invalid value to generate
                runs.append((method.upper(), path, GenerationMode.NEGATIVE))
    return runs


# schemathesis's pytest plugin (from_fixture) does not run under pytest 9, so the loop is driven by hypothesis.
@pytest.mark.parametrize(("method", "path", "mode"), _operations())
def test_every_operation_answers_within_its_published_schema(
    api_schema: BaseSchema, method: str, path: str, mode: GenerationMode
) -> None:
    operation = api_schema[path][method]
    strategy = operation.as_strategy(mode, headers=AUTH)
    if (
        mode is GenerationMode.POSITIVE
    ):  # the schema's own examples too: random messages rarely end with a question
        strategy = st.one_of(strategy, *operation.get_strategies_from_examples())

    @given(case=strategy)
    @settings(
        max_examples=25,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Case) -> None:
        case.call_and_validate(headers=AUTH, checks=CHECKS)

    run()


def test_the_schema_documents_the_error_shape_and_the_event_stream(started_app: FastAPI) -> None:
    """Every 4xx/5xx is an ErrorResponse, except /readyz's 503, which carries the readiness checks."""
    document = started_app.openapi()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                if status.startswith(("4", "5")) and (path, status) != ("/readyz", "503"):
                    ref = response["content"]["application/json"]["schema"]["$ref"]
                    assert ref == "#/components/schemas/ErrorResponse", (method, path, status)
    chat = document["paths"]["/v1/chat/completions"]["post"]["responses"]["200"]["content"]
    assert set(chat) == {"application/json", "text/event-stream"}
    assert chat["application/json"]["schema"]["$ref"] == "#/components/schemas/ChatCompletion"
