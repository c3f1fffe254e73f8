"""Thin handlers: login, callback, logout (RP-initiated and front-channel), JWKS, ``/api/v1/me``."""

import html
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import Cookie
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from alusta.auth.guards import caller_of, require_login, session_of
from alusta.auth.messages import message
from alusta.auth.permissions import Role
from alusta.auth.schemas import MeResponse, TenantGrantOut
from alusta.auth.service import AuthRuntime
from alusta.auth.sessions import CSRF_FORM_FIELD, LOGIN_COOKIE, SESSION_COOKIE, csrf_ok
from alusta.auth.tokens import LoginError
from alusta.i18n import Lang
from alusta.logs import get_logger
from alusta.web.error_pages import wants_html
from alusta.web.language import lang_of
from alusta.web.problems import Problem

log = get_logger("alusta.auth")
NO_STORE = {"cache-control": "no-store"}


def _lang(request: Request[Any, Any, Any]) -> Lang:
    return lang_of(request)


def _runtime(request: Request[Any, Any, Any]) -> AuthRuntime:
    runtime: AuthRuntime = request.app.state["auth"]
    return runtime


def _cookie(name: str, value: str, max_age: int) -> Cookie:
    # __Host- prefix: Secure, Path=/, no Domain (RFC 6265bis); HttpOnly, SameSite=Lax so the
    # provider's top-level redirect back to /auth/callback still carries the pre-login cookie.
    return Cookie(key=name, value=value, max_age=max_age, path="/", secure=True, httponly=True, samesite="lax")


def _expired(name: str) -> Cookie:
    return _cookie(name, "", 0)


def _failure_key(error: LoginError) -> str:
    return {"provider_error_cancel": "login_cancelled", "login_state_unknown": "login_expired"}.get(
        error.reason, "provider_unavailable" if error.status >= 500 else "login_refused"
    )


def refuse(request: Request[Any, Any, Any], error: LoginError) -> Problem:
    """Count, log (reason code only, no personal data) and turn into a 4xx problem."""
    request.app.state.shell.metrics.auth_failures.labels(error.reason).inc()
    log.warning("login_refused", reason=error.reason)
    status = error.status if error.status < 500 else 502
    return Problem(status, error.reason, message(_failure_key(error), _lang(request)))


def login_failed(request: Request[Any, Any, Any], error: LoginError) -> Template:
    """A browser lands on a page that says what happened (cancelled, expired, refused) and offers a retry."""
    problem = refuse(request, error)
    return Template(
        template_name="auth/login_failed.html",
        context={"what": problem.detail, "cancelled": error.reason == "provider_error_cancel"},
        status_code=problem.status_code,
        headers=NO_STORE,
    )


