"""The workspace's "Staff and roles" pages over HTTP, on SQLite and PostgreSQL (issue 12).

Names shown from the verified identity after a login; invite by henkilötunnus (an existing
identity becomes a member at once, an unknown one is a pending invitation claimed at the first
login; processor staff refused); change a role, remove with a confirmation; the last admin is
refused with a message. Other tenants' staff, the desk, operators and subjects get the HTML 404
on every page and form, a handler 403; nothing changes.
"""

import asyncio
import re
import secrets
from datetime import date, timedelta
from typing import Any

import pytest
from httpx import Response
from litestar.testing import TestClient
from sqlalchemy import text

from alusta.app import AlustaApp
from alusta.auth.commands import grant_staff_command
from alusta.auth.identity import IdentityVault
from alusta.auth.permissions import Role
from alusta.crypto.keyring import load_keyring
from alusta.db.engine import build_engine
from alusta.models_registry import load_all_models
from alusta.settings import Settings
from alusta.tenants.tenancy.invitations import invitee_statement
from alusta.tenants.tenancy.service import SqlMembershipSource
from fixtures.auth import start_login, wire_in_process_idp
from fixtures.callers import as_identity
from fixtures.dsr import World, make_subject
from fixtures.tenancy import PREFIX

HTML = {"accept": "text/html"}
CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def dump(db_url: str) -> tuple[str, dict[str, list[dict[str, object]]]]:
    """Every row of every table as the schema owner reads it (a backup), as text and rows."""

    async def run() -> dict[str, list[dict[str, object]]]:
        engine = build_engine(db_url)
        try:
            async with engine.connect() as connection:
                return {
                    table.name: [
                        dict(row._mapping) for row in await connection.execute(text(f'SELECT * FROM "{table.name}"'))
                    ]
                    for table in load_all_models().sorted_tables
                }
        finally:
            await engine.dispose()

    tables = asyncio.run(run())
    blobs = (
        bytes(v).decode("latin-1") for rows in tables.values() for r in rows for v in r.values() if isinstance(v, bytes)
    )
    return repr(tables) + "".join(blobs), tables


def random_hetu() -> str:
    """A fresh synthetic henkilötunnus (individual number 900-999, born 1950-1999)."""
    born = date(1950, 1, 1) + timedelta(days=secrets.randbelow(365 * 50))
    digits = born.strftime("%d%m%y") + f"{900 + secrets.randbelow(100):03d}"
    return f"{digits[:6]}-{digits[6:]}{CHECK[int(digits) % 31]}"


def log_in(client: TestClient[AlustaApp], hetu: str, given: str, family: str) -> int:
    """A real login at the in-process test IdP as a custom synthetic person; the cookie is dropped after."""
    authorize = start_login(client, next_path="/api/v1/me")
    page = client.get(authorize, follow_redirects=False)
    ticket = re.search(r'name="ticket" value="([^"]+)"', page.text)
    assert ticket is not None
    form = {
        "ticket": ticket.group(1),
        "choice": "custom|http://ftn.ficora.fi/2017/loa3",
        "hetu": hetu,
        "given_name": given,
        "family_name": family,
    }
    back = client.post(authorize.split("/authorize", 1)[0] + "/select", data=form, follow_redirects=False)
    assert back.status_code == 302, back.text
    callback = client.get(back.headers["location"], follow_redirects=False)
    assert callback.status_code == 303, callback.text
    me = client.get("/api/v1/me").json()
    client.cookies.clear()  # later requests name their caller with the test headers
    return int(me["identity_id"])


@pytest.fixture
def site(world: World, tenant_app: AlustaApp) -> World:
    wire_in_process_idp(tenant_app)
    return world


def members_path(world: World, rest: str = "") -> str:
    return f"/t/{world.a.tenant}/members{rest}"


