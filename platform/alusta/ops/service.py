"""Readiness: the database answers and its schema is at the newest migration.

The two failures are told apart (issue 17): "database unavailable" (no connection: an outage,
retry later) is not "schema not up to date" (an operator must run the migrations).
"""

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from alusta.db.migrate import schema_state


@dataclass(frozen=True)
class Readiness:
    ready: bool
    database: str
    schema: str

    @property
    def database_available(self) -> bool:
        return self.database == REACHABLE

    @property
    def reason(self) -> str:
        if self.ready:
            return "ready"
        return "schema not up to date" if self.database_available else "database unavailable"


REACHABLE = "reachable"


async def check_readiness(engine: AsyncEngine) -> Readiness:
    try:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
        state = await schema_state(engine)
    except (SQLAlchemyError, OSError) as exc:
        # The driver's message may name hosts or users: report only the failure's type.
        return Readiness(ready=False, database=f"unreachable ({type(exc).__name__})", schema="unknown")
    return Readiness(ready=state.at_head, database=REACHABLE, schema=state.explain())
