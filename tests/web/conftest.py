"""A real headless Chromium (Debian's `chromium`, driven by Playwright) against the real service on loopback.

Each server is the live app (tests/api/live.py) over its own copy of the ingested corpus, so the feedback a
test records never touches the shared session index. Every page a test opens is watched: a console error, an
uncaught exception or a request to any host but 127.0.0.1 fails the test.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from ingest.embedding import Embedder
from ingest.pipeline import IngestReport
from service.app import create_app
from service.settings import Settings
from tests.api.live import live_server

CHROMIUM = Path(os.environ.get("REPORTQA_CHROMIUM", "/usr/bin/chromium"))
# Quiet and offline: no GPU, no QUIC, no background fetches (component updates, sync, field trials).
BROWSER_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
API_KEY = "web-test-key-0123456789abcdef"
HOSTILE = '<img src=x onerror="window.__xss=1">'
HOSTILE_SCRIPT = "<script>window.__xss=2</script>"
HOSTILE_REPORT = f"""A. Company History.

Hostile Holdings 🎉 was founded in 1999 in Osaka and makes umbrellas 🌂 for export.

B. Web Security.

The security team wrote the string {HOSTILE} into the annual report to test report readers. It also wrote {HOSTILE_SCRIPT} beside it.
"""


def _copy_settings(base: Settings, root: Path, **overrides: Any) -> Settings:
    shutil.copytree(base.data_dir, root / "data")
    fields = {**base.model_dump(), "data_dir": root / "data", "rate_limit_per_minute": 100_000}
    return Settings(**{**fields, **overrides})


@pytest.fixture(scope="session")
def web_settings(ingested_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return _copy_settings(ingested_settings, tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="session")
def web_url(web_settings: Settings, embedder: Embedder) -> Iterator[str]:
    with live_server(create_app(web_settings, embedder=embedder)) as url:
        yield url


@pytest.fixture(scope="session")
def keyed_url(
    ingested_settings: Settings, tmp_path_factory: pytest.TempPathFactory, embedder: Embedder
) -> Iterator[str]:
    settings = _copy_settings(ingested_settings, tmp_path_factory.mktemp("web-keyed"), api_keys=API_KEY)
    with live_server(create_app(settings, embedder=embedder)) as url:
        yield url


@pytest.fixture(scope="session")
def hostile_url(
    tmp_path_factory: pytest.TempPathFactory,
    ingest: Callable[[Settings], IngestReport],
    embedder: Embedder,
) -> Iterator[str]:
    """A corpus whose only report holds markup, a script and characters beyond the BMP (emoji)."""
    root = tmp_path_factory.mktemp("web-hostile")
    (root / "corpus").mkdir()
    (root / "corpus" / "hostile-holdings.txt").write_text(HOSTILE_REPORT, encoding="utf-8")
    (root / "corpus" / "manifest.yaml").write_text(
        "documents:\n  - doc_id: hostile-holdings\n    file: hostile-holdings.txt\n"
        '    company: Hostile Holdings\n    title: "<b onmouseover=alert(1)>Hostile</b> report"\n',
        encoding="utf-8",
    )
    settings = Settings(corpus_dir=root / "corpus", data_dir=root / "data", rate_limit_per_minute=100_000)
    report = ingest(settings)
    assert not report.problems, report.problems
    with live_server(create_app(settings, embedder=embedder)) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        message = f"no Chromium at {CHROMIUM}: run scripts/setup (it installs Debian's chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)  # in CI a missing browser is a broken set-up, not a reason to skip
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Watch:
    """What a page did: console errors, uncaught exceptions, and every request it made."""

    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    allowed: tuple[str, ...] = ()  # console errors a test expects (the browser logs every 401 it receives)

    def unexpected(self) -> list[str]:
        return [e for e in self.errors if not any(a in e for a in self.allowed)]

    def hosts(self) -> set[str]:
        return {
            urlsplit(url).hostname or url for url in self.requests if not url.startswith(("data:", "blob:"))
        }


@dataclass
class Opened:
    page: Any
    watch: Watch


@pytest.fixture
def open_page(browser: Any) -> Iterator[Callable[..., Opened]]:
    """Open a URL in a fresh context (its own sessionStorage); checks console and network when the test ends."""
    contexts: list[tuple[Any, Watch]] = []

    def opener(
        url: str, width: int = 1440, height: int = 900, scheme: str = "light", allow: tuple[str, ...] = ()
    ) -> Opened:
        context = browser.new_context(
            viewport={"width": width, "height": height}, color_scheme=scheme, service_workers="block"
        )
        page = context.new_page()
        page.set_default_timeout(60_000)  # answers need the real model on a busy machine
        watch = Watch(allowed=allow)
        page.on("console", lambda m: watch.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: watch.errors.append(str(e)))
        page.on("request", lambda r: watch.requests.append(r.url))
        contexts.append((context, watch))
        page.goto(url)
        return Opened(page, watch)

    yield opener
    for context, watch in contexts:
        context.close()
        assert watch.unexpected() == [], f"console errors: {watch.errors}"
        assert watch.hosts() <= {"127.0.0.1"}, f"requests left the machine: {watch.requests}"
