"""Who may do what with the messages (issue 15 item 7): an officer of the dossier's receiving agency resends one; the
IT officer reads the delivery rates — of every message when at a province-level agency, else of their agencies'."""

from lienthong.org.access import OfficerScope
from lienthong.org.constants import Role

RESEND_ROLES = (Role.RECEIVER, Role.SPECIALIST, Role.LEADER)


def message_resend_allowed(scope: OfficerScope, *, agency_id: int) -> bool:
    return scope.holds(agency_id, *RESEND_ROLES)


def delivery_rates_allowed(scope: OfficerScope) -> bool:
    return scope.is_superuser or bool(scope.agencies(Role.IT_OFFICER))


def delivery_rates_agencies(scope: OfficerScope) -> frozenset[int] | None:
    """The agencies whose dossiers' messages the officer counts; None: every message (superuser, provincial IT)."""
    it_agencies = scope.agencies(Role.IT_OFFICER)
    if scope.is_superuser or it_agencies & scope.provincial:
        return None
    return it_agencies
