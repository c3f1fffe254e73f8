"""The built-in test identity provider (development and tests only; never mounted in production)."""
