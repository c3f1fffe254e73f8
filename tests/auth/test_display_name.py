"""The name in the page header comes from the ID token's name claims, checked as any input."""

import pytest
from litestar.testing import TestClient
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from alusta.app import AlustaApp
from alusta.auth.service import display_name
from alusta.auth.sessions import open_name, seal_name
from fixtures.auth import login_as
from fixtures.database import run_on_engine


@pytest.mark.parametrize(
    ("claims", "shown"),
    [
        ({"given_name": "Ulla", "family_name": "Uu"}, "Ulla Uu"),
        ({"given_name": " Åsa ", "family_name": ""}, "Åsa"),
        ({"name": "Yrjö Ypsilon"}, "Yrjö Ypsilon"),
        ({}, None),
        ({"given_name": 7, "family_name": None}, None),
        ({"given_name": "Ulla\u202e", "family_name": "Uu"}, None),  # a bidi override is never shown
        ({"given_name": "A\x00B"}, None),
        ({"given_name": "x" * 101}, None),
    ],
)
def test_display_name(claims: dict[str, object], shown: str | None) -> None:
    assert display_name(claims) == shown


def test_name_is_sealed_under_the_cookie_token() -> None:
    sealed = seal_name("token-a", "Ulla Uu")
    assert "Ulla" not in sealed
    assert open_name("token-a", sealed) == "Ulla Uu"
    assert open_name("token-b", sealed) is None  # another session's token opens nothing
    assert open_name("token-a", sealed[:-4] + "AAAA") is None  # tampered


def test_header_shows_the_name_and_the_session_store_holds_none(
    auth_client: TestClient[AlustaApp], db_url: str
) -> None:
    assert login_as(auth_client, "yrjo").status_code == 303
    page = auth_client.get("/", headers={"accept": "text/html"})
    assert "Yrjö Ypsilon" in page.text

    async def stored(engine: AsyncEngine) -> list[bytes]:
        async with engine.connect() as connection:
            return [bytes(row[0]) for row in await connection.execute(text("SELECT value FROM auth_store"))]

    values = run_on_engine(db_url, stored)
    assert values  # the session is there
    assert not [v for v in values if b"Yrj" in v or b"Ypsilon" in v]