def get(world: World, path: str, who: dict[str, str] | None = None) -> Response:
    headers = {**HTML, **(who or as_identity(world.a.admin))}
    return world.client.get(path + ("&" if "?" in path else "?") + "lang=en", headers=headers)


def post(world: World, path: str, data: dict[str, Any], who: dict[str, str] | None = None) -> Response:
    headers = {**HTML, **(who or as_identity(world.a.admin))}
    return world.client.post(path + "?lang=en", data=data, headers=headers, follow_redirects=False)


def api_members(world: World) -> dict[int, str]:
    response = world.client.get(f"{PREFIX}{world.a.tenant}/members", headers=as_identity(world.a.admin))
    assert response.status_code == 200, response.text
    return {int(m["identity_id"]): str(m["role"]) for m in response.json()}


def audit_actions(world: World) -> list[str]:
    response = world.client.get(f"{PREFIX}{world.a.tenant}/audit?limit=500", headers=as_identity(world.a.admin))
    return [e["action"] for e in response.json()["items"]]


def test_names_after_login_and_invite_of_a_known_person_makes_a_member(site: World) -> None:
    page = get(site, members_path(site))
    assert page.status_code == 200, page.text
    assert "Name not yet known" in page.text  # the admin was made without a login
    hetu = random_hetu()
    person = log_in(site.client, hetu, "Celia", "Cee")
    invited = post(site, members_path(site, "/invite"), {"hetu": hetu, "role": "tenant_viewer"})
    assert invited.status_code == 303, invited.text
    assert invited.headers["location"] == members_path(site, "?done=member")
    assert api_members(site)[person] == "tenant_viewer"
    page = get(site, members_path(site, "?done=member"))
    assert "Celia Cee" in page.text
    assert "The person is now a member of the staff." in page.text
    assert hetu not in page.text
    assert "tenant.member.put" in audit_actions(site)


def test_unknown_person_is_a_pending_invitation_claimed_at_first_login(site: World, db_url: str) -> None:
    hetu = random_hetu()
    invited = post(site, members_path(site, "/invite"), {"hetu": hetu, "role": "tenant_handler"})
    assert invited.status_code == 303, invited.text
    assert invited.headers["location"] == members_path(site, "?done=invited")
    page = get(site, members_path(site))
    assert "Not logged in yet" in page.text
    assert hetu[:7] + "…" in page.text  # the date part tells invitations apart; the code is not shown
    assert hetu not in page.text
    as_text, tables = dump(db_url)
    assert (hetu in as_text) is False  # only the blind index and a sealed hint at rest
    assert len([r for r in tables["tenant_invitations"] if r["tenant_id"] == site.a.tenant]) == 1
    # B's admin sees nothing of A's invitation; the person logs in and is A's handler.
    assert "Not logged in yet" not in get(site, f"/t/{site.b.tenant}/members", as_identity(site.b.admin)).text
    # Long, distinctive names: a short one ("Dee") turns up by chance in a dump's ciphertext bytes.
    person = log_in(site.client, hetu, "Danielsson-Testi", "Sinetöityvä")
    assert api_members(site)[person] == "tenant_handler"
    page = get(site, members_path(site))
    assert "Danielsson-Testi Sinetöityvä" in page.text
    assert "No pending invitations." in page.text
    assert "tenant.member.claim" in audit_actions(site)
    as_text, _ = dump(db_url)
    # The name is sealed at rest (a list, not `not in`: pytest would diff the whole dump).
    assert [name for name in ("Danielsson-Testi", "Sinetöityvä") if name in as_text] == []
    me = site.client.get(members_path(site), headers={**HTML, **as_identity(person)})
    assert me.status_code == 403  # a handler does not manage staff


