"""`/api/v1/systems/…`: the REST API for connected systems (docs/integration.md)."""

from lienthong.gateway.api import catalogue, dossiers, operations  # noqa: F401 — they add their routes
from lienthong.gateway.api.auth import gateway_error_handler
from lienthong.gateway.api.router import router
from lienthong.gateway.errors import GatewayError
from lienthong.gateway.webhooks import api as webhooks_api  # noqa: F401 — adds /webhooks…

__all__ = ["GatewayError", "gateway_error_handler", "router"]
