"""Files replaced atomically: written to a temporary file beside the target, synced, then renamed over it.

A reader sees the previous complete file or the new complete one, never part of one; a write that fails (or is
interrupted) leaves the previous file and removes its temporary one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, Literal


def write_atomically(
    path: Path, write: Callable[[IO[Any]], None], *, mode: Literal["w", "wb"], prefix: str, suffix: str
) -> None:
    """Replace ``path`` by what ``write`` writes to the handle it is given (text as UTF-8 when ``mode`` is "w")."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=path.parent)
    try:
        with os.fdopen(fd, mode, encoding="utf-8" if mode == "w" else None) as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
