"""A few results signed through the workflow in the demo (issue 14, item 5): the history's results are specimens,
unsigned, so a newcomer would find no signed result to verify. At build, up to `COUNT` of the open dossiers waiting
at a leader's approval — approval being their last step; those asking for an electronic result first — get a result
PDF, are approved by the agency's demo leader (who signs it; the agency's seal follows: `signing.services`) and are
returned electronically by their desk (`dossier_return`, which also puts the signed result in the applicant's
store). The build prints their codes with the four digits the tracking page asks for, where the download and "Kiểm
tra chữ ký số" are.
Once: nothing is done when a signed result exists.
"""

from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction

from lienthong.catalogue.constants import StepAction
from lienthong.core.pdf import html_to_pdf
from lienthong.dossiers.constants import ResultDelivery, Status, StepKind, StepState
from lienthong.dossiers.models import Attachment, Dossier, StepInstance
from lienthong.dossiers.services import DossierError
from lienthong.dossiers.services.files import attachment_add
from lienthong.dossiers.services.outcome import dossier_return
from lienthong.org.constants import Role
from lienthong.org.models import OfficerRole
from lienthong.signing.services import certificate_for, dossier_approve_and_sign

COUNT = 3
SCAN = 40  # approval steps looked at, at most
RESULT_HTML = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>
@page { size: A4; margin: 2cm } body { font-family: "DejaVu Serif", serif; font-size: 13pt }
h1 { text-align: center; font-size: 15pt } p.mark { text-align: center; color: #8a1c1c }
</style></head><body><p>%(agency)s<br>Số: %(number)s</p>
<p>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập – Tự do – Hạnh phúc</p>
<h1>%(procedure)s</h1><p>Người nộp: %(applicant)s — hồ sơ %(code)s</p>
<p class="mark">Kết quả mẫu của tỉnh mẫu trong hệ thống Liên Thông — không có giá trị pháp lý.</p></body></html>"""


@dataclass(frozen=True)
class SignedResult:
    code: str
    digits: str  # what the tracking page asks beside the code: the last four digits of the phone or identity number


class _NotTheLastStepError(Exception):
    """The approval opened further steps: the result is not ready to return, so this dossier is left as it was."""


def _one_of(agency, role: str, *, signing: bool = False):
    """A person holding `role` at `agency` (with a certificate there, if `signing`): not a connected system's service
    account, which holds the desk's and the steps' roles to act through the API but is software."""
    roles = OfficerRole.objects.filter(agency=agency, role=role, is_active=True, user__is_active=True,
                                       user__connected_system__isnull=True)  # fmt: skip
    users = (r.user for r in roles.select_related("user").order_by("id"))
    return next((u for u in users if not signing or certificate_for(officer=u, agency=agency)), None)


def _sign_and_return(step: StepInstance, number: int) -> Dossier:
    dossier = step.dossier
    leader, desk = _one_of(step.agency, Role.LEADER, signing=True), _one_of(dossier.agency, Role.RECEIVER)
    if leader is None or desk is None:
        raise _NotTheLastStepError
    content = html_to_pdf(RESULT_HTML % {"agency": step.agency.name.upper(), "number": f"{number}/QĐ-DEMO",
                                         "procedure": dossier.summary.upper(), "applicant": dossier.applicant_name,
                                         "code": dossier.code})  # fmt: skip
    attachment_add(officer=leader, dossier=dossier, upload=ContentFile(content, name="ket-qua-giai-quyet.pdf"),
                   kind=Attachment.Kind.RESULT, result_code=f"{number}/QĐ-DEMO")  # fmt: skip
    dossier = dossier_approve_and_sign(officer=leader, dossier=dossier, step_instance=step, note="Đồng ý")
    if dossier.status != Status.RESULT_READY:
        raise _NotTheLastStepError
    return dossier_return(officer=desk, dossier=dossier, delivery=ResultDelivery.ELECTRONIC)


def demo_signed_results_load() -> list[SignedResult]:
    """Sign and return up to COUNT results; returns their codes and tracking digits."""
    if Attachment.objects.filter(kind=Attachment.Kind.RESULT, signatures__isnull=False).exists():
        return []
    waiting = (
        StepInstance.objects.filter(state=StepState.ACTIVE, kind=StepKind.STEP, role=Role.LEADER,
                                    dossier__status=Status.PROCESSING)
        .exclude(dossier__code=None).select_related("step", "dossier__agency", "agency")
        .order_by("-dossier__due_at", "id")  # the latest due first: most likely returned on time
    )  # fmt: skip
    # Those who asked for an electronic result first; then others, whom the desk offers the electronic copy at return
    electronic = list(waiting.filter(dossier__result_delivery=ResultDelivery.ELECTRONIC)[:SCAN])
    # Never more than half of those waiting at an approval: the demo's leaders keep dossiers to approve themselves.
    approvals = [step for step in waiting[: 4 * SCAN] if step.step and StepAction.APPROVE in (step.step.actions or [])]
    most = min(COUNT, len(approvals) // 2)
    done = []
    for step in electronic + list(waiting.exclude(dossier__result_delivery=ResultDelivery.ELECTRONIC)[:SCAN]):
        if len(done) >= most:
            break
        if step.step is None or StepAction.APPROVE not in (step.step.actions or []):
            continue
        try:
            with transaction.atomic():
                dossier = _sign_and_return(step, number=len(done) + 1)
        except (DossierError, _NotTheLastStepError):  # a form no longer valid, another step after: the next one
            continue
        digits = (dossier.applicant_phone or dossier.applicant_id_number)[-4:]
        done.append(SignedResult(code=dossier.code, digits=digits))
    return done
