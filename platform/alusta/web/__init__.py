"""The web shell: security headers, TLS/Host enforcement, request ids, errors as problem details."""
