"""The app's own static assets under content-hashed names, cached for a year (ADR 0060).

The strict CSP (``style-src 'self'``, ``script-src 'self'``) allows only files served from here:
no inline style or script, no CDN. A changed file gets a new name, so ``immutable`` is safe.
"""

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from litestar import Controller, Response, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath

STATIC_DIR = Path(__file__).parent / "static"
MEDIA_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".svg": "image/svg+xml"}
LONG_CACHE = "public, max-age=31536000, immutable"


@dataclass(frozen=True)
class Asset:
    name: str  # e.g. alusta.css
    hashed_name: str  # e.g. alusta.3f2a9c1b0d4e.css
    body: bytes
    media_type: str


@cache
def assets() -> dict[str, Asset]:
    """Every asset by its hashed name (read once; the files ship inside the package)."""
    found: dict[str, Asset] = {}
    for path in sorted(STATIC_DIR.iterdir()):
        if path.suffix not in MEDIA_TYPES:
            continue
        body = path.read_bytes()
        digest = hashlib.sha256(body).hexdigest()[:12]
        hashed = f"{path.stem}.{digest}{path.suffix}"
        found[hashed] = Asset(path.name, hashed, body, MEDIA_TYPES[path.suffix])
    return found


def static_url(name: str) -> str:
    """``/static/<hashed name>`` of an asset; an unknown name is a programming error."""
    for asset in assets().values():
        if asset.name == name:
            return f"/static/{asset.hashed_name}"
    raise LookupError(f"no static asset {name!r}")


class StaticController(Controller):
    path = "/static"
    include_in_schema = False

    @get("/{name:str}", name="static")
    async def asset(self, name: FromPath[str]) -> Response[bytes]:
        asset = assets().get(name)
        if asset is None:
            raise NotFoundException
        return Response(asset.body, media_type=asset.media_type, headers={"cache-control": LONG_CACHE})
