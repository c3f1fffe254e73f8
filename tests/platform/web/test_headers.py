"""Cookies are forced Secure; a handler's own Cache-Control is kept."""

from alusta.web.headers import harden_headers


def test_set_cookie_without_secure_gets_it() -> None:
    headers = dict(harden_headers([(b"set-cookie", b"a=1; HttpOnly; Path=/")]))
    assert headers[b"set-cookie"] == b"a=1; HttpOnly; Path=/; Secure"


def test_secure_cookie_is_left_alone() -> None:
    headers = dict(harden_headers([(b"set-cookie", b"__Host-s=1; Secure; HttpOnly; Path=/")]))
    assert headers[b"set-cookie"] == b"__Host-s=1; Secure; HttpOnly; Path=/"


def test_cookie_named_secure_is_not_mistaken_for_the_attribute() -> None:
    headers = dict(harden_headers([(b"set-cookie", b"secure=1; Path=/")]))
    assert headers[b"set-cookie"].endswith(b"; Secure")


def test_default_cache_control_is_no_store_but_handler_value_wins() -> None:
    assert dict(harden_headers([]))[b"cache-control"] == b"no-store"
    assert dict(harden_headers([(b"cache-control", b"public, max-age=60")]))[b"cache-control"] == b"public, max-age=60"


def test_own_frame_ancestors_replaces_x_frame_options() -> None:
    csp = (b"content-security-policy", b"default-src 'none'; frame-ancestors https://idp.example.test")
    headers = dict(harden_headers([csp]))
    assert b"x-frame-options" not in headers
    assert headers[b"content-security-policy"] == csp[1]
    assert dict(harden_headers([]))[b"x-frame-options"] == b"DENY"
