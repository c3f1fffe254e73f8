"""Operations: liveness, readiness, Prometheus metrics."""
