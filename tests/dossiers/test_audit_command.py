"""`lienthong audit verify` passes on a clean database and names the exact row once one is altered;
`lienthong audit digest` records a digest now."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import CommandError, ManagementUtility, call_command

from lienthong.dossiers.models import ChainDigest
from tests.dossiers.audit_support import T0, build_trails, bulk_trails, event, payload_json, sql

pytestmark = pytest.mark.django_db


@pytest.fixture
def trails(province, officers, procedure, applicant, form_data, documents):
    return build_trails(province, officers, procedure, applicant, form_data, documents)


def _run(*args) -> str:
    out = io.StringIO()
    call_command("audit", *args, stdout=out)
    return out.getvalue()


def test_verify_on_a_clean_database_says_so(trails):
    with time_machine.travel(T0 + dt.timedelta(hours=1), tick=False):
        _run("digest")
    assert _run("verify") == "Đã kiểm tra 3 hồ sơ, 12 sự kiện, 1 bản tóm tắt: không có sai lệch.\n"


def test_verify_with_nothing_recorded_passes(db):
    assert _run("verify") == "Đã kiểm tra 0 hồ sơ, 0 sự kiện, 0 bản tóm tắt: không có sai lệch.\n"


def test_verify_names_the_altered_row_and_exits_1(trails, capsys):
    # given one event's payload altered in the database
    target = event(trails[2], 3)
    sql("UPDATE {event} SET payload = {json} WHERE id = %s", [payload_json({"missing": []}), target.pk])

    # when the operator runs `lienthong audit verify`
    with pytest.raises(SystemExit) as exit_:
        ManagementUtility(["lienthong", "audit", "verify"]).execute()

    # then it exits 1 and prints the dossier code, the event row and seq, and why
    assert exit_.value.code == 1
    out, err = capsys.readouterr()
    assert out == (
        f"Hồ sơ {trails[2].code} (#{trails[2].pk}), sự kiện #{target.pk} (số 3): "
        "nội dung không khớp mã băm: sự kiện đã bị sửa sau khi ghi\n"
    )
    assert "Đã kiểm tra 3 hồ sơ, 12 sự kiện, 0 bản tóm tắt: 1 sai lệch." in err


def test_verify_raises_a_command_error_with_return_code_1(trails):
    sql("UPDATE {event} SET status_after = %s WHERE id = %s", ["refused", event(trails[0], 1).pk])
    with pytest.raises(CommandError) as failed:
        _run("verify")
    assert failed.value.returncode == 1


def test_digest_records_one_and_then_has_nothing_new(trails):
    with time_machine.travel(T0 + dt.timedelta(hours=1), tick=False):
        out = _run("digest")
        digest = ChainDigest.objects.get()
        assert out == (f"Đã ghi bản tóm tắt #{digest.pk}: 12 sự kiện đến 02/03/2026 09:50:00, mã {digest.digest}.\n")
        assert _run("digest") == "Không có sự kiện mới để tóm tắt.\n"


def test_the_digest_task_records_a_digest(trails):
    from lienthong.dossiers.audit_tasks import chain_digest_record

    with time_machine.travel(T0 + dt.timedelta(hours=1), tick=False):
        assert chain_digest_record.call() == ChainDigest.objects.get().digest
        assert chain_digest_record.call() is None


@pytest.mark.django_db(transaction=True)
def test_verify_outside_a_transaction_reads_one_snapshot(province, procedure):
    # committed rows, as in production, so the command opens its own (REPEATABLE READ on PostgreSQL) transaction
    with time_machine.travel(T0, tick=False):
        bulk_trails(range(3), province=province, procedure=procedure, events_each=4)
    with time_machine.travel(T0 + dt.timedelta(hours=1), tick=False):
        _run("digest")
    assert _run("verify") == "Đã kiểm tra 3 hồ sơ, 12 sự kiện, 1 bản tóm tắt: không có sai lệch.\n"
