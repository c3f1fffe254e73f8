"""Strong identification: OIDC relying party (FTN profile), sessions, roles and permissions."""
