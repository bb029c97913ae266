"""Figures of a live process read from /proc: its memory and the CPU it has used."""

from __future__ import annotations

import os
from pathlib import Path


def proc_status_mb(pid: int, field: str = "VmHWM") -> float | None:
    """A memory figure of a live process from /proc/<pid>/status, in MB; None once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        return None
    return None


def proc_cpu_seconds(pid: int) -> float | None:
    """User plus system CPU seconds a live process has used (/proc/<pid>/stat); None once it is gone. On a busy,
    shared machine a service's CPU per question is a steadier figure than its latency."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime: fields 14 and 15
