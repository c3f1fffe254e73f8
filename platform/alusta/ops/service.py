"""Readiness: the database answers and its schema is at the newest migration."""

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


async def check_readiness(engine: AsyncEngine) -> Readiness:
    try:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
        state = await schema_state(engine)
    except (SQLAlchemyError, OSError) as exc:
        # The driver's message may name hosts or users: report only the failure's type.
        return Readiness(ready=False, database=f"unreachable ({type(exc).__name__})", schema="unknown")
    return Readiness(ready=state.at_head, database="reachable", schema=state.explain())
