"""Error pages for people: a browser asking for a page gets HTML in its language (ADR 0060).

The API (``/api/``) and every client that does not ask for ``text/html`` keep RFC 9457 problem
documents. A 401 on a page sends the browser to log in and back (``next`` is this page's own
path: same-origin by construction; :func:`alusta.auth.service.safe_next` checks it again).
"""

from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment
from litestar import Request, Response
from litestar.response import Redirect

from alusta.i18n import MESSAGES, localise
from alusta.web.context import current_request_id
from alusta.web.problem_titles import PROBLEM_TITLES
from alusta.web.translations import N_, current_lang

ERROR_TEXTS: dict[int, tuple[str, str]] = {
    400: (N_("The request could not be handled"), N_("Check the address or the form and try again.")),
    401: (N_("Please log in"), N_("This page is shown only after strong identification.")),
    403: (N_("You cannot do this"), N_("Your login does not allow this action. Logging in again may help.")),
    404: (N_("Page not found"), N_("Check the address. The page may have been moved or removed.")),
    405: (N_("This action is not possible here"), N_("Go back to the previous page and try again.")),
    409: (
        N_("The information has changed"),
        N_("Someone changed this in the meantime. Load the page again and check the information."),
    ),
    410: (N_("This is no longer available"), N_("The link has expired or the item was removed.")),
    413: (N_("The file or text is too large"), N_("Make the file or text smaller and try again.")),
    415: (N_("This file type is not accepted"), N_("Use one of the file types named on the form.")),
    429: (N_("Too many attempts"), N_("Wait a moment and try again.")),
    500: (
        N_("Something went wrong"),
        N_("The error was logged. Try again later; if it happens again, quote the reference below."),
    ),
    502: (N_("The identification service did not answer"), N_("Try again in a moment.")),
    503: (N_("The service is not available right now"), N_("Try again in a moment.")),
}


# Set by the auth domain's middleware when the browser sent a session cookie that names no live
# session (idle or absolute timeout, or logged out elsewhere): the login page then says so.
SESSION_ENDED_STATE_KEY = "session_ended"
SESSION_ENDED = (
    N_("Your session has ended"),
    N_("For your security you are logged out after a while without activity. Log in again to continue."),
)


# Refusals made before routing (alusta.web.shell) name their reason from the kernel's messages.
SHELL_REASONS = {code: MESSAGES[code] for code in ("tls_required", "host_not_allowed", "not_ready")}


def wants_html(request: Request[Any, Any, Any]) -> bool:
    """A browser asking for a page (not the API, which always answers problem+json)."""
    return "text/html" in request.headers.get("accept", "") and not request.url.path.startswith("/api/")


def render_error(
    env: Environment,
    status: int,
    code: str,
    request: Request[Any, Any, Any] | None = None,
    login_url: str | None = None,
) -> str:
    known = status if status in ERROR_TEXTS else (500 if status >= 500 else 400)
    title, explanation = SESSION_ENDED if login_url else ERROR_TEXTS[known]
    specific = PROBLEM_TITLES.get(code) or SHELL_REASONS.get(code)
    context: dict[str, Any] = {
        "status": status,
        "title": title,
        "explanation": explanation,
        "specific": localise(specific, current_lang()) if specific else None,
        "reference": current_request_id(),
        "login_url": login_url,
    }
    if request is not None:
        context["request"] = request
    return env.get_template("web/error.html").render(context)


def error_response(
    request: Request[Any, Any, Any], status: int, code: str, headers: dict[str, str] | None = None
) -> Response[Any]:
    env: Environment = request.app.template_engine.engine  # type: ignore[union-attr]
    if status == 401:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        if request.method != "GET":
            target = "/"
        login = "/auth/login?" + urlencode({"next": target})
        if request.scope.get("state", {}).get(SESSION_ENDED_STATE_KEY):  # say so, then offer to log in
            body = render_error(env, status, code, request, login_url=login)
            return Response(body, status_code=401, media_type="text/html", headers=headers)
        return Redirect(path=login, status_code=303)
    return Response(
        render_error(env, status, code, request), status_code=status, media_type="text/html", headers=headers
    )
