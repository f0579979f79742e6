"""Every action of the registry (`lienthong.backoffice.actions.ACTIONS`), each in a state where it is offered to the
officer whose work it is: officers of unrelated agencies get a 404 (they cannot even tell the dossier exists), the
province's monitor reads the page without a single action form and is refused when posting one — and nothing of the
dossier changes. The same post from the rightful officer then goes through, so the refusals were about who asked.

A new action fails here until it is given its case below: the state it is offered in, to whom, and what is posted."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lienthong.backoffice.actions import ACTIONS
from lienthong.catalogue.models import Fee
from lienthong.dossiers.models import Dossier
from tests.backoffice import scope_given as given
from tests.backoffice.scope_given import Snapshot, action_url, as_officer, dossier_url
from tests.backoffice.web_given import PDF

pytestmark = pytest.mark.django_db

# Officers of agencies that have nothing to do with the dossier: the neighbouring commune's desk, leader and monitor,
# and the provincial service centre's leader (its monitor is the province's, who may read). More outsiders walk
# every action URL in test_outsiders_reach_no_back_office_url_of_a_dossier.py.
OUTSIDERS = ("receiver@other_centre", "leader@other_committee", "monitor@other_centre", "leader@centre")
PROVINCE_MONITOR = "monitor@centre"


@dataclass(frozen=True)
class Case:
    state: Callable[..., Dossier]  # (province, officers, procedure) -> the dossier in a state offering the action
    officer: str  # whose work it is
    data: Callable[..., dict]  # (dossier, province, officers) -> what the action's form posts


def _step(name: str):
    return lambda d, p, o: {"step": given.active(d, name).pk}


def _documents(d, p, o) -> dict:
    mandatory = d.procedure_version.documents.filter(is_mandatory=True)
    return {"documents_present": list(mandatory.values_list("pk", flat=True))}


def _fee_received(p, o, v) -> Dossier:
    """Received under a procedure with a fee: the desk may take it."""
    Fee.objects.create(version=v, name="Lệ phí", kind="le_phi", code="LP-01", amount=50000, verified=True)
    return given.receive(p, o, v)


def _later(d, p, o) -> dict:
    new_due = timezone.localtime(d.due_at + dt.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    return {"reason": "Cần xác minh thực địa", "new_due_at": new_due}


def _sealed_received(p, o, v) -> Dossier:
    """Received at a desk whose agency has its seal (digitising certifies the scan with it)."""
    from lienthong.signing.services import certificate_register
    from tests.signing.given import PASSPHRASE, shared_ca

    centre = p["commune_centre"]
    path = shared_ca().pkcs12("TTPVHCC phường Trấn Biên", organisation=centre.name)
    certificate_register(agency=centre, secret=PASSPHRASE, pkcs12_path=str(path))
    return given.receive(p, o, v)


def _paper(d) -> object:
    """A paper document of the application other than the form and the scanned first one."""
    return d.procedure_version.documents.filter(is_declaration=False).exclude(position=1).order_by("position").first()


def _scan(d, p, o) -> dict:
    from tests.signing.given import a_pdf

    upload = SimpleUploadedFile("so-do.pdf", a_pdf("Sơ đồ thửa đất"), content_type="application/pdf")
    return {"required_document": _paper(d).pk, "file": upload, "valid_until": ""}


def _in_store(p, o, v) -> Dossier:
    """A second dossier of the same applicant, whose earlier dossier's paper document was digitised into her store."""
    from lienthong.signing.digitise import attachment_digitise

    earlier = _sealed_received(p, o, v)
    data = _scan(earlier, p, o)
    attachment_digitise(officer=o[given.DESK], dossier=earlier, document=_paper(earlier), upload=data["file"])
    return given.receive(p, o, v)


def _offer(d, p, o) -> dict:
    from lienthong.dossiers.services.store import store_offers

    ((document, stored),) = store_offers(dossier=d)
    return {"offer": f"{document.pk}:{stored.pk}"}


