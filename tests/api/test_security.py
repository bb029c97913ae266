"""The edge of the service: API keys, the refusal to serve publicly without them, rate limit, body cap,
CORS, and the access log. Most run without the model (the app is not started: only /v1/models and errors)."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.cli import main as cli_main
from service.errors import UnsafeSettings
from service.logging import JsonFormatter, configure_logging
from service.settings import Settings

KEY = "sk-test-alpha-0123456789abcdef"
OTHER_KEY = "sk-test-beta-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {KEY}"}


def settings_for(tmp_path: Path, **overrides: Any) -> Settings:
    return Settings(corpus_dir=tmp_path / "corpus", data_dir=tmp_path / "data", **overrides)


@pytest.fixture
def keyed(tmp_path: Path) -> TestClient:
    """Keys configured; the app is not started (no model), which /v1/models and every refusal need not."""
    return TestClient(create_app(settings_for(tmp_path, api_keys=f"{KEY},{OTHER_KEY}")))


def assert_error_shape(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    error: dict[str, Any] = response.json()["error"]
    assert error["code"] == code
    assert error["message"]
    assert error["request_id"] == response.headers["x-request-id"]
    return error


# -- keys ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/v1/models", "/v1/ask", "/v1/documents", "/v1/nothing-here"])
def test_missing_key_is_401_with_www_authenticate(keyed: TestClient, path: str) -> None:
    response = keyed.get(path)
    assert_error_shape(response, 401, "unauthorized")
    assert response.headers["www-authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "authorization",
    [f"Bearer {KEY}x", "Bearer sk-test", f"Basic {KEY}", KEY, "Bearer ", f"Bearer {KEY[:-1]}"],
)
def test_wrong_key_is_401(keyed: TestClient, authorization: str) -> None:
    response = keyed.get("/v1/models", headers={"Authorization": authorization})
    assert_error_shape(response, 401, "unauthorized")
    assert KEY not in response.text


@pytest.mark.parametrize("key", [KEY, OTHER_KEY])
def test_any_configured_key_is_accepted(keyed: TestClient, key: str) -> None:
    response = keyed.get("/v1/models", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200
    assert response.json()["data"][0]["id"] == "reportqa"


def test_a_refused_key_is_refused_before_the_body_is_read(keyed: TestClient) -> None:
    response = keyed.post(
        "/v1/chat/completions", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert_error_shape(response, 401, "unauthorized")


@pytest.mark.parametrize("path", ["/healthz", "/openapi.json"])
def test_health_and_schema_stay_open_with_keys(keyed: TestClient, path: str) -> None:
    assert keyed.get(path).status_code == 200


def test_readiness_stays_open_with_keys(keyed: TestClient) -> None:
    assert keyed.get("/readyz").status_code == 503  # not started, but answered without a key


def test_slack_events_is_not_behind_api_keys(keyed: TestClient) -> None:
    assert keyed.post("/slack/events", json={}).status_code != 401


def test_without_keys_v1_is_open_on_loopback(tmp_path: Path) -> None:
    client = TestClient(create_app(settings_for(tmp_path)))
    assert client.get("/v1/models").status_code == 200


def test_openapi_declares_bearer_auth_on_v1_routes_only(keyed: TestClient) -> None:
    schema = keyed.get("/openapi.json").json()
    assert schema["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "One of the keys in REPORTQA_API_KEYS.",
    }
    assert schema["paths"]["/v1/chat/completions"]["post"]["security"] == [{"bearerAuth": []}]
    assert "security" not in schema["paths"]["/healthz"]["get"]


# -- refusing to serve publicly without keys -----------------------------------------------------------------
@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "::", "example.com"])
def test_create_app_refuses_a_public_host_without_keys(tmp_path: Path, host: str) -> None:
    with pytest.raises(UnsafeSettings, match="REPORTQA_API_KEYS") as raised:
        create_app(settings_for(tmp_path, host=host))
    assert isinstance(raised.value, ValueError)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_loopback_hosts_need_no_keys(tmp_path: Path, host: str) -> None:
    create_app(settings_for(tmp_path, host=host))


def test_a_public_host_with_keys_is_allowed(tmp_path: Path) -> None:
    create_app(settings_for(tmp_path, host="0.0.0.0", api_keys=KEY))


def test_serve_command_refuses_a_public_host_without_keys(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("REPORTQA_API_KEYS", raising=False)
    assert cli_main(["serve", "--host", "0.0.0.0", "--port", "8765"]) == 2
    assert "REPORTQA_API_KEYS" in capsys.readouterr().err


# -- rate limit ----------------------------------------------------------------------------------------------
def test_a_key_over_its_limit_gets_429_with_retry_after(tmp_path: Path) -> None:
    client = TestClient(
        create_app(settings_for(tmp_path, api_keys=f"{KEY},{OTHER_KEY}", rate_limit_per_minute=3))
    )
    assert [client.get("/v1/models", headers=AUTH).status_code for _ in range(3)] == [200, 200, 200]
    limited = client.get("/v1/models", headers=AUTH)
    assert_error_shape(limited, 429, "rate_limited")
    assert 1 <= int(limited.headers["retry-after"]) <= 20  # 3 a minute: one token every 20 s
    # another key has its own allowance
    assert client.get("/v1/models", headers={"Authorization": f"Bearer {OTHER_KEY}"}).status_code == 200


def test_without_keys_the_limit_is_per_client_address(tmp_path: Path) -> None:
    app = create_app(settings_for(tmp_path, rate_limit_per_minute=2))
    here = TestClient(app, client=("10.0.0.1", 5000))
    there = TestClient(app, client=("10.0.0.2", 5000))
    assert [here.get("/v1/models").status_code for _ in range(3)] == [200, 200, 429]
    assert there.get("/v1/models").status_code == 200


def test_guessing_keys_is_rate_limited_by_address(tmp_path: Path) -> None:
    client = TestClient(create_app(settings_for(tmp_path, api_keys=KEY, rate_limit_per_minute=2)))
    codes = [
        client.get("/v1/models", headers={"Authorization": f"Bearer guess-{n}"}).status_code for n in range(3)
    ]
    assert codes == [401, 401, 429]


def test_health_is_never_rate_limited(tmp_path: Path) -> None:
    client = TestClient(create_app(settings_for(tmp_path, rate_limit_per_minute=1)))
    assert {client.get("/healthz").status_code for _ in range(5)} == {200}


# -- request size and question length ------------------------------------------------------------------------
def one_mib_body() -> bytes:
    body = {"model": "reportqa", "messages": [{"role": "user", "content": "x" * (1024 * 1024)}]}
    return json.dumps(body).encode()


def test_a_1_mib_body_is_413(keyed: TestClient) -> None:
    response = keyed.post(
        "/v1/chat/completions", content=one_mib_body(), headers={**AUTH, "Content-Type": "application/json"}
    )
    assert_error_shape(response, 413, "body_too_large")


def test_a_1_mib_body_without_content_length_is_413(keyed: TestClient) -> None:
    body = one_mib_body()

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(body), 64 * 1024):
            yield body[start : start + 64 * 1024]

    response = keyed.post(
        "/v1/chat/completions", content=chunks(), headers={**AUTH, "Content-Type": "application/json"}
    )
    assert_error_shape(response, 413, "body_too_large")


def test_a_question_of_2001_characters_is_422(keyed: TestClient) -> None:
    body = {"model": "reportqa", "messages": [{"role": "user", "content": "x" * 2001}]}
    error = assert_error_shape(
        keyed.post("/v1/chat/completions", json=body, headers=AUTH), 422, "invalid_request"
    )
    assert "2001 characters; the limit is 2000" in error["message"]


def test_an_unknown_model_is_404(keyed: TestClient) -> None:
    body = {"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}]}
    assert_error_shape(keyed.post("/v1/chat/completions", json=body, headers=AUTH), 404, "model_not_found")
    assert_error_shape(keyed.get("/v1/models/gpt-4o", headers=AUTH), 404, "model_not_found")


@pytest.mark.slow
def test_ask_with_a_question_of_2001_characters_is_422(client: TestClient) -> None:
    error = assert_error_shape(client.post("/v1/ask", json={"question": "x" * 2001}), 422, "invalid_request")
    assert error["details"][0]["field"] == "question"


# -- CORS ----------------------------------------------------------------------------------------------------
PREFLIGHT = {"Origin": "https://ir.example.com", "Access-Control-Request-Method": "POST"}


def test_cors_is_off_unless_origins_are_set(keyed: TestClient) -> None:
    response = keyed.get("/v1/models", headers={**AUTH, "Origin": "https://ir.example.com"})
    assert "access-control-allow-origin" not in response.headers
    assert "access-control-allow-origin" not in keyed.options("/v1/models", headers=PREFLIGHT).headers


def test_cors_allows_exactly_the_configured_origins(tmp_path: Path) -> None:
    client = TestClient(
        create_app(
            settings_for(tmp_path, api_keys=KEY, cors_origins="https://ir.example.com,https://a.example")
        )
    )
    preflight = client.options(
        "/v1/chat/completions", headers={**PREFLIGHT, "Access-Control-Request-Headers": "authorization"}
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "https://ir.example.com"
    refused = client.options("/v1/chat/completions", headers={**PREFLIGHT, "Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in refused.headers
    unauthorised = client.get("/v1/models", headers={"Origin": "https://a.example"})
    assert unauthorised.status_code == 401
    assert unauthorised.headers["access-control-allow-origin"] == "https://a.example"


# -- logs ----------------------------------------------------------------------------------------------------
class Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []
        self.setFormatter(JsonFormatter())

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def logged() -> Iterator[Collect]:
    handler = Collect()
    logger = logging.getLogger("reportqa")
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


def test_one_json_access_line_per_request_with_request_id_and_key_fingerprint(
    keyed: TestClient, logged: Collect
) -> None:
    response = keyed.get("/v1/models", headers={**AUTH, "X-Request-ID": "req-123"})
    assert response.status_code == 200
    access = [json.loads(line) for line in logged.lines if '"reportqa.access"' in line]
    assert len(access) == 1
    entry = access[0]
    assert entry["level"] == "INFO"
    assert entry["method"] == "GET"
    assert entry["path"] == "/v1/models"
    assert entry["status"] == 200
    assert entry["request_id"] == "req-123"
    assert entry["key"].startswith("key-")
    assert entry["duration_ms"] >= 0


def test_logs_never_hold_the_key_or_the_question(keyed: TestClient, logged: Collect) -> None:
    question = "How is my secret dividend of ¥987,654 taxed?"
    body = {"model": "reportqa", "messages": [{"role": "user", "content": question}]}
    keyed.post("/v1/chat/completions", json=body, headers=AUTH)  # 503: not started; still logged
    keyed.get("/v1/models", headers={"Authorization": "Bearer wrong-key-value"})
    text = "\n".join(logged.lines)
    assert logged.lines
    assert KEY not in text
    assert "wrong-key-value" not in text
    assert "987,654" not in text


def test_logging_setup_installs_one_handler_however_often_it_runs(tmp_path: Path) -> None:
    configure_logging()
    create_app(settings_for(tmp_path))
    configure_logging()
    ours = [h for h in logging.getLogger().handlers if getattr(h, "_reportqa_json", False)]
    assert len(ours) == 1
