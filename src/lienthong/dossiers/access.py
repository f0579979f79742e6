"""Who sees which dossiers (issue 3, item 7): an officer's scope, from the roles they hold.

- the desk (receiver) and the receiving agency's leaders see what the agency received (its leaders stop a dossier
  or apologise for it at the desk: the services grant them that);
- specialists and leaders see the dossiers their agency has a step or a consultation on, now or before;
- finance officers see, to receipt the fees, what their agency received (docs/payments.md);
- monitors see, read-only, every dossier received in their agency's territory (a provincial monitor: the
  province; a commune's: that commune);
- superusers see everything, for administration.
The services check again before any write: this decides what is listed and what may be opened.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy

from lienthong.dossiers.models import Dossier, StepInstance
from lienthong.org.access import OfficerScope
from lienthong.org.constants import Level, Role
from lienthong.org.models import Agency

WORK_ROLES = frozenset({Role.SPECIALIST, Role.LEADER})
DESK_ROLES = frozenset({Role.RECEIVER, Role.LEADER})  # as the services' desk guards (stop, apologise) allow


# Said on the page that refuses, so the officer knows whom the desk's intake is for.
INTAKE_REFUSED = gettext_lazy("Chỉ cán bộ Bộ phận Một cửa được tiếp nhận hồ sơ.")


def desk_intake_allowed(scope: OfficerScope) -> bool:
    """Whether the desk's intake opens at all (Decree 61 art. 16: the one-stop desk receives): the one rule its pages
    and the back office's menu ask (issue 11, item 3). Superusers too, as the services let them act, to administer."""
    return scope.is_superuser or bool(scope.agencies(Role.RECEIVER))


def _monitored(scope: OfficerScope) -> Q:
    monitors = Agency.objects.filter(pk__in=scope.agencies(Role.MONITOR)).select_related("unit")
    if any(agency.level == Level.PROVINCE for agency in monitors):
        return Q(pk__isnull=False)  # the monitoring office of the province watches every dossier
    units = [agency.unit_id for agency in monitors]
    return Q(agency__unit_id__in=units) | Q(agency__unit__parent_id__in=units)


def dossiers_visible(scope: OfficerScope, queryset: QuerySet[Dossier] | None = None) -> QuerySet[Dossier]:
    """`queryset` (all dossiers by default) narrowed to what `scope` may see."""
    queryset = Dossier.objects.all() if queryset is None else queryset
    if scope.is_superuser:
        return queryset
    if not scope.is_officer:
        return queryset.none()
    visible = Q(agency_id__in=scope.agencies(*DESK_ROLES, Role.FINANCE))
    if workers := scope.agencies(*WORK_ROLES):
        visible |= Exists(StepInstance.objects.filter(dossier=OuterRef("pk"), agency_id__in=workers))
    if scope.agencies(Role.MONITOR):
        visible |= _monitored(scope)
    return queryset.filter(visible)


def dossier_is_visible(scope: OfficerScope, dossier_id: int) -> bool:
    return dossiers_visible(scope, Dossier.objects.filter(pk=dossier_id)).exists()
