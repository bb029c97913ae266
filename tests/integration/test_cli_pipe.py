"""The command line as a shell pipeline uses it: output read by a program that stops reading early."""

from __future__ import annotations

import os
import subprocess
import sys

from service.settings import Settings


def test_ask_into_a_closed_pipe_stops_quietly_with_the_sigpipe_status(ingested_settings: Settings) -> None:
    env = {
        **os.environ,
        "REPORTQA_CORPUS_DIR": str(ingested_settings.corpus_dir),
        "REPORTQA_DATA_DIR": str(ingested_settings.data_dir),
    }
    with subprocess.Popen(
        [sys.executable, "-m", "service.cli", "ask", "Who is the depositary for the ADSs?"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        process.stdout.close()  # like `| head -0`: the reader is gone before the answer is printed
        errors = process.stderr.read().decode()
        status = process.wait(timeout=300)
    assert status == 141, errors
    assert "Traceback" not in errors
    assert "BrokenPipeError" not in errors