def test_invitation_cancelled_and_bad_input_refused(site: World) -> None:
    hetu = random_hetu()
    assert post(site, members_path(site, "/invite"), {"hetu": hetu, "role": "tenant_viewer"}).status_code == 303
    page = get(site, members_path(site)).text
    match = re.search(r'action="(/t/\d+/members/invitations/\d+/cancel)"', page)
    assert match is not None
    cancelled = post(site, match.group(1), {})
    assert cancelled.status_code == 303
    assert "No pending invitations." in get(site, members_path(site)).text
    assert "tenant.member.invite_cancel" in audit_actions(site)
    assert post(site, match.group(1), {}).status_code == 404
    empty = post(site, members_path(site, "/invite"), {"hetu": "", "role": "tenant_viewer"})
    assert empty.status_code == 400
    assert "Enter the person&#39;s personal identity code." in empty.text
    wrong = post(site, members_path(site, "/invite"), {"hetu": "131052-308T", "role": "tenant_viewer"})
    assert wrong.status_code == 400  # a real-looking code outside production
    assert "This is not a valid personal identity code." in wrong.text
    no_role = post(site, members_path(site, "/invite"), {"hetu": random_hetu(), "role": "operator"})
    assert no_role.status_code == 400
    assert "Choose a role." in no_role.text


def test_processor_staff_are_never_invited(site: World, tenant_settings: Settings) -> None:
    hetu = random_hetu()
    desk = make_subject(tenant_settings, hetu)
    asyncio.run(grant_staff_command(tenant_settings, desk, Role.SUPPORT_DESK, SqlMembershipSource()))
    refused = post(site, members_path(site, "/invite"), {"hetu": hetu, "role": "tenant_viewer"})
    assert refused.status_code == 409
    assert "cannot join a controller" in refused.text
    assert desk not in api_members(site)


def test_a_claim_by_processor_staff_grants_nothing(site: World, tenant_settings: Settings) -> None:
    hetu = random_hetu()
    assert post(site, members_path(site, "/invite"), {"hetu": hetu, "role": "tenant_viewer"}).status_code == 303
    desk = make_subject(tenant_settings, hetu)  # the identity appears after the invitation
    asyncio.run(grant_staff_command(tenant_settings, desk, Role.SUPPORT_DESK, SqlMembershipSource()))
    log_in(site.client, hetu, "Dora", "Desk")
    assert desk not in api_members(site)  # ground rule 2
    assert "No pending invitations." in get(site, members_path(site)).text


def test_change_role_and_remove_with_confirmation(site: World) -> None:
    hetu = random_hetu()
    person = log_in(site.client, hetu, "Eemeli", "Ee")
    assert post(site, members_path(site, "/invite"), {"hetu": hetu, "role": "tenant_viewer"}).status_code == 303
    form = get(site, members_path(site, f"/{person}"))
    assert form.status_code == 200
    assert "Eemeli Ee" in form.text
    registers = {"role": "tenant_handler", "registers": str(site.a.register)}
    changed = post(site, members_path(site, f"/{person}"), registers)
    assert changed.status_code == 303
    assert changed.headers["location"] == members_path(site, "?done=changed")
    assert api_members(site)[person] == "tenant_handler"
    listed = get(site, members_path(site)).text
    assert "Asiakasrekisteri" in listed  # the register limit by name
    bad = post(site, members_path(site, f"/{person}"), {"role": "tenant_handler", "registers": "12345"})
    assert bad.status_code == 400
    confirm = get(site, members_path(site, f"/{person}/remove"))
    assert confirm.status_code == 200
    assert "Remove Eemeli Ee from the staff?" in confirm.text
    assert person in api_members(site)  # the confirmation page changes nothing
    removed = post(site, members_path(site, f"/{person}/remove"), {})
    assert removed.status_code == 303
    assert person not in api_members(site)
    assert get(site, members_path(site, f"/{person}")).status_code == 404


def test_the_last_admin_is_refused_with_a_message(site: World) -> None:
    admin = site.a.admin
    demote = post(site, members_path(site, f"/{admin}"), {"role": "tenant_viewer"})
    assert demote.status_code == 409
    assert "at least one administrator" in demote.text
    remove = post(site, members_path(site, f"/{admin}/remove"), {})
    assert remove.status_code == 409
    assert "at least one administrator" in remove.text
    assert api_members(site)[admin] == "tenant_admin"


