"""The workspace's audit log page over HTTP, on SQLite and PostgreSQL (issue 12).

Entries in words with the actor by name, filters (actor, action, object type, period) as a GET
form, keyset pagination, the chain's verification status, the CSV export for an auditor (itself
in the log). Other tenants' staff, the desk, operators and subjects get the HTML 404; a handler 403.
"""

import asyncio
import csv
import io
import re
from datetime import UTC, datetime, timedelta

from httpx import Response
from sqlalchemy import text

from alusta.calendar.periods import HELSINKI
from alusta.db.engine import build_engine
from fixtures.callers import as_identity
from fixtures.dsr import World
from fixtures.tenancy import PREFIX

HTML = {"accept": "text/html"}


def page(world: World, query: str = "", who: dict[str, str] | None = None) -> Response:
    headers = {**HTML, **(who or as_identity(world.a.admin))}
    return world.client.get(f"/t/{world.a.tenant}/audit?lang=en" + (f"&{query}" if query else ""), headers=headers)


def table(response: Response) -> str:
    """The entries' rows (the filter form lists every action's words too)."""
    assert response.status_code == 200, response.text
    return response.text.split("<tbody>", 1)[1] if "<tbody>" in response.text else ""


def export(world: World, query: str = "", who: dict[str, str] | None = None) -> Response:
    headers = who or as_identity(world.a.admin)
    return world.client.get(f"/t/{world.a.tenant}/audit/export.csv" + (f"?{query}" if query else ""), headers=headers)


def api_actions(world: World) -> list[str]:
    response = world.client.get(f"{PREFIX}{world.a.tenant}/audit?limit=500", headers=as_identity(world.a.admin))
    return [e["action"] for e in response.json()["items"]]


def grant_handler(world: World, identity: int) -> None:
    body: dict[str, object] = {"role": "tenant_handler", "registers": None, "explicit": []}
    url = f"{PREFIX}{world.a.tenant}/members/{identity}"
    assert world.client.put(url, json=body, headers=as_identity(world.a.admin)).status_code == 200


def test_entries_in_words_with_filters_and_a_verified_chain(world: World) -> None:
    grant_handler(world, 424242)
    shown = page(world)
    assert shown.status_code == 200, shown.text
    assert "OK: the hash chain is intact." in shown.text
    assert "Staff role granted or changed" in table(shown)
    assert "Register created" in table(shown)
    by_action = page(world, "action=tenant.member.put")
    assert "Staff role granted or changed" in table(by_action)
    assert "Register created" not in table(by_action)
    by_object = page(world, "object=register")
    assert "Register created" in table(by_object)
    assert "Staff role granted or changed" not in table(by_object)
    by_actor = page(world, f"actor={world.a.admin}")
    assert "Register created" in table(by_actor)
    assert "No entries match." in page(world, "actor=77").text
    today = datetime.now(UTC).astimezone(HELSINKI).date()
    assert "Register created" in table(page(world, f"from={today}&to={today}"))
    tomorrow = today + timedelta(days=1)
    assert "No entries match." in page(world, f"from={tomorrow}").text
    assert "No entries match." in page(world, f"to={today - timedelta(days=1)}").text
    bad = page(world, "from=31.1.2026&action=nonsense")
    assert bad.status_code == 400
    assert "Enter the date as year-month-day" in bad.text
    assert "Choose the action from the list." in bad.text
    assert api_actions(world).count("audit.read") >= 8  # every look at the log is in the log


def test_keyset_pagination_walks_back_without_repeats(world: World) -> None:
    for n in range(55):
        grant_handler(world, 10_000 + n)
    first = page(world, "action=tenant.member.put")
    older = re.search(r'href="/t/\d+/audit\?([^"]*before=\d+[^"]*)"', first.text)
    assert older is not None, "no link to older entries"
    query = older.group(1).replace("&amp;", "&")
    assert "action=tenant.member.put" in query  # the filters carry over
    second = page(world, query)
    assert second.status_code == 200
    assert "Older entries, newest first" in second.text
    objects = re.findall(r"Staff member (\d+)</td>", first.text + second.text)
    assert len(objects) == 55  # 50 + 5
    assert len(set(objects)) == 55  # none twice
    assert "Older entries</a>" in first.text
    assert "Older entries</a>" not in second.text  # the oldest page
    assert "Newest entries</a>" in second.text


def test_a_broken_chain_is_reported(world: World, db_url: str) -> None:
    async def tamper() -> None:
        engine = build_engine(db_url)
        try:
            async with engine.begin() as connection:
                if connection.dialect.name == "postgresql":
                    await connection.execute(text(f"SET LOCAL app.tenant_id = '{world.a.tenant}'"))
                await connection.execute(
                    text("UPDATE audit_log SET action = 'record.delete' WHERE tenant_id = :t AND seq = 1"),
                    {"t": world.a.tenant},
                )
        finally:
            await engine.dispose()

    asyncio.run(tamper())
    shown = page(world)
    assert "Broken: the log has been altered or entries are missing." in shown.text
    assert "First failing entry: 1." in shown.text
    other = world.client.get(f"/t/{world.b.tenant}/audit?lang=en", headers={**HTML, **as_identity(world.b.admin)})
    assert "OK: the hash chain is intact." in other.text  # B's chain is not A's


def test_csv_export_of_the_filtered_entries_is_itself_logged(world: World) -> None:
    grant_handler(world, 515151)
    response = export(world, "action=tenant.member.put")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0][:6] == ["seq", "at", "actor_id", "actor_name", "actor_role", "action"]
    assert {row[5] for row in rows[1:]} == {"tenant.member.put"}
    assert "515151" in {row[7] for row in rows[1:]}
    assert all(len(row[11]) == 64 for row in rows[1:])  # the entry hashes, to re-check the chain
    assert api_actions(world)[-1] == "audit.export"
    assert export(world, "from=yesterday").status_code == 400


def test_strangers_get_404_and_a_handler_403(world: World) -> None:
    before = len(api_actions(world))
    strangers = [as_identity(world.b.admin), world.as_desk(), world.as_operator(), world.as_subject()]
    for who in strangers:
        response = page(world, who=who)
        assert response.status_code == 404, who
        assert "text/html" in response.headers["content-type"]
        assert export(world, who={**HTML, **who}).status_code == 404, who
    grant_handler(world, 616161)
    assert page(world, who=as_identity(616161)).status_code == 403
    assert export(world, who=as_identity(616161)).status_code == 403
    assert len(api_actions(world)) == before + 2  # the member grant and this count's own read
