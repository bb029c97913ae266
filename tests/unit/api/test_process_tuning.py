"""Process-wide settings for serving on threads: the interpreter's switch interval and the malloc arena limit,
applied when the app is built."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.app import create_app
from service.settings import Settings

PROJECT = Path(__file__).resolve().parents[3]

# Builds the app with the given arena limit, then has 8 threads allocate at once and prints how many malloc arenas
# ("heaps" in glibc's malloc_info) the process has.
ARENAS_BEFORE_AND_AFTER_THREADS = textwrap.dedent(
    """
    import ctypes, ctypes.util, sys, tempfile, threading
    from service.app import create_app
    from service.settings import Settings

    libc = ctypes.CDLL(ctypes.util.find_library("c"))
    libc.fopen.restype = ctypes.c_void_p

    def arenas():
        with tempfile.NamedTemporaryFile(suffix=".xml") as out:
            handle = ctypes.c_void_p(libc.fopen(out.name.encode(), b"w"))
            libc.malloc_info(0, handle)
            libc.fclose(handle)
            return open(out.name).read().count("<heap nr=")

    create_app(Settings(corpus_dir=sys.argv[1], data_dir=sys.argv[2], malloc_arenas=int(sys.argv[3])))
    before = arenas()
    barrier, kept = threading.Barrier(8), []

    def allocate():
        barrier.wait()
        for _ in range(200):
            kept.append([float(i) for i in range(2000)])

    threads = [threading.Thread(target=allocate) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(before, arenas())
    """
)


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


def _arenas_before_and_after_threads(settings: Settings, limit: int) -> tuple[int, int]:
    """Malloc arenas (glibc's "heaps") once the app is built, and after 8 threads allocated at once."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            ARENAS_BEFORE_AND_AFTER_THREADS,
            str(settings.corpus_dir),
            str(settings.data_dir),
            str(limit),
        ],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    before, after = done.stdout.strip().splitlines()[-1].split()
    return int(before), int(after)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="malloc arenas are glibc's")
def test_request_threads_get_no_malloc_arena_beyond_the_configured_number(tmp_settings: Settings) -> None:
    # Arenas that imports made before the app was built stay; threads after it add none past the limit.
    before, after = _arenas_before_and_after_threads(tmp_settings, 2)
    assert after <= max(before, 2)
    before, after = _arenas_before_and_after_threads(tmp_settings, 0)
    assert after > max(
        before, 2
    )  # the C library's default: without the limit the threads take arenas of their own
