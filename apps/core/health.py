"""Health and readiness probes for load balancers and orchestrators: /healthz and /readyz.

``/healthz`` answers as long as the process does and touches nothing else, so a probe never
restarts a worker because the database is down. ``/readyz`` says whether the process can serve:
the database is reachable with every migration applied, and the cache answers when one is
configured. A cache outage degrades the service without stopping it (reads fail open, see
apps.core.cache), so it keeps the answer 200 and says ``degraded``.

Both are plain Django views outside /api/: no throttling, no response cache, no session, and
``Cache-Control: no-store`` so no proxy answers a probe from a copy.
"""

from collections.abc import Callable
from typing import cast

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from apps.core.cache import FailOpenRedisCache
from apps.core.middleware.faults import RETRY_AFTER_SECONDS

OK = "ok"


def _probe(
    view: Callable[[HttpRequest], JsonResponse],
) -> Callable[[HttpRequest], JsonResponse]:
    # Outside ATOMIC_REQUESTS: opening a transaction would connect to the database first.
    return require_safe(never_cache(transaction.non_atomic_requests(view)))


@_probe
def healthz(request: HttpRequest) -> JsonResponse:
    """The process answers. Nothing else is checked, so nothing else can fail it."""
    return JsonResponse({"status": "ok"})


def _database_checks() -> dict[str, str]:
    """The state of the database and of its migrations, checked on the default connection."""
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        connection.ensure_connection()
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError:
        return {"database": "unavailable", "migrations": "unknown"}
    return {"database": OK, "migrations": "pending" if pending else OK}


def _cache_check() -> str:
    if not settings.REDIS_URL:
        return "not_configured"
    # With REDIS_URL set, the cache is the fail-open Redis cache (settings: CACHES).
    return OK if cast(FailOpenRedisCache, cache).is_available() else "degraded"


@_probe
def readyz(request: HttpRequest) -> JsonResponse:
    """200 while the service can serve (``ready``, or ``degraded`` without its cache), else 503."""
    checks = {**_database_checks(), "cache": _cache_check()}
    if checks["database"] != OK or checks["migrations"] != OK:
        response = JsonResponse({"status": "unavailable", "checks": checks}, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    status = "ready" if checks["cache"] != "degraded" else "degraded"
    return JsonResponse({"status": status, "checks": checks})
