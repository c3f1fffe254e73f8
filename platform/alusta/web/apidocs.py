"""The OpenAPI UI at ``/schema/swagger``, with every file served by the app itself (ADR 0083).

Litestar's Swagger plugin loads Swagger UI from a CDN and starts it with an inline script, which
the site-wide CSP (``script-src 'self'``) refuses. This plugin serves the files of the pinned
``swagger-ui-py`` package (Swagger UI 5.24.2) and a start script of its own from the app, so the
page runs under the same strict CSP as every other page: no relaxation, no third-party origin.
"""

from importlib.resources import files
from typing import Any

from litestar import Request, Response, get
from litestar.exceptions import NotFoundException
from litestar.openapi.plugins import OpenAPIRenderPlugin
from litestar.params import FromPath
from litestar.router import Router

OPENAPI_PATH = "/schema"  # OpenAPIConfig.path; the UI lives below it
UI_PATH = "/swagger"
ASSETS = f"{OPENAPI_PATH}{UI_PATH}/assets"
ONE_YEAR = 31_536_000

# Only these files of the package are served: a fixed allow-list, never a path from the request.
PACKAGE_FILES = {"swagger-ui.css": "text/css", "swagger-ui-bundle.js": "text/javascript"}
START_SCRIPT = f"""window.addEventListener("load", () => {{
  window.ui = SwaggerUIBundle({{
    url: "{OPENAPI_PATH}/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  }});
}});
"""


def package_asset(name: str) -> bytes:
    return (files("swagger_ui") / "static" / name).read_bytes()


class LocalSwaggerRenderPlugin(OpenAPIRenderPlugin):
    """Swagger UI from the app's own origin; the start script is a file, not inline."""

    def __init__(self) -> None:
        super().__init__(path=UI_PATH)

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:  # noqa: ARG002
        title = str(openapi_schema["info"]["title"])
        return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} API</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{ASSETS}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="{ASSETS}/swagger-ui-bundle.js"></script>
<script src="{ASSETS}/start.js"></script>
</body>
</html>
""".encode()

    def receive_router(self, router: Router) -> None:
        router.register(get(f"{UI_PATH}/assets/{{name:str}}", include_in_schema=False, cache=False)(swagger_asset))


async def swagger_asset(name: FromPath[str]) -> Response[bytes]:
    if name == "start.js":
        content, media_type = START_SCRIPT.encode(), "text/javascript"
    elif name in PACKAGE_FILES:
        content, media_type = package_asset(name), PACKAGE_FILES[name]
    else:
        raise NotFoundException
    # The files change only with the pinned package: cache them, unlike any page with data.
    return Response(content, media_type=media_type, headers={"cache-control": f"public, max-age={ONE_YEAR}"})
