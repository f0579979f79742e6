"""`/api/v1/systems/webhooks…`: a system's subscriptions, its dead letters, and their replay (scope
events:subscribe). A secret is in the answer to a creation or a rotation, and nowhere else."""

import datetime as dt
from typing import Annotated, Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema
from pydantic import ConfigDict, HttpUrl, UrlConstraints

from lienthong.core.api_params import row_id
from lienthong.core.problems import Problem
from lienthong.dossiers.constants import EventKind
from lienthong.gateway.api.auth import SystemKey, json_out, operation
from lienthong.gateway.api.router import IDEMPOTENCY_KEY, REFUSALS, router
from lienthong.gateway.constants import Scope
from lienthong.gateway.errors import GatewayError
from lienthong.gateway.webhooks import selectors
from lienthong.gateway.webhooks.constants import DeliveryState
from lienthong.gateway.webhooks.services import (
    URL_MAX_LENGTH,
    delivery_replay,
    subscription_create,
    subscription_delete,
    subscription_rotate_secret,
)

SUBSCRIBE = SystemKey(Scope.EVENTS_SUBSCRIBE)


class SubscriptionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    url: Annotated[HttpUrl, UrlConstraints(max_length=URL_MAX_LENGTH)] = Field(
        description="https; http only to localhost or 127.0.0.1 (development). A public address only: private, "
        "loopback, link-local… addresses are refused unless the operator allows their range.",
        examples=["https://motcua.example.gov.vn/lienthong/webhooks"],
    )
    kinds: list[EventKind | Literal["message_status"]] = Field(
        default_factory=list,
        description="Event kinds wanted; empty: every dossier event kind. `message_status` (only when named): each "
        "change of status of a message to the applicant (Zalo, SMS, e-mail), as `message.status`.",
    )


class SubscriptionOut(Schema):
    id: int
    url: str
    kinds: list[str]
    is_active: bool
    created_at: dt.datetime


class SubscriptionSecretOut(SubscriptionOut):
    secret: str = Field(description="Shown once: keep it to verify webhook-signature (whsec_ + base64).")


class DeliveryOut(Schema):
    id: int
    subscription: int
    webhook_id: str = Field(description="The event's id, sent as webhook-id on every attempt.")
    kind: str
    dossier_code: str
    state: DeliveryState
    attempts: int
    available_at: dt.datetime
    delivered_at: dt.datetime | None
    dead_at: dt.datetime | None
    last_status: int | None
    last_error: str


class DeliveryQuery(Schema):
    model_config = ConfigDict(extra="forbid")

    state: DeliveryState = DeliveryState.DEAD
    limit: int = Field(100, ge=1, le=500)


def _out(subscription) -> SubscriptionOut:
    return SubscriptionOut(id=subscription.pk, url=subscription.url, kinds=subscription.kinds,
                           is_active=subscription.is_active, created_at=subscription.created_at)  # fmt: skip


def _with_secret(subscription) -> SubscriptionSecretOut:
    return SubscriptionSecretOut(**_out(subscription).model_dump(), secret=subscription.secret)


def _delivery_out(d) -> DeliveryOut:
    return DeliveryOut(id=d.pk, subscription=d.subscription_id, webhook_id=d.webhook_id, kind=d.kind,
                       dossier_code=d.dossier_code, state=d.state, attempts=d.attempts,
                       available_at=d.available_at, delivered_at=d.delivered_at, dead_at=d.dead_at,
                       last_status=d.last_status, last_error=d.last_error)  # fmt: skip


@router.post(
    "/webhooks", auth=SUBSCRIBE, response={201: SubscriptionSecretOut, 422: Problem, **REFUSALS},
    operation_id="system_webhook_create", url_name="system-webhooks",
    summary="Subscribe an endpoint to the agency's dossier events; the answer holds its signing secret, once",
)  # fmt: skip
@operation("system_webhook_create", idempotent=True)
def webhook_create(request: HttpRequest, body: SubscriptionIn, idempotency_key: str = IDEMPOTENCY_KEY) -> HttpResponse:
    created = subscription_create(system=request.auth.system, url=str(body.url), kinds=[str(k) for k in body.kinds])
    return json_out(_with_secret(created), status=201)


