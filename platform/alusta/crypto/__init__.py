"""Key material: the key-encryption key ring, TLS and OIDC key checks, development generation."""
