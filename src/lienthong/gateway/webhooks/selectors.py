"""Reads of the webhooks, each owning its joins (a list costs the same queries for one row or a hundred)."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from lienthong.gateway.errors import GatewayError
from lienthong.gateway.models import ConnectedSystem
from lienthong.gateway.webhooks.models import WebhookDelivery, WebhookSubscription
from lienthong.org.constants import Role
from lienthong.org.models import OfficerRole


def system_subscriptions(*, system: ConnectedSystem) -> QuerySet[WebhookSubscription]:
    return WebhookSubscription.objects.filter(system=system).order_by("id")


def system_deliveries(*, system: ConnectedSystem, state: str, limit: int) -> list[WebhookDelivery]:
    found = WebhookDelivery.objects.filter(subscription__system=system, state=state)
    return list(found.select_related("event__dossier", "notice__dossier").order_by("-id")[:limit])


def system_delivery_get(*, system: ConnectedSystem, delivery_id: int) -> WebhookDelivery:
    found = WebhookDelivery.objects.filter(subscription__system=system, pk=delivery_id)
    delivery = found.select_related("event__dossier", "notice__dossier").first()
    if delivery is None:
        raise GatewayError(GatewayError.NOT_FOUND, _("Không tìm thấy lượt gửi webhook."), status=404)
    return delivery


def deliveries_visible_to(*, user, queryset: QuerySet[WebhookDelivery]) -> QuerySet[WebhookDelivery]:
    """What an officer may see: everything for a superuser, else the systems of the agencies where they are the
    IT officer (the unit's IT officer answers for its dead letters)."""
    if user.is_superuser:
        return queryset
    agencies = OfficerRole.objects.filter(user=user, role=Role.IT_OFFICER, is_active=True).values("agency_id")
    return queryset.filter(subscription__system__agency_id__in=agencies)