class AuthController(Controller):
    path = "/auth"
    include_in_schema = False

    @get("/login")
    async def login(self, request: Request[Any, Any, Any]) -> Redirect | Template:
        params = request.query_params
        try:
            started = await _runtime(request).start_login(params.get("next"), params.get("acr"), _lang(request))
        except LoginError as error:
            if wants_html(request):
                return login_failed(request, error)
            raise refuse(request, error) from None
        ttl = _runtime(request).settings.login_state_ttl_seconds
        return Redirect(
            started.redirect_url, status_code=302, cookies=[_cookie(LOGIN_COOKIE, started.cookie_token, ttl)]
        )

    @get("/callback")
    async def callback(
        self, request: Request[Any, Any, Any], db_session: NamedDependency[AsyncSession]
    ) -> Redirect | Template:
        runtime = _runtime(request)
        params = {key: value for key, value in request.query_params.items() if isinstance(value, str)}
        try:
            result = await runtime.finish_login(
                params, request.cookies.get(LOGIN_COOKIE), request.cookies.get(SESSION_COOKIE), db_session
            )
        except LoginError as error:
            if wants_html(request):
                return login_failed(request, error)
            raise refuse(request, error) from None
        log.info("login", identity_id=result.identity_id)
        cookies = [
            _expired(LOGIN_COOKIE),
            _cookie(SESSION_COOKIE, result.session_token, runtime.settings.session_absolute_timeout_seconds),
        ]
        return Redirect(result.next_path, status_code=303, cookies=cookies, headers=NO_STORE)

    @get("/logout")
    async def logout_page(self, request: Request[Any, Any, Any]) -> Response[str]:
        session = session_of(request)
        if session is None:
            return Redirect("/auth/logged-out", status_code=303)
        label = html.escape(message("logout_confirm", _lang(request)))
        body = (
            f'<!doctype html><html lang="{_lang(request).value}"><body><form method="post" action="/auth/logout">'
            f'<input type="hidden" name="{CSRF_FORM_FIELD}" value="{html.escape(session.csrf_token)}">'
            f'<button type="submit">{label}</button></form></body></html>'
        )
        return Response(body, media_type="text/html", headers=NO_STORE)

    @post("/logout", status_code=303)
    async def logout(
        self,
        request: Request[Any, Any, Any],
        data: Annotated[dict[str, str] | None, Body(media_type=RequestEncodingType.URL_ENCODED)] = None,
    ) -> Response[Any]:
        runtime = _runtime(request)
        session = session_of(request)
        token = request.cookies.get(SESSION_COOKIE)
        if session is not None and token:
            presented = request.headers.get("x-csrf-token") or (data or {}).get(CSRF_FORM_FIELD)
            if not csrf_ok(session, presented):
                request.app.state.shell.metrics.auth_failures.labels("csrf_failed").inc()
                raise Problem(403, "csrf_failed", message("csrf_failed", _lang(request)))
            # The local session ends before the provider is asked (Suomi.fi sign-out rule).
            await runtime.sessions.end(token)
        target = (runtime.settings.public_url or "").rstrip("/") + "/auth/logged-out"
        try:
            meta = await runtime.provider.metadata()
        except LoginError:
            meta = None
        if meta is not None and meta.end_session_endpoint:
            query = {"client_id": runtime.provider.client_id, "post_logout_redirect_uri": target}
            query["ui_locales"] = _lang(request).value
            target = meta.end_session_endpoint + "?" + urlencode(query)
        if data and CSRF_FORM_FIELD in data:
            # A browser form: our CSP has form-action 'self', which browsers also apply to the
            # redirect after a form post, so the hop to the provider is a plain navigation.
            link = html.escape(target)
            body = (
                f'<!doctype html><html><head><meta http-equiv="refresh" content="0;url={link}"></head>'
                f'<body><p><a href="{link}">{html.escape(message("logged_out", _lang(request)))}</a></p></body></html>'
            )
            return Response(
                body, status_code=200, media_type="text/html", cookies=[_expired(SESSION_COOKIE)], headers=NO_STORE
            )
        return Redirect(target, status_code=303, cookies=[_expired(SESSION_COOKIE)], headers=NO_STORE)

    @get("/logged-out")
    async def logged_out(self, request: Request[Any, Any, Any]) -> Response[str]:
        text = html.escape(message("logged_out", _lang(request)))
        return Response(f"<!doctype html><html><body><p>{text}</p></body></html>", media_type="text/html")

    @get("/frontchannel-logout")
    async def frontchannel_logout(self, request: Request[Any, Any, Any]) -> Response[str]:
        """OpenID Front-Channel Logout 1.0: the provider names the session with ``iss`` and ``sid``."""
        runtime = _runtime(request)
        iss, sid = request.query_params.get("iss"), request.query_params.get("sid")
        ended = False
        if iss == runtime.provider.issuer and sid:
            ended = await runtime.sessions.end_by_sid(iss, sid)
        log.info("frontchannel_logout", ended=ended)
        # The provider's logout page loads this URL in an iframe: framing is allowed for the
        # provider's origin only (everything else keeps frame-ancestors 'none').
        issuer = urlsplit(runtime.provider.issuer)
        csp = f"default-src 'none'; frame-ancestors {issuer.scheme}://{issuer.netloc}"
        return Response("", media_type="text/html", headers={**NO_STORE, "content-security-policy": csp})


class WellKnownController(Controller):
    path = "/.well-known"
    include_in_schema = False

    @get("/jwks.json")
    async def jwks(self, request: Request[Any, Any, Any]) -> Response[dict[str, Any]]:
        return Response(
            _runtime(request).rp_keys.public_jwks(),
            media_type="application/jwk-set+json",
            headers={"cache-control": "public, max-age=300"},
        )


class MeController(Controller):
    path = "/api/v1/me"

    @get("/", guards=[require_login])
    async def me(self, request: Request[Any, Any, Any]) -> MeResponse:
        caller = caller_of(request)
        session = session_of(request)
        if caller is None or session is None:
            # /me describes a login session (its CSRF token): a caller without one is not logged in.
            raise Problem(401, "not_logged_in", message("not_logged_in", lang_of(request)))
        roles = ([Role.SUBJECT] if caller.is_subject else []) + sorted(caller.processor_roles)
        return MeResponse(
            identity_id=caller.identity_id,
            loa=caller.loa,
            roles=[str(role) for role in roles],
            permissions=sorted(str(p) for p in caller.platform_permissions()),
            tenants={
                str(tenant_id): TenantGrantOut(
                    role=str(grant.role), permissions=sorted(str(p) for p in grant.permissions)
                )
                for tenant_id, grant in caller.tenant_grants.items()
            },
            csrf_token=session.csrf_token,
        )
