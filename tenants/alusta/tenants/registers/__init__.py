"""registers domain."""
