"""``/healthz`` (alive), ``/readyz`` (database reachable, schema at head), ``/metrics``."""

from typing import Any

from litestar import Controller, Request, Response, get
from litestar.datastructures import State
from litestar.status_codes import HTTP_200_OK, HTTP_503_SERVICE_UNAVAILABLE
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from alusta.ops.schemas import Health, ReadinessReport
from alusta.ops.service import check_readiness


class OperationsController(Controller):
    include_in_schema = True
    tags = ("operations",)

    @get("/healthz", summary="Liveness: the process answers.", cache=False)
    async def healthz(self) -> Health:
        return Health(status="ok")

    @get("/readyz", summary="Readiness: the database is reachable and its schema at head (503 otherwise).")
    async def readyz(self, state: State) -> Response[ReadinessReport]:
        result = await check_readiness(state.engine)
        state.shell.schema_ready = result.ready
        return Response(
            ReadinessReport(ready=result.ready, database=result.database, schema=result.schema),
            status_code=HTTP_200_OK if result.ready else HTTP_503_SERVICE_UNAVAILABLE,
        )

    @get("/metrics", summary="Prometheus metrics by route template.", media_type=CONTENT_TYPE_LATEST)
    async def metrics(self, request: Request[Any, Any, Any]) -> bytes:
        return generate_latest(request.app.state.shell.metrics.registry)
