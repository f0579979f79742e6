import datetime as dt
from decimal import Decimal

import pytest

from lienthong.catalogue.models import ProcedureVersion, ProcessStep, RequiredDocument
from lienthong.catalogue.services import catalogue_export_data, catalogue_import
from tests.catalogue.conftest import table_counts

pytestmark = pytest.mark.django_db


def _version(national_code: str, decision: str) -> ProcedureVersion:
    return ProcedureVersion.objects.get(procedure__national_code=national_code, decision=decision)


def test_import_creates_fields_procedures_versions_and_their_children(data):
    report = catalogue_import(data=data)

    assert report.created == {
        "fields": 3,
        "procedures": 3,
        "versions": 4,
        "authorities": 4,
        "documents": 6,
        "fees": 5,
        "steps": 9,
    }
    version = _version("1.001193", "Quyết định 2015/QĐ-UBND")
    assert version.is_current and version.procedure.field.name == "Hộ tịch"
    assert version.form_schema["properties"]["gioi_tinh"]["enum"] == ["Nam", "Nữ"]
    signing = version.steps.get(position=3)
    assert signing.agency.identifier_code == "000.30.01.H19" and signing.agency_kind == ""
    assert signing.actions == ["approve", "sign", "return_result"]
    assert version.steps.get(position=1).quota_hours == Decimal("0.5")
    assert not _version("1.001193", "Quyết định 1872/QĐ-BTP").is_current


def test_importing_the_same_data_twice_changes_nothing(data):
    catalogue_import(data=data)
    before = catalogue_export_data()
    ids = sorted(ProcessStep.objects.values_list("id", flat=True))

    report = catalogue_import(data=data)

    assert not report.changed
    assert report.unchanged["versions"] == 4 and report.unchanged["steps"] == 9
    assert catalogue_export_data() == before
    assert sorted(ProcessStep.objects.values_list("id", flat=True)) == ids


def test_reimporting_a_version_replaces_its_children_and_keeps_the_ids_of_matched_rows(data):
    catalogue_import(data=data)
    permit = data["procedures"][2]
    kept_document = RequiredDocument.objects.get(version__decision=permit["decision"], position=1, name__contains="Đơn")
    # given an edited permit: one document dropped, a step renamed, a fee added, the authorities reduced to one
    permit["documents"] = permit["documents"][:1]
    permit["steps"][1]["name"] = "Lấy ý kiến Công an tỉnh về phòng cháy, chữa cháy"
    permit["fees"].append({"name": "Phí cấp lại", "amount": 75000, "description": "", "verified": True})
    permit["authorities"] = permit["authorities"][1:]

    report = catalogue_import(data=data)

    version = _version("1.013225", permit["decision"])
    assert [d.name for d in version.documents.all()] == ["Đơn đề nghị cấp giấy phép xây dựng"]
    assert version.documents.get().pk == kept_document.pk
    assert version.steps.get(position=2).name == "Lấy ý kiến Công an tỉnh về phòng cháy, chữa cháy"
    assert [f.name for f in version.fees.order_by("id")] == [
        "Lệ phí cấp giấy phép xây dựng",
        "Phí thẩm định",
        "Phí cấp lại",
    ]
    assert [(a.level, a.agency_id, a.agency_kind) for a in version.authorities.all()] == [
        ("commune", None, "peoples_committee")
    ]
    assert report.deleted["documents"] == 1 and report.updated["steps"] == 1 and report.created["fees"] == 1
    assert report.updated["authorities"] == 1 and report.deleted["authorities"] == 1


