import pytest
from django.core.management import CommandError, call_command

from lienthong.dossiers.models import Dossier
from lienthong.dossiers.services import Applicant, dossier_forward
from lienthong.national.constants import NationalError, SyncState
from lienthong.national.services import national_resync

pytestmark = pytest.mark.django_db


def test_a_dossier_the_portal_lost_is_sent_again_whole_by_its_code(portal, receive, committed, officers):
    # given a dossier synced with two steps, which the portal then lost
    dossier = receive()
    committed(dossier_forward, officer=officers["receiver@commune_centre"], dossier=dossier)
    portal.portal.reset()

    # when it is resynced by its code
    sync = national_resync(code=dossier.code)

    # then the portal holds it again, once, with both steps
    assert sync.state == SyncState.SYNCED
    assert portal.portal.creates == {dossier.code: 1}
    assert [step["TrangThai"] for step in portal.steps(dossier.code)] == [2, 4]


def test_resyncing_a_dossier_the_portal_holds_sends_no_step_twice(portal, receive, capsys):
    dossier = receive()

    call_command("national_resync", dossier.code)

    assert f"{dossier.code}: đã đồng bộ." in capsys.readouterr().out
    assert len(portal.steps(dossier.code)) == 1
    assert portal.portal.creates == {dossier.code: 1}


def test_an_unknown_code_is_refused(portal):
    with pytest.raises(CommandError, match="Không có hồ sơ mã 000.00.98.H19-260302-9999"):
        call_command("national_resync", "000.00.98.H19-260302-9999")


def test_resync_says_when_the_connector_is_off(settings, db):
    settings.LIENTHONG_NATIONAL_PORTAL_URL = ""
    with pytest.raises(NationalError) as refused:
        national_resync(code="000.00.98.H19-260302-0001")
    assert refused.value.code == NationalError.DISABLED


def test_every_dossier_or_every_failed_one_is_sent_again_at_once(portal, receive, capsys):
    # given two dossiers on the portal, which then lost them, and one the portal refused (no applicant's name)
    kept = [receive(), receive()]
    refused = receive(applicant=Applicant(name="", id_number="075190001234"))
    portal.portal.reset()

    # when every dossier is resynced
    with pytest.raises(CommandError):
        call_command("national_resync", "--all")

    # then the portal holds the two again, and the summary names the refused one with the portal's words
    out = capsys.readouterr().out
    assert sorted(portal.portal.records) == sorted(d.code for d in kept)
    assert "Đã gửi 3 hồ sơ: 2 đã đồng bộ, 0 chờ thử lại, 1 lỗi." in out
    assert f"{refused.code}: [1] Dữ liệu không hợp lệ: Thiếu trường bắt buộc ChuHoSo." in out

    # when its name is corrected and the failed ones are resynced, the portal holds all three
    Dossier.objects.filter(pk=refused.pk).update(applicant_name="Nguyễn Thị Hoa")
    call_command("national_resync", "--failed")
    assert "Đã gửi 1 hồ sơ: 1 đã đồng bộ, 0 chờ thử lại, 0 lỗi." in capsys.readouterr().out
    assert len(portal.portal.records) == 3


def test_codes_and_a_bulk_option_do_not_mix(portal):
    for arguments in ([], ["--all", "000.00.98.H19-260302-0001"]):
        with pytest.raises(CommandError, match="Nêu mã số hồ sơ, hoặc --failed, hoặc --all."):
            call_command("national_resync", *arguments)
