"""Property: random operations by random tenants never read or write across tenants.

Hypothesis draws sequences of create/read/update/delete/list/search calls; each call is made by
one tenant's admin, aimed at a record of any tenant, through either the foreign tenant's URL
(the guard's 404) or the caller's own URL with a foreign id (ORM filter / RLS 404). A model of
what each tenant should hold is checked after every sequence. Bounded: few examples.
"""

from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from litestar.testing import TestClient

from alusta.app import AlustaApp
from alusta.settings import Settings
from fixtures.callers import as_identity
from fixtures.tenancy import PREFIX, Side, build_side, synthetic_hetu

OPS = ("create", "read", "update", "delete", "list", "search")


@dataclass
class Model:
    records: dict[int, dict[int, tuple[str, str]]] = field(default_factory=dict)  # tenant -> id -> (name, hetu)


@pytest.fixture
def three(tenant_client: TestClient[AlustaApp], tenant_settings: Settings) -> list[Side]:
    return [build_side(tenant_client, tenant_settings, f"P{n} Oy", 60 + n) for n in range(3)]


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(OPS), st.integers(0, 2), st.integers(0, 2), st.booleans(), st.integers(0, 99)),
        min_size=5,
        max_size=15,
    )
)
def test_random_operations_stay_in_their_tenant(
    tenant_client: TestClient[AlustaApp], three: list[Side], steps: list[tuple[str, int, int, bool, int]]
) -> None:
    model = Model()
    for side in three:
        listed = tenant_client.get(
            f"{PREFIX}{side.tenant}/registers/{side.register}/records",
            params={"limit": 200},
            headers=as_identity(side.admin),
        )
        model.records[side.tenant] = {
            r["id"]: (r["values"].get("name"), r["values"]["hetu"]) for r in listed.json()["items"]
        }
    for op, actor_n, target_n, via_foreign_url, salt in steps:
        actor, target = three[actor_n], three[target_n]
        _step(tenant_client, model, op, actor, target, via_foreign_url, salt)
    for side in three:
        listed = tenant_client.get(
            f"{PREFIX}{side.tenant}/registers/{side.register}/records",
            params={"limit": 200},
            headers=as_identity(side.admin),
        )
        assert {
            r["id"]: (r["values"].get("name"), r["values"]["hetu"]) for r in listed.json()["items"]
        } == model.records[side.tenant]


def _step(  # noqa: C901, PLR0912, PLR0917 - one branch per operation
    client: TestClient[AlustaApp], model: Model, op: str, actor: Side, target: Side, foreign_url: bool, salt: int
) -> None:
    headers = as_identity(actor.admin)
    same = actor.tenant == target.tenant
    url_tenant = target.tenant if foreign_url else actor.tenant
    target_records = model.records[target.tenant]
    record_id = sorted(target_records)[salt % len(target_records)] if target_records else target.record
    if op == "create":
        hetu = synthetic_hetu(salt)
        response = client.post(
            f"{PREFIX}{url_tenant}/registers/{target.register}/records",
            json={"values": {"hetu": hetu, "name": f"n{salt}"}},
            headers=headers,
        )
        if same:
            assert response.status_code == 201
            model.records[target.tenant][response.json()["id"]] = (f"n{salt}", hetu)
        else:
            assert response.status_code == 404
    elif op in {"read", "update", "delete"}:
        url = f"{PREFIX}{url_tenant}/records/{record_id}"
        if op == "read":
            response = client.get(url, headers=headers)
        elif op == "update":
            response = client.patch(url, json={"values": {"name": f"u{salt}"}}, headers=headers)
        else:
            response = client.delete(url, headers=headers)
        exists = record_id in target_records
        if same and exists:
            assert response.status_code in {200, 204}
            if op == "update":
                target_records[record_id] = (f"u{salt}", target_records[record_id][1])
            elif op == "delete":
                del target_records[record_id]
            else:
                assert (response.json()["values"].get("name"), response.json()["values"]["hetu"]) == target_records[
                    record_id
                ]
        else:
            assert response.status_code == 404
    elif op == "list":
        response = client.get(f"{PREFIX}{url_tenant}/registers/{target.register}/records", headers=headers)
        if same:
            assert {r["id"] for r in response.json()["items"]} <= set(target_records)
        else:
            assert response.status_code == 404
    else:
        hetu = target_records[record_id][1] if record_id in target_records else target.hetu
        response = client.post(
            f"{PREFIX}{actor.tenant}/records/search", json={"kind": "hetu", "value": hetu}, headers=headers
        )
        assert response.status_code == 200
        assert {r["id"] for r in response.json()} <= set(model.records[actor.tenant])
