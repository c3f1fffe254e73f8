"""HTTP face of the test identity provider, mounted at ``/test-idp`` (dev/test only)."""

import html
import secrets
from typing import Annotated, Any
from urllib.parse import urlencode

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import Cookie
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect

from alusta.auth.identifiers import InvalidIdentifierError, parse_hetu
from alusta.auth.messages import message
from alusta.auth.testidp.core import ACRS, BuiltinIdp, IdpError
from alusta.auth.testidp.identities import PERSONS, PERSONS_BY_KEY, SyntheticPerson
from alusta.i18n import negotiate

TEST_IDP_STATE_KEY = "test_idp"
SID_COOKIE = "alusta-test-idp-sid"
Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]


def _idp(request: Request[Any, Any, Any]) -> BuiltinIdp:
    idp: BuiltinIdp = request.app.state[TEST_IDP_STATE_KEY]
    return idp


def _error(error: IdpError) -> Response[dict[str, str]]:
    return Response({"error": error.error}, status_code=error.status, headers={"cache-control": "no-store"})


def _page(request: Request[Any, Any, Any], ticket: str) -> str:
    lang = negotiate(request.query_params.get("lang"), request.headers.get("accept-language"))
    rows = []
    for person in PERSONS:
        buttons = "".join(
            f'<button name="choice" value="{person.key}|{acr}">{acr.rsplit("/", 1)[-1]}</button>' for acr in ACRS
        )
        rows.append(
            f"<tr><td>{html.escape(person.given_name)} {html.escape(person.family_name)}</td>"
            f"<td><code>{person.hetu}</code></td><td>{buttons}</td></tr>"
        )
    title = html.escape(message("idp_pick_identity", lang))
    return (
        f'<!doctype html><html lang="{lang.value}"><head><meta charset="utf-8"><title>{title}</title></head><body>'
        f'<h1>{title}</h1><form method="post" action="select"><input type="hidden" name="ticket" value="{ticket}">'
        f"<table>{''.join(rows)}</table>"
        f'<p><button name="choice" value="cancel">Cancel</button></p></form></body></html>'
    )


class BuiltinIdpController(Controller):
    path = "/test-idp"
    include_in_schema = False

    @get("/.well-known/openid-configuration")
    async def discovery(self, request: Request[Any, Any, Any]) -> dict[str, Any]:
        return _idp(request).discovery()

    @get("/jwks")
    async def jwks(self, request: Request[Any, Any, Any]) -> dict[str, Any]:
        return _idp(request).jwks()

    @get("/authorize")
    async def authorize(self, request: Request[Any, Any, Any]) -> Response[Any]:
        params = request.query_params
        try:
            ticket, _grant = _idp(request).authorize(params.get("client_id"), params.get("request"))
        except IdpError as error:
            return _error(error)
        return Response(_page(request, ticket), media_type="text/html", headers={"cache-control": "no-store"})

    @post("/select", status_code=302)
    async def select(self, request: Request[Any, Any, Any], data: Form) -> Response[Any]:
        idp = _idp(request)
        ticket, choice = data.get("ticket", ""), data.get("choice", "")
        try:
            if choice == "cancel":
                grant = idp.cancel(ticket)
                query = {"error": "access_denied", **({"state": grant.state} if grant.state else {})}
                return Redirect(grant.redirect_uri + "?" + urlencode(query), status_code=302)
            key, _, acr = choice.partition("|")
            person = PERSONS_BY_KEY.get(key) or _custom_person(data)
            sid = secrets.token_urlsafe(16)
            code, grant = idp.select(ticket, person, acr, sid)
        except IdpError as error:
            return _error(error)
        query = {"code": code, **({"state": grant.state} if grant.state else {})}
        cookie = Cookie(key=SID_COOKIE, value=sid, path="/test-idp", secure=True, httponly=True, samesite="lax")
        return Redirect(grant.redirect_uri + "?" + urlencode(query), status_code=302, cookies=[cookie])

    @post("/token", status_code=200)
    async def token(self, request: Request[Any, Any, Any], data: Form) -> Response[Any]:
        try:
            body = _idp(request).token(data)
        except IdpError as error:
            return _error(error)
        return Response(body, headers={"cache-control": "no-store", "pragma": "no-cache"})

    @get("/userinfo")
    async def userinfo(self, request: Request[Any, Any, Any]) -> Response[Any]:
        try:
            body = _idp(request).userinfo(request.headers.get("authorization"))
        except IdpError as error:
            return _error(error)
        return Response(body, media_type="application/jwt", headers={"cache-control": "no-store"})

    @get("/end-session")
    async def end_session(self, request: Request[Any, Any, Any]) -> Response[str]:
        """RP-initiated logout: front-channel logout iframes for the RP, then back to it."""
        idp = _idp(request)
        client = idp.clients.get(request.query_params.get("client_id", ""))
        target = request.query_params.get("post_logout_redirect_uri", "")
        if client is None or not target.startswith(client.post_logout_prefix):
            return _error(IdpError("invalid_request"))  # type: ignore[return-value]
        sid = request.cookies.get(SID_COOKIE)
        frame = ""
        if sid:
            src = client.frontchannel_logout_uri + "?" + urlencode({"iss": idp.issuer, "sid": sid})
            frame = f'<iframe src="{html.escape(src)}" style="display:none"></iframe>'
        body = (
            f'<!doctype html><html><head><meta http-equiv="refresh" content="1;url={html.escape(target)}"></head>'
            f'<body>{frame}<p><a href="{html.escape(target)}">Continue</a></p></body></html>'
        )
        expired = Cookie(key=SID_COOKIE, value="", max_age=0, path="/test-idp", secure=True, httponly=True)
        return Response(body, media_type="text/html", cookies=[expired], headers={"cache-control": "no-store"})


def _custom_person(data: dict[str, str]) -> SyntheticPerson:
    """Tests may log in any *synthetic* henkilötunnus (900-999), never a real one."""
    hetu = data.get("hetu", "")
    try:
        if not parse_hetu(hetu, allow_synthetic=True).is_synthetic:
            raise IdpError("invalid_request")
    except InvalidIdentifierError:
        raise IdpError("invalid_request") from None
    return SyntheticPerson("custom", data.get("given_name", "Testi"), data.get("family_name", "Henkilö"), hetu)
