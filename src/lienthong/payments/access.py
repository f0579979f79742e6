"""Who may enter the finance officer's pages (the reconciliation): a finance officer of any agency — the province
collects through one merchant account — or a superuser, to administer."""

from lienthong.org.access import OfficerScope
from lienthong.org.constants import Role


def finance_allowed(scope: OfficerScope) -> bool:
    return scope.is_superuser or bool(scope.agencies(Role.FINANCE))