def _strangers(world: World) -> list[dict[str, str]]:
    return [as_identity(world.b.admin), world.as_desk(), world.as_operator(), world.as_subject()]


def test_other_tenants_desk_operators_and_subjects_get_404_and_change_nothing(site: World) -> None:
    hetu = random_hetu()
    assert post(site, members_path(site, "/invite"), {"hetu": hetu, "role": "tenant_viewer"}).status_code == 303
    invitation = re.search(r"/members/invitations/(\d+)/cancel", get(site, members_path(site)).text)
    assert invitation is not None
    admin = site.a.admin
    before = api_members(site)
    pages = [members_path(site), members_path(site, f"/{admin}"), members_path(site, f"/{admin}/remove")]
    forms = [
        (members_path(site, "/invite"), {"hetu": random_hetu(), "role": "tenant_admin"}),
        (members_path(site, f"/{admin}"), {"role": "tenant_viewer"}),
        (members_path(site, f"/{admin}/remove"), {}),
        (members_path(site, f"/invitations/{invitation.group(1)}/cancel"), {}),
    ]
    for who in _strangers(site):
        for path in pages:
            response = get(site, path, who)
            assert response.status_code == 404, (path, who)
            assert "text/html" in response.headers["content-type"]
        for path, data in forms:
            assert post(site, path, data, who).status_code == 404, (path, who)
    handler = make_handler(site)
    assert get(site, members_path(site), as_identity(handler)).status_code == 403
    assert post(site, members_path(site, f"/{admin}/remove"), {}, as_identity(handler)).status_code == 403
    assert api_members(site) == {**before, handler: "tenant_handler"}
    assert "Not logged in yet" in get(site, members_path(site)).text  # the invitation is still there


def make_handler(world: World) -> int:
    handler = secrets.randbelow(2**40) + 1
    body: dict[str, object] = {"role": "tenant_handler", "registers": None, "explicit": []}
    response = world.client.put(
        f"{PREFIX}{world.a.tenant}/members/{handler}", json=body, headers=as_identity(world.a.admin)
    )
    assert response.status_code == 200, response.text
    return handler


def test_rls_shows_a_tenantless_session_only_the_invitations_it_names(
    site: World, backend: str, app_db_url: str, tenant_settings: Settings
) -> None:
    """PostgreSQL: the own_invitations policy admits only rows whose blind index the login named."""
    if backend != "postgresql":
        pytest.skip("row-level security exists on PostgreSQL only")
    hetu, other = random_hetu(), random_hetu()
    for code in (hetu, other):
        assert post(site, members_path(site, "/invite"), {"hetu": code, "role": "tenant_viewer"}).status_code == 303
    assert tenant_settings.key_file is not None
    vault = IdentityVault(load_keyring(tenant_settings.key_file, require_private_mode=False))
    count = "SELECT count(*) FROM tenant_invitations"

    async def run() -> tuple[int, int, int]:
        engine = build_engine(app_db_url)
        try:
            async with engine.begin() as connection:
                unnamed = (await connection.execute(text(count))).scalar_one()
                await connection.execute(text(invitee_statement([vault.index(hetu, vault.keyring.primary_id)])))
                named = (await connection.execute(text(count))).scalar_one()
                deleted = await connection.execute(text("DELETE FROM tenant_invitations"))
                return int(unnamed), int(named), int(deleted.rowcount)
        finally:
            await engine.dispose()

    unnamed, named, deleted = asyncio.run(run())
    assert unnamed == 0  # no tenant bound, no index named: nothing
    assert named == 1  # only the named person's invitation, not the other one
    assert deleted == 0  # the lookup policy is SELECT only
    with pytest.raises(ValueError, match="blind indexes only"):
        invitee_statement([b"x' OR true --"])
