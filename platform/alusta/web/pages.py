"""The platform's own public pages (no login): front page, accessibility statement, privacy, security.txt.

Texts are in the gettext catalogues (``web/locale``); the language is the request's
(:mod:`alusta.web.language`). The controller directory and the privacy notices are pages of the
registers domain (``alusta.tenants.registers.page_routes``).
"""

from datetime import UTC, date, datetime, timedelta
from typing import Any

from litestar import Controller, Request, get
from litestar.response import Template

SECURITY_TXT = """Contact: mailto:security@alusta.example.test
Expires: {expires}
Preferred-Languages: fi, sv, en
Policy: {origin}/security-policy
"""
# When the accessibility statement was last reviewed (the Act 306/2019 asks for the date).
ACCESSIBILITY_REVIEWED = date(2026, 12, 2)


class PagesController(Controller):
    include_in_schema = False

    @get("/", name="home")
    async def home(self) -> Template:
        return Template(template_name="web/home.html")

    @get("/accessibility", name="accessibility")
    async def accessibility(self) -> Template:
        return Template(template_name="web/accessibility.html", context={"reviewed": ACCESSIBILITY_REVIEWED})

    @get("/privacy", name="privacy")
    async def privacy(self) -> Template:
        return Template(template_name="web/privacy.html")

    @get("/.well-known/security.txt", media_type="text/plain")
    async def security_txt(self, request: Request[Any, Any, Any]) -> str:
        settings = request.app.state.settings
        expires = (datetime.now(UTC) + timedelta(days=365)).strftime("%Y-%m-%dT00:00:00Z")  # RFC 9116: < 1 year
        return SECURITY_TXT.format(expires=expires, origin=settings.public_url)