CASES: dict[str, Case] = {
    "receive": Case(lambda p, o, v: given.submitted(p, v), given.DESK, _documents),
    "forward": Case(given.receive, given.DESK, lambda d, p, o: {}),
    "assign": Case(given.forwarded, "leader@committee",
                   lambda d, p, o: {**_step("Xác nhận")(d, p, o), "assignee": o["specialist@committee"].pk}),
    "complete": Case(given.forwarded, "specialist@committee", lambda d, p, o: {**_step("Xác nhận")(d, p, o),
                                                                               "note": "Đúng hiện trạng"}),
    "approve": Case(given.at_approval, "leader@department", lambda d, p, o: {**_step("Phê duyệt")(d, p, o),
                                                                             "note": "Đồng ý"}),
    "send_back": Case(given.at_approval, "leader@department", lambda d, p, o: {**_step("Phê duyệt")(d, p, o),
                                                                               "reason": "Thiếu sơ đồ thửa"}),
    "consult": Case(given.at_department, "specialist@department",
                    lambda d, p, o: {**_step("Thẩm định")(d, p, o), "agencies": [p["committee"].pk],
                                     "question": "Có tranh chấp không?", "working_hours": 16}),
    "answer": Case(given.consulted, "specialist@committee",
                   lambda d, p, o: {"consultation": given.active(d, "Xin ý kiến", "consultation").pk,
                                    "answer": "Không có tranh chấp"}),
    "transfer": Case(given.forwarded, "specialist@committee",
                     lambda d, p, o: {**_step("Xác nhận")(d, p, o), "to_agency": p["department"].pk,
                                      "reason": "Thuộc thẩm quyền của Sở", "working_hours": 16}),
    "supplement": Case(given.receive, given.DESK, lambda d, p, o: {"missing": "Sổ hộ khẩu", "note": ""}),
    "supplement_received": Case(given.supplement_requested, given.DESK,
                                lambda d, p, o: {"documents_added": "Sổ hộ khẩu", "note": ""}),
    "financial_obligation": Case(given.forwarded, "specialist@committee",
                                 lambda d, p, o: {"items": "Lệ phí trước bạ | 1500000", "note": ""}),
    "financial_met": Case(given.financial_obligation, "specialist@committee",
                          lambda d, p, o: {"receipt_reference": "BL-0001"}),
    "desk_payment": Case(_fee_received, given.DESK, lambda d, p, o: {"method": "cash", "amount": 50000}),
    "return": Case(given.result_ready, given.DESK, lambda d, p, o: {"delivery": "at_desk", "note": ""}),
    "attach": Case(given.receive, given.DESK,
                   lambda d, p, o: {"file": SimpleUploadedFile("ket-qua.pdf", PDF, "application/pdf"),
                                    "required_document": ""}),
    "apologize": Case(given.receive, "leader@commune_centre", _later),
    "digitise": Case(_sealed_received, given.DESK, _scan),
    "reuse": Case(_in_store, given.DESK, _offer),
    "withdraw": Case(given.receive, given.DESK, lambda d, p, o: {"reason": "Người nộp xin rút"}),
    "refuse": Case(given.receive, given.DESK, lambda d, p, o: {"reason": "Không thuộc thẩm quyền"}),
    "stop": Case(given.receive, "leader@commune_centre", lambda d, p, o: {"reason": "Người nộp qua đời",
                                                                          "legal_basis": "Điều 19"}),
}  # fmt: skip


@pytest.fixture(autouse=True)
def _tuesday_morning():
    with time_machine.travel(given.TUESDAY_MORNING, tick=True):
        yield


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_an_action_is_refused_to_outsiders_and_monitors_and_changes_nothing(name, province, officers, procedure,
                                                                             neighbours):  # fmt: skip
    case = CASES.get(name)
    assert case is not None, f"new action {name!r}: say in which state it is offered, to whom and what it posts"
    everyone = officers | neighbours["officers"]
    dossier = case.state(province, officers, procedure)
    url = action_url(dossier, name)
    rightful = as_officer(everyone[case.officer])
    # given the action is offered to the officer whose work it is
    assert f'action="{url}"' in rightful.get(dossier_url(dossier)).content.decode()
    before = Snapshot.of(dossier)

    # when officers of unrelated agencies post it: the dossier does not exist for them
    for key in OUTSIDERS:
        response = as_officer(everyone[key]).post(url, case.data(dossier, province, everyone))
        assert response.status_code == 404, (key, response.status_code)
    # when the province's monitor reads the page (no action offered) and posts it anyway: refused
    monitor = as_officer(everyone[PROVINCE_MONITOR])
    page = monitor.get(dossier_url(dossier))
    assert page.status_code == 200 and "/actions/" not in page.content.decode()
    response = monitor.post(url, case.data(dossier, province, everyone))
    assert response.status_code in (400, 403), response.status_code

    # then nothing of the dossier changed
    assert Snapshot.of(dossier) == before
    # and the very same post from the rightful officer goes through
    response = rightful.post(url, case.data(dossier, province, everyone))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Snapshot.of(dossier) != before
