"""A step is assigned to a person: an account that cannot sign in (a connected system acting through the API holds
roles at its agency) or a deactivated one is never offered."""

from django.contrib.auth import get_user_model

from lienthong.org.constants import Role
from lienthong.org.models import OfficerRole
from lienthong.org.selectors import assignable_officers
from tests.dossiers.conftest import officers, province  # noqa: F401


def test_system_accounts_and_inactive_officers_are_not_offered(province, officers):  # noqa: F811
    department = province["department"]
    system = get_user_model().objects.create_user("he-thong.stnmt")
    system.set_unusable_password()
    system.save()
    OfficerRole.objects.create(user=system, agency=department, role=Role.SPECIALIST)
    departed = officers["leader@department"]
    departed.is_active = False
    departed.save()

    offered = {name for _id, name in assignable_officers(agency_ids=[department.pk])}

    assert "specialist.department" in offered
    assert "he-thong.stnmt" not in offered and "leader.department" not in offered
