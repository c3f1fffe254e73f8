"""``/healthz`` (alive), ``/readyz`` (database reachable, schema at head), ``/metrics``."""

from typing import Any

from litestar import Controller, Request, Response, get
from litestar.datastructures import State
from litestar.status_codes import HTTP_200_OK, HTTP_503_SERVICE_UNAVAILABLE
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from alusta.ops.schemas import Health, ReadinessReport
from alusta.ops.service import check_readiness
from alusta.web.problems import RETRY_AFTER_SECONDS


class OperationsController(Controller):
    include_in_schema = True
    tags = ("operations",)

    @get("/healthz", summary="Liveness: the process answers.", cache=False)
    async def healthz(self) -> Health:
        return Health(status="ok")

    @get("/readyz", summary="Readiness: the database is reachable and its schema at head (503 otherwise).")
    async def readyz(self, state: State) -> Response[ReadinessReport]:
        result = await check_readiness(state.engine)
        state.shell.database_available = result.database_available
        if result.database_available:  # an outage says nothing about the schema: keep what is known
            state.shell.schema_ready = result.ready
        return Response(
            ReadinessReport(result.ready, result.database, result.schema, result.reason),
            status_code=HTTP_200_OK if result.ready else HTTP_503_SERVICE_UNAVAILABLE,
            headers=None if result.ready else {"Retry-After": str(RETRY_AFTER_SECONDS)},
        )

    @get("/metrics", summary="Prometheus metrics by route template.", media_type=CONTENT_TYPE_LATEST)
    async def metrics(self, request: Request[Any, Any, Any]) -> bytes:
        return generate_latest(request.app.state.shell.metrics.registry)
