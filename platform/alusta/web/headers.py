"""Security headers sent on every response, 404s and refusals included (ground rule 3)."""

HSTS_MAX_AGE = 63_072_000  # two years; preload lists require at least one
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; "
    "upgrade-insecure-requests"
)

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"strict-transport-security", f"max-age={HSTS_MAX_AGE}; includeSubDomains".encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
)
# Responses may carry personal data: nothing is cached unless a handler says otherwise.
DEFAULT_CACHE_CONTROL = (b"cache-control", b"no-store")


def harden_headers(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """Add the security headers, keep a handler's own Cache-Control, and force Secure cookies."""
    present = {name.lower() for name, _ in headers}
    if any(name.lower() == b"content-security-policy" and b"frame-ancestors" in value for name, value in headers):
        # A handler that sets its own frame-ancestors (front-channel logout) decides framing;
        # X-Frame-Options cannot express "this origin only", so it is left out there.
        present.add(b"x-frame-options")
    result = [(name, _secure_cookie(value) if name.lower() == b"set-cookie" else value) for name, value in headers]
    result += [header for header in SECURITY_HEADERS if header[0] not in present]
    if DEFAULT_CACHE_CONTROL[0] not in present:
        result.append(DEFAULT_CACHE_CONTROL)
    return result


def _secure_cookie(value: bytes) -> bytes:
    """Cookies only travel over TLS: add ``Secure`` to any Set-Cookie that lacks it."""
    attributes = {part.strip().lower() for part in value.split(b";")[1:]}
    return value if b"secure" in attributes else value + b"; Secure"