def test_a_new_current_version_demotes_the_old_one_and_leaves_its_content_alone(data):
    # given the catalogue where the 2025 decision is current for birth registration
    catalogue_import(data=data)
    old = _version("1.001193", "Quyết định 2015/QĐ-UBND")
    old_content = [row for row in catalogue_export_data()["procedures"] if row["decision"] == old.decision]
    old_step_ids = list(old.steps.values_list("id", flat=True))
    # when only a new decision is imported, as current, with different content
    new = {
        **data["procedures"][1],
        "decision": "Quyết định 99/QĐ-UBND",
        "decision_date": dt.date(2026, 3, 1),
        "effective_from": dt.date(2026, 3, 1),
        "name": "Đăng ký khai sinh (Luật Hộ tịch 2026)",
        "time_limit_value": Decimal("1"),
        "time_limit_unit": "working_days",
        "steps": data["procedures"][1]["steps"][:1],
    }
    catalogue_import(data={"fields": [], "procedures": [new]})

    # then the new version is the only current one; the old one, which dossiers may hold, is as it was
    currents = ProcedureVersion.objects.filter(procedure__national_code="1.001193", is_current=True)
    assert list(currents.values_list("decision", flat=True)) == ["Quyết định 99/QĐ-UBND"]
    old.refresh_from_db()
    assert not old.is_current
    old_now = [row for row in catalogue_export_data()["procedures"] if row["decision"] == old.decision]
    assert old_now == [{**old_content[0], "is_current": False}]
    assert list(old.steps.values_list("id", flat=True)) == old_step_ids


def test_reimporting_an_old_version_as_current_swaps_the_current_version(data):
    catalogue_import(data=data)
    data["procedures"][0]["is_current"] = True
    data["procedures"][1]["is_current"] = False

    catalogue_import(data=data)

    assert _version("1.001193", "Quyết định 1872/QĐ-BTP").is_current
    assert not _version("1.001193", "Quyết định 2015/QĐ-UBND").is_current


def test_versions_absent_from_the_data_are_kept(data):
    catalogue_import(data=data)
    counts = table_counts()

    report = catalogue_import(data={"fields": [], "procedures": data["procedures"][2:3]})

    assert not report.changed and table_counts() == counts


def test_the_demo_may_give_dates_and_decimals_as_text_and_leave_optional_keys_out(agencies):
    data = {
        "fields": [{"code": "G09-TP-HT", "name": "Hộ tịch"}],
        "procedures": [
            {
                "national_code": "1.004873",
                "field_code": "G09-TP-HT",
                "decision": "Quyết định 1/QĐ-UBND",
                "decision_date": "2025-07-01",
                "name": "Cấp Giấy xác nhận tình trạng hôn nhân",
                "time_limit_value": "3",
                "time_limit_unit": "working_days",
                "online_level": "full",
                "steps": [
                    {
                        "position": 1,
                        "name": "Tiếp nhận",
                        "level": "commune",
                        "agency_kind": "peoples_committee",
                        "role": "receiver",
                        "actions": ["receive"],
                        "quota_hours": "0.5",
                    }
                ],
                "documents": [{"position": 1, "name": "Tờ khai", "copy_kind": "original"}],
            }
        ],
    }

    catalogue_import(data=data)

    version = _version("1.004873", "Quyết định 1/QĐ-UBND")
    assert version.decision_date == dt.date(2025, 7, 1) and version.time_limit_value == Decimal("3")
    assert version.is_current and version.form_schema == {} and version.legal_basis == ""
    step = version.steps.get()
    assert step.quota_hours == Decimal("0.5") and step.agency is None and step.parallel_group is None
    document = version.documents.get()
    assert document.quantity == 1 and document.is_mandatory


def test_a_procedure_moves_to_another_field_when_reimported(data):
    catalogue_import(data=data)
    for row in data["procedures"][:2]:
        row["field_code"] = "G09-TP-CT"

    report = catalogue_import(data=data)

    assert _version("1.001193", "Quyết định 2015/QĐ-UBND").procedure.field.code == "G09-TP-CT"
    assert report.updated["procedures"] == 1 and report.updated["versions"] == 0


def test_an_uploaded_form_template_survives_a_reimport_that_edits_its_document(data):
    # the data carries the template's name only; the file is uploaded in the admin and must not be lost
    catalogue_import(data=data)
    document = RequiredDocument.objects.get(version__decision="Quyết định 2015/QĐ-UBND", position=1)
    RequiredDocument.objects.filter(pk=document.pk).update(template_file="catalogue/templates/to-khai-khai-sinh.docx")
    data["procedures"][1]["documents"][0]["name"] = "Tờ khai đăng ký khai sinh (mẫu mới)"

    catalogue_import(data=data)

    document.refresh_from_db()
    assert document.name == "Tờ khai đăng ký khai sinh (mẫu mới)"
    assert document.template_file.name == "catalogue/templates/to-khai-khai-sinh.docx"
