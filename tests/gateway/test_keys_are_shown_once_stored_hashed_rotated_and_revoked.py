"""A key's token exists only in the answer to its creation; the database keeps its prefix and sha256."""

import datetime as dt
import hashlib

import pytest
from django.core.management import call_command
from django.utils import timezone

from lienthong.gateway.constants import CredentialEventKind, Scope
from lienthong.gateway.errors import GatewayError
from lienthong.gateway.models import ApiKey, ConnectedSystem, CredentialEvent
from lienthong.gateway.services.credentials import key_authenticate, key_create, key_revoke, key_rotate
from lienthong.org.models import OfficerRole

pytestmark = pytest.mark.django_db


def test_only_the_hash_of_a_new_key_is_stored(system):
    issued = key_create(system=system, scopes=[Scope.DOSSIERS_READ], actor_label="cntt")
    key = ApiKey.objects.get(pk=issued.key.pk)
    assert issued.token.startswith(f"lt_{key.prefix}_")
    assert key.hashed == hashlib.sha256(issued.token.encode()).hexdigest()
    stored = [str(v) for v in ApiKey.objects.filter(pk=key.pk).values().get().values()]
    assert issued.token not in stored
    assert CredentialEvent.objects.get(key=key).kind == CredentialEventKind.CREATED
    assert key_authenticate(issued.token) == key


def test_rotation_keeps_the_old_key_for_the_overlap_only(system):
    old = key_create(system=system, scopes=[Scope.DOSSIERS_READ])
    new = key_rotate(key=old.key, overlap=dt.timedelta(minutes=5), actor_label="cntt")
    assert key_authenticate(old.token) == old.key  # within the overlap
    assert key_authenticate(new.token).scopes == [Scope.DOSSIERS_READ]
    ApiKey.objects.filter(pk=old.key.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(GatewayError):
        key_authenticate(old.token)
    kinds = list(CredentialEvent.objects.order_by("id").values_list("key__prefix", "kind"))
    assert kinds[-2:] == [(old.key.prefix, "rotated"), (new.key.prefix, "created")]


def test_rotation_without_overlap_ends_the_old_key_at_once(system):
    old = key_create(system=system, scopes=[Scope.DOSSIERS_READ])
    key_rotate(key=old.key)
    with pytest.raises(GatewayError):
        key_authenticate(old.token)


def test_a_revoked_key_stops_at_once_and_the_revocation_is_recorded(system, officers):
    issued = key_create(system=system, scopes=[Scope.DOSSIERS_READ])
    key_revoke(key=issued.key, actor=officers["it_officer@commune_centre"], reason="lộ khóa")
    with pytest.raises(GatewayError):
        key_authenticate(issued.token)
    event = CredentialEvent.objects.get(kind=CredentialEventKind.REVOKED)
    assert (event.actor, event.data) == (officers["it_officer@commune_centre"], {"reason": "lộ khóa"})


def test_a_system_acts_through_an_account_that_cannot_sign_in(system):
    assert not system.account.has_usable_password()
    roles = set(OfficerRole.objects.filter(user=system.account).values_list("agency", "role"))
    assert roles == {(system.agency_id, "receiver"), (system.agency_id, "specialist"), (system.agency_id, "leader")}


def test_the_command_creates_a_system_and_prints_its_key_once(province, capsys):
    call_command("gateway_key", "--agency", province["committee"].identifier_code, "--system", "QLVB phường",
                 "--scope", "dossiers:read")  # fmt: skip
    printed = capsys.readouterr().out
    token = printed.strip().splitlines()[-1]
    system = ConnectedSystem.objects.get(name="QLVB phường")
    assert key_authenticate(token).system == system
    call_command("gateway_key", "--revoke", token.split("_")[1])
    with pytest.raises(GatewayError):
        key_authenticate(token)
