"""The request-scoped database session: committed when the handler succeeds, rolled back otherwise."""

from collections.abc import AsyncIterator

from litestar.datastructures import State
from sqlalchemy.ext.asyncio import AsyncSession


async def provide_db_session(state: State) -> AsyncIterator[AsyncSession]:
    async with state.sessionmaker() as session:
        try:
            yield session
        except BaseException:
            await session.rollback()
            raise
        else:
            await session.commit()


async def release_on_refusal(session: AsyncSession) -> None:
    """Roll back and close the request's session when a dependency built on it refuses the request.

    Litestar enters the dependency clean-up only after every dependency resolved, so a provider
    that raises (404, 403) must release the session itself, or its connection waits for the GC.
    """
    await session.rollback()
    await session.close()
