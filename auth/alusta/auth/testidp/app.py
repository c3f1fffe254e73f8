"""Building the test IdP: mounted in the app (dev/test) or served alone (``alusta test-idp``).

Ground rule 4: it never exists in production; both builders refuse.
"""

from litestar import Litestar
from litestar.datastructures import State

from alusta.auth.keys import RelyingPartyKeys
from alusta.auth.testidp.core import BuiltinIdp, client_from_rp
from alusta.auth.testidp.routes import TEST_IDP_STATE_KEY, BuiltinIdpController
from alusta.crypto.devmaterial import ensure_rsa_key
from alusta.crypto.pem import load_rsa_key
from alusta.settings import Settings
from alusta.settings_resolve import TEST_IDP_PATH


class IdpRefusedError(RuntimeError):
    """The built-in test identity provider was asked for in production."""


def build_test_idp(settings: Settings, idp_origin: str) -> BuiltinIdp:
    if settings.is_production:
        raise IdpRefusedError("the built-in test identity provider is not available in production")
    if not settings.public_url or not settings.oidc_client_id:
        raise RuntimeError("settings are not resolved")
    key = load_rsa_key(ensure_rsa_key(settings.state_dir / "oidc" / "test-idp-signing.pem"))
    client = client_from_rp(settings.oidc_client_id, settings.public_url, RelyingPartyKeys.from_settings(settings))
    return BuiltinIdp(
        issuer=idp_origin.rstrip("/") + TEST_IDP_PATH, clients={client.client_id: client}, signing_key=key
    )


def standalone_app(settings: Settings, idp_origin: str) -> Litestar:
    """The test IdP as its own HTTPS service, for the RP to reach like a real broker."""
    idp = build_test_idp(settings, idp_origin)
    return Litestar(
        route_handlers=[BuiltinIdpController],
        state=State({TEST_IDP_STATE_KEY: idp}),
        openapi_config=None,
        logging_config=None,
        debug=False,
    )
