import pytest
from django.core.management import call_command

from lienthong.demo.builder import demo_build

from .conftest import demo_checksum, demo_counts

pytestmark = pytest.mark.django_db


def test_a_second_build_writes_nothing(demo):
    # given the demo built once (the module fixture)
    assert demo.changed
    counts, checksum = demo_counts(), demo_checksum()

    # when it is built again
    again = demo_build()

    # then nothing was written, and every row is as it was
    assert not again.changed
    assert again.units_written == again.agencies_written == again.heads_written == 0
    assert again.users_created == again.roles_created == again.successions_created == 0
    assert not any(again.catalogue.created.values()) and not any(again.catalogue.updated.values())
    assert demo_counts() == counts
    assert demo_checksum() == checksum


def test_the_command_prints_what_it_built_the_time_and_the_accounts(demo, capsys):
    call_command("demo")
    out = capsys.readouterr().out
    assert "Thủ tục hành chính: 35" in out
    assert "Thời gian:" in out and "không thay đổi gì" in out
    assert "mật khẩu chung: lienthong-demo" in out
    assert "motcua.tinh" in out and "admin" in out