@router.get(
    "/webhooks", auth=SUBSCRIBE, response={200: list[SubscriptionOut], **REFUSALS},
    operation_id="system_webhook_list", url_name="system-webhooks", summary="The system's subscriptions",
)  # fmt: skip
@operation("system_webhook_list")
def webhook_list(request: HttpRequest) -> HttpResponse:
    return json_out([_out(s) for s in selectors.system_subscriptions(system=request.auth.system)])


@router.get(
    "/webhooks/deliveries", auth=SUBSCRIBE, response={200: list[DeliveryOut], 422: Problem, **REFUSALS},
    operation_id="system_webhook_deliveries", url_name="system-webhook-deliveries",
    summary="The system's deliveries in a state (default: dead letters), newest first",
)  # fmt: skip
@operation("system_webhook_deliveries")
def webhook_deliveries(request: HttpRequest, query: Query[DeliveryQuery]) -> HttpResponse:
    found = selectors.system_deliveries(system=request.auth.system, state=query.state, limit=query.limit)
    return json_out([_delivery_out(d) for d in found])


@router.post(
    "/webhooks/deliveries/{delivery_id}/replay", auth=SUBSCRIBE,
    response={202: DeliveryOut, 404: Problem, 409: Problem, 422: Problem, **REFUSALS},
    operation_id="system_webhook_replay", url_name="system-webhook-replay",
    summary="Send a dead letter again, with its original webhook-id",
)  # fmt: skip
@operation("system_webhook_replay", idempotent=True)
def webhook_replay(
    request: HttpRequest, delivery_id: int = row_id(), idempotency_key: str = IDEMPOTENCY_KEY
) -> HttpResponse:
    delivery = selectors.system_delivery_get(system=request.auth.system, delivery_id=delivery_id)
    delivery_replay(delivery=delivery)
    return json_out(_delivery_out(selectors.system_delivery_get(system=request.auth.system,
                                                                delivery_id=delivery_id)), status=202)  # fmt: skip


@router.delete(
    "/webhooks/{subscription_id}", auth=SUBSCRIBE, response={204: None, 404: Problem, **REFUSALS},
    operation_id="system_webhook_delete", url_name="system-webhook",
    summary="Delete a subscription (its pending deliveries are dropped)",
)  # fmt: skip
@operation("system_webhook_delete")
def webhook_delete(request: HttpRequest, subscription_id: int = row_id()) -> HttpResponse:
    subscription_delete(subscription=_mine(request, subscription_id))
    return HttpResponse(status=204)


@router.post(
    "/webhooks/{subscription_id}/rotate-secret", auth=SUBSCRIBE,
    response={200: SubscriptionSecretOut, 404: Problem, 422: Problem, **REFUSALS},
    operation_id="system_webhook_rotate_secret", url_name="system-webhook-rotate",
    summary="A new signing secret (shown once); the old one also signs for the overlap",
)  # fmt: skip
@operation("system_webhook_rotate_secret", idempotent=True)
def webhook_rotate(request: HttpRequest, subscription_id: int = row_id(),
                   idempotency_key: str = IDEMPOTENCY_KEY) -> HttpResponse:  # fmt: skip
    return json_out(_with_secret(subscription_rotate_secret(subscription=_mine(request, subscription_id))))


def _mine(request: HttpRequest, subscription_id: int):
    found = selectors.system_subscriptions(system=request.auth.system).filter(pk=subscription_id).first()
    if found is None:
        raise GatewayError(GatewayError.NOT_FOUND, _("Không tìm thấy đăng ký webhook."), status=404)
    return found
