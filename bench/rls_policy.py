"""Cost of the RLS policy form: the old subquery (InitPlan) vs ``app_current_tenant()`` (issue 16).

Run: .venv/bin/python bench/rls_policy.py [--rounds N]
Needs PostgreSQL at ALUSTA_TEST_PG_ADMIN_URL (default postgresql://postgres@127.0.0.1:5432/postgres,
a superuser: it creates and drops a scratch database and a NOLOGIN role). Two tables hold the same
rows, one with each policy form, read as a role without BYPASSRLS, interleaved in the same run:

- ``pk``: primary-key reads (the common request), 20 tenants x 10,000 rows;
- ``tenant``: ``count(*)`` of one tenant's rows (index scan on the leading ``tenant_id``);
- ``single``: ``count(*)`` when one tenant owns the whole table (a sequential scan: the new
  policy is a per-row filter there, the old form compared with an InitPlan parameter);
- ``single_orm``: the same with the explicit ``tenant_id = $1`` the ORM adds to every query: the
  planner derives ``app_current_tenant() = $1`` as a One-Time Filter (once per statement).

Prints the EXPLAIN of each form and ms per statement; goal: new/old <= 1.10 for ``pk``,
``tenant`` and ``single_orm`` (evaluated once per scan or statement in both forms).
"""

import argparse
import asyncio
import os
import time
import uuid

import asyncpg

ADMIN = os.environ.get("ALUSTA_TEST_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
OLD = "(SELECT NULLIF(current_setting('app.tenant_id', true), '')::bigint)"
NEW = "app_current_tenant()"
FUNCTION = """CREATE FUNCTION app_current_tenant() RETURNS bigint LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT NULLIF(pg_catalog.current_setting('app.tenant_id', true), '')::bigint $$"""
TENANTS, ROWS, SINGLE_ROWS = 20, 10_000, 200_000


async def _setup(connection: asyncpg.Connection, role: str) -> None:
    await connection.execute(FUNCTION)
    for form, policy in (("old", OLD), ("new", NEW)):
        for kind, tenants, rows in (("many", TENANTS, ROWS), ("single", 1, SINGLE_ROWS)):
            table = f"{kind}_{form}"
            await connection.execute(
                f"CREATE TABLE {table} (tenant_id bigint, id bigint, payload text, PRIMARY KEY (tenant_id, id))"
            )
            await connection.execute(
                f"INSERT INTO {table} SELECT t, i, md5(i::text) "
                f"FROM generate_series(1, {tenants}) t, generate_series(1, {rows}) i"
            )
            await connection.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
            await connection.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
            await connection.execute(f"CREATE POLICY tenant_isolation ON {table} USING (tenant_id = {policy})")
            await connection.execute(f'GRANT SELECT ON {table} TO "{role}"')
    await connection.execute("ANALYZE")


async def _timed(connection: asyncpg.Connection, role: str, query: str, args: list[tuple[int, ...]]) -> float:
    statement = await connection.prepare(query)
    async with connection.transaction():
        await connection.execute(f"SET LOCAL ROLE \"{role}\"; SET LOCAL app.tenant_id = '1'")
        start = time.perf_counter()
        for values in args:
            await statement.fetchval(*values)
        return (time.perf_counter() - start) * 1000 / len(args)


async def _explain(connection: asyncpg.Connection, role: str, query: str) -> str:
    async with connection.transaction():
        await connection.execute(f"SET LOCAL ROLE \"{role}\"; SET LOCAL app.tenant_id = '1'")
        rows = await connection.fetch(f"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) {query}")
    return "\n".join("    " + row[0] for row in rows)


async def run(rounds: int) -> None:
    name, role = f"alusta_bench_{uuid.uuid4().hex[:8]}", f"alusta_bench_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(ADMIN)
    await admin.execute(f'CREATE DATABASE "{name}"')
    await admin.execute(f'CREATE ROLE "{role}" NOLOGIN NOBYPASSRLS')
    try:
        connection = await asyncpg.connect(ADMIN.rsplit("/", 1)[0] + "/" + name)
        try:
            await _setup(connection, role)
            for form in ("old", "new"):
                print(f"-- {form}: SELECT count(*) FROM many_{form}")
                print(await _explain(connection, role, f"SELECT count(*) FROM many_{form}"))
                print(f"-- {form}: SELECT count(*) FROM single_{form}")
                print(await _explain(connection, role, f"SELECT count(*) FROM single_{form}"))
                print(f"-- {form}: SELECT count(*) FROM single_{form} WHERE tenant_id = 1")
                print(await _explain(connection, role, f"SELECT count(*) FROM single_{form} WHERE tenant_id = 1"))
            workloads: dict[str, tuple[str, list[tuple[int, ...]]]] = {
                "pk": ("SELECT payload FROM many_{form} WHERE id = $1", [(i % ROWS + 1,) for i in range(5000)]),
                "tenant": ("SELECT count(*) FROM many_{form}", [()] * 200),
                "single": ("SELECT count(*) FROM single_{form}", [()] * 20),
                "single_orm": ("SELECT count(*) FROM single_{form} WHERE tenant_id = $1", [(1,)] * 20),
            }
            for label, (query, args) in workloads.items():
                best = {"old": float("inf"), "new": float("inf")}
                for _ in range(rounds):  # interleaved, best of N: noise from other load is one-sided
                    for form in ("old", "new"):
                        best[form] = min(best[form], await _timed(connection, role, query.format(form=form), args))
                ratio = best["new"] / best["old"]
                print(f"{label:10} old {best['old']:.4f} ms  new {best['new']:.4f} ms  new/old {ratio:.2f}")
        finally:
            await connection.close()
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.execute(f'DROP ROLE IF EXISTS "{role}"')
        await admin.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=5)
    asyncio.run(run(parser.parse_args().rounds))


if __name__ == "__main__":
    main()
