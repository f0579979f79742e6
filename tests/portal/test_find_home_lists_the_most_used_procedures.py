import datetime as dt

from django.utils import timezone

from tests.portal.find_given import received_dossiers, text_of  # noqa: F401


def test_most_used_over_the_last_twelve_months_first(client, catalogue, province):
    now = timezone.now()
    received_dossiers(catalogue["death"], province["committee"], 5, now - dt.timedelta(days=30))
    received_dossiers(catalogue["birth"], province["committee"], 3, now - dt.timedelta(days=200))
    received_dossiers(catalogue["permit"], province["centre"], 9, now - dt.timedelta(days=400))  # too old

    text = text_of(client.get("/"))
    most_used = text.split("Thủ tục được sử dụng nhiều", 1)[1].split("Theo lĩnh vực", 1)[0]
    assert most_used.index("Đăng ký khai tử") < most_used.index("Đăng ký khai sinh")
    assert "Cấp giấy phép xây dựng" not in most_used


def test_dossiers_of_a_replaced_version_count_for_the_procedure_under_its_current_name(client, catalogue, province):
    old = catalogue["birth"].procedure.versions.get(is_current=False)
    received_dossiers(old, province["committee"], 2, timezone.now() - dt.timedelta(days=10))

    most_used = text_of(client.get("/")).split("Thủ tục được sử dụng nhiều", 1)[1].split("Theo lĩnh vực", 1)[0]
    assert "Đăng ký khai sinh 1.001193" in most_used
    assert "thủ tục cũ" not in most_used


def test_without_history_the_section_is_left_out(client, catalogue):
    assert "Thủ tục được sử dụng nhiều" not in text_of(client.get("/"))
