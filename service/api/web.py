"""The chat page: `GET /` and its few static files, shipped in the package (service/web/), no build step.

Open without a key (the page asks for one when /v1 needs it). Every response carries a strict
Content-Security-Policy: scripts and styles only from this origin, no inline code, no eval, and requests only
back to this origin, so nothing the page shows (a question, a report line) can run or leave the machine.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Annotated

from fastapi import APIRouter, Header, Request
from fastapi.responses import Response
from starlette.exceptions import HTTPException

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
}
AUTH_NONE = b'<meta name="reportqa-auth" content="none">'
AUTH_BEARER = b'<meta name="reportqa-auth" content="bearer">'  # the page asks for a key before any /v1 call
router = APIRouter(include_in_schema=False)


@dataclass(frozen=True)
class Asset:
    body: bytes
    media_type: str
    etag: str


@cache
def assets() -> dict[str, Asset]:
    """Every file of service/web by name, read once (the package is read-only while it runs)."""
    found: dict[str, Asset] = {}
    for entry in resources.files("service.web").iterdir():
        suffix = "." + entry.name.rsplit(".", 1)[-1] if "." in entry.name else ""
        if not entry.is_file() or suffix not in MEDIA_TYPES:
            continue
        body = entry.read_bytes()
        found[entry.name] = Asset(body, MEDIA_TYPES[suffix], _tag(body))
    return found


def _tag(body: bytes) -> str:
    return f'"{hashlib.sha256(body).hexdigest()[:16]}"'


def _serve(name: str, if_none_match: str | None, keys: bool = False) -> Response:
    asset = assets().get(name)
    if asset is not None and keys:
        body = asset.body.replace(AUTH_NONE, AUTH_BEARER)
        asset = Asset(body, asset.media_type, _tag(body))
    if asset is None:
        raise HTTPException(404, f"there is no page file named {name!r}")
    headers = {**SECURITY_HEADERS, "ETag": asset.etag, "Cache-Control": "no-cache"}
    if if_none_match and asset.etag in [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]:
        return Response(status_code=304, headers=headers)
    return Response(asset.body, media_type=asset.media_type, headers=headers)


@router.get("/")
async def page(request: Request, if_none_match: Annotated[str | None, Header()] = None) -> Response:
    """The chat page (it says whether /v1 needs a key, so the page asks for one before calling it)."""
    return _serve("index.html", if_none_match, keys=bool(request.app.state.settings.api_keys))


@router.get("/static/{name}")
async def static(name: str, if_none_match: Annotated[str | None, Header()] = None) -> Response:
    """The page's scripts, styles and icon."""
    return _serve(name, if_none_match)
