"""The actions an officer can take on the dossier page: who may see each button, its form, and the service it calls.

`offered` mirrors the services' guards (roles, statuses, the step's allowed actions) only to decide which forms to
show; the service called by `perform` checks again under the dossier's lock and is the authority.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms as django_forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from lienthong.backoffice import forms
from lienthong.backoffice.templatetags.backoffice import money
from lienthong.catalogue.constants import StepAction
from lienthong.catalogue.fees import fee_texts
from lienthong.dossiers import services
from lienthong.dossiers.constants import ResultDelivery, Status, StepKind, StepState
from lienthong.dossiers.models import Attachment, Dossier, StepInstance
from lienthong.dossiers.selectors import financial_obligation_of
from lienthong.dossiers.services.closing import REFUSABLE, STOPPABLE, WITHDRAWABLE
from lienthong.dossiers.services.files import attachment_add, attachment_kind_for
from lienthong.dossiers.services.onward import Onward, dossier_onward_after, dossier_onward_from_desk
from lienthong.dossiers.services.outcome import APOLOGY_STATUSES
from lienthong.dossiers.services.steps import assignment_targets, step_assignable
from lienthong.dossiers.services.store import DIGITISABLE, document_reuse, store_offers
from lienthong.org.access import OfficerScope
from lienthong.org.constants import Role
from lienthong.org.selectors import assignable_officers
from lienthong.payments.constants import DESK_PROVIDERS, Provider
from lienthong.payments.selectors import desk_payable_total
from lienthong.payments.services import DESK_CLOSED, payment_record_at_desk
from lienthong.signing.constants import Backend
from lienthong.signing.digitise import attachment_digitise
from lienthong.signing.services import (
    certificate_for,
    dossier_approve_and_sign,
    result_signature_recognise,
    seal_for,
)


@dataclass
class Situation:
    """What the page knows when it decides which actions to offer: the officer, the dossier, its active work."""

    scope: OfficerScope
    user: Any
    dossier: Dossier

    def __post_init__(self) -> None:
        steps = getattr(self.dossier, "all_steps", None)
        if steps is None:
            steps = list(self.dossier.steps.select_related("agency", "assignee", "step"))
        self.active = [s for s in steps if s.state == StepState.ACTIVE and s.kind == StepKind.STEP]
        self.consultations = [s for s in steps if s.state == StepState.ACTIVE and s.kind == StepKind.CONSULTATION]

    @property
    def status(self) -> str:
        return self.dossier.status

    def at_desk(self, *roles: str) -> bool:
        return self.scope.holds(self.dossier.agency_id, *roles)

    def on_steps(self, *roles: str) -> bool:
        return any(self.scope.holds(step.agency_id, *roles) for step in self.active)

    def handled(self, action: str | None = None) -> list[StepInstance]:
        """Active steps this officer handles (assignee, or the step's role in its agency), allowing `action`."""
        mine = [s for s in self.active if s.assignee_id == self.user.pk or self.scope.holds(s.agency_id, s.role)]
        if action is None:
            return mine
        return [s for s in mine if s.step is None or action in (s.step.actions or [])]

    def completable(self) -> list[StepInstance]:
        """Steps this officer closes with "Hoàn thành bước": not an approval (that is "Phê duyệt") nor the leader's
        assignment step (that is "Phân công"), so each step offers the one action its process gives it."""
        special = {StepAction.APPROVE, StepAction.ASSIGN}
        return [s for s in self.handled() if s.step is None or not special & set(s.step.actions or [])]

    def led(self) -> list[StepInstance]:
        """Steps this officer, a leader of their agency, may hand out ("Phân công")."""
        return [s for s in self.active if self.scope.holds(s.agency_id, Role.LEADER) and step_assignable(s)]

    def answerable(self) -> list[StepInstance]:
        return [s for s in self.consultations if self.scope.holds(s.agency_id, Role.SPECIALIST, Role.LEADER)]


def _ids(steps: list[StepInstance]):
    return StepInstance.objects.filter(pk__in=[s.pk for s in steps]).select_related("agency", "assignee")


@dataclass(frozen=True)
class Action:
    name: str
    label: Any
    offered: Callable[[Situation], bool]
    form: Callable[[Situation, Any, Any], django_forms.Form]
    perform: Callable[[Situation, dict], Any]
    done: Any  # the message after it succeeded, or a function of the situation that writes it
    tone: str = "primary"  # how the button looks: primary, secondary, danger
    # Lines telling the officer, before they act, what the action does and where the dossier goes.
    explain: Callable[[Situation], list[str]] | None = None

    def done_message(self, situation: Situation) -> str:
        return self.done(situation) if callable(self.done) else str(self.done)


def _plain(form_class):
    return lambda situation, data, files: form_class(data, files)


def _steps(form_class, pick: Callable[[Situation], list[StepInstance]]):
    return lambda situation, data, files: form_class(data, files, steps=_ids(pick(situation)))


def _documents(form_class):
    docs = lambda s: list(s.dossier.procedure_version.documents.all())  # noqa: E731
    return lambda situation, data, files: form_class(data, files, documents=docs(situation))


def _assign_form(situation, data, files):
    led = {step.agency_id for step in situation.led()}
    return forms.AssignForm(data, files, steps=_ids(situation.led()), assignees=assignable_officers(agency_ids=led))


def _assign(situation: Situation, data: dict) -> Any:
    assignee = get_user_model().objects.get(pk=data["assignee"])
    return services.dossier_assign(officer=situation.user, dossier=situation.dossier, step_instance=data["step"],
                                   assignee=assignee)  # fmt: skip


def _financial_form(situation: Situation, data, files) -> django_forms.Form:
    """Prefilled with the procedure's fees that have an amount: the officer corrects or adds what applies."""
    fees = [
        f"{fee.name} | {fee.amount}" for fee in fee_texts(situation.dossier.procedure_version.fees.all()) if fee.amount
    ]
    return forms.FinancialObligationForm(data, files, initial={"items": "\n".join(fees)})


def _desk_payment_offered(s: Situation) -> bool:
    return s.status not in DESK_CLOSED and s.at_desk(DESK) and desk_payable_total(dossier=s.dossier) is not None


def _desk_payment_form(s: Situation, data, files) -> django_forms.Form:
    methods = [(method.value, method.label) for method in map(Provider, DESK_PROVIDERS)]
    return forms.DeskPaymentForm(data, files, methods=methods, total=desk_payable_total(dossier=s.dossier))


def _desk_payment_explain(s: Situation) -> list[str]:
    total = desk_payable_total(dossier=s.dossier) or 0
    return [gettext("Số tiền phải nộp: %(total)s (thu đủ, một lần).")
            % {"total": money(total)}]  # fmt: skip


def _desk_payment(s: Situation, data: dict) -> Any:
    return payment_record_at_desk(officer=s.user, dossier=s.dossier, method=data["method"], amount=data["amount"],
                                  slip_number=data["slip_number"])  # fmt: skip


def _attach_form(situation: Situation, data, files) -> django_forms.Form:
    """The file's kind is offered as the rule would decide it (`attachment_kind_for`); the officer may say otherwise."""
    dossier = situation.dossier
    kinds = [Attachment.Kind.RESULT, Attachment.Kind.SUPPLEMENT if dossier.status == Status.SUPPLEMENT_REQUESTED
             else Attachment.Kind.SUBMITTED]  # fmt: skip
    return forms.AttachForm(data, files, documents=list(dossier.procedure_version.documents.all()),
                            kinds=[(kind.value, kind.label) for kind in kinds],
                            kind=attachment_kind_for(dossier=dossier))  # fmt: skip


def _attach(situation: Situation, data: dict) -> Any:
    document = situation.dossier.procedure_version.documents.filter(pk=data["required_document"]).first()
    attachment = attachment_add(officer=situation.user, dossier=situation.dossier, upload=data["file"],
                                kind=data["kind"] or None, required_document=document)  # fmt: skip
    result_signature_recognise(attachment=attachment)  # a result signed elsewhere (a leader's token) counts as signed
    return attachment


def _paper_documents(situation: Situation) -> list:
    return [d for d in situation.dossier.procedure_version.documents.all() if not d.is_declaration]


def _digitise_offered(s: Situation) -> bool:
    return s.status in DIGITISABLE and s.at_desk(DESK) and bool(_paper_documents(s))


def _digitise_explain(s: Situation) -> list[str]:
    agency = s.dossier.agency
    if seal_for(agency=agency) is None:
        return [Warn(gettext("%(agency)s chưa đăng ký chứng thư số của cơ quan (con dấu số): chưa số hóa được giấy "
                             "tờ. Đề nghị cán bộ công nghệ thông tin đăng ký.") % {"agency": agency.name})]  # fmt: skip
    lines = [gettext("Bản quét được chứng thực là bản sao điện tử từ bản chính: ghi “chuyển đổi từ bản giấy”, "
                     "tên người chuyển đổi và ký số bằng chứng thư số của %(agency)s.")
             % {"agency": agency.name}]  # fmt: skip
    if s.dossier.applicant_id_number:
        lines.append(gettext("Bản số hóa được lưu vào kho giấy tờ của người nộp (số định danh %(number)s) để dùng lại "
                             "cho hồ sơ sau.") % {"number": s.dossier.applicant_id_number})  # fmt: skip
    else:
        lines.append(Warn(gettext("Hồ sơ không có số định danh của người nộp: bản số hóa chỉ lưu trong hồ sơ này, "
                                  "không vào kho giấy tờ để dùng lại.")))  # fmt: skip
    return lines


def _digitise(s: Situation, data: dict) -> Any:
    document = s.dossier.procedure_version.documents.get(pk=data["required_document"])
    return attachment_digitise(officer=s.user, dossier=s.dossier, document=document, upload=data["file"],
                               valid_until=data["valid_until"])  # fmt: skip


def _offer_label(stored) -> str:
    until = (gettext("có giá trị đến %(day)s") % {"day": date_format(stored.valid_until, "d/m/Y")}
             if stored.valid_until else gettext("không thời hạn"))  # fmt: skip
    day = date_format(localtime(stored.digitised_at), "d/m/Y")
    if stored.source is not None and stored.source.kind == Attachment.Kind.RESULT:  # a signed result (store.py)
        return gettext("%(name)s — kết quả giải quyết hồ sơ %(code)s, ký số ngày %(day)s, %(until)s") % {
            "name": stored.name, "code": stored.source.dossier.code, "day": day, "until": until}  # fmt: skip
    return gettext("%(name)s — số hóa ngày %(day)s tại %(agency)s, %(until)s") % {
        "name": stored.name, "day": day, "agency": stored.agency.name, "until": until}  # fmt: skip


def _reuse_offers(s: Situation) -> list:
    if not hasattr(s, "_store_offers"):
        s._store_offers = store_offers(dossier=s.dossier) if s.status in DIGITISABLE and s.at_desk(DESK) else []
    return s._store_offers


def _reuse_form(s: Situation, data, files) -> django_forms.Form:
    offers = [(document, stored, _offer_label(stored) if stored.name == document.name
               else f"{document.name}: {_offer_label(stored)}") for document, stored in _reuse_offers(s)]  # fmt: skip
    return forms.ReuseForm(data, files, offers=offers)


def _reuse(s: Situation, data: dict) -> Any:
    document_id, stored_id = (int(part) for part in data["offer"].split(":"))
    for document, stored in _reuse_offers(s):
        if (document.pk, stored.pk) == (document_id, stored_id):
            return document_reuse(officer=s.user, dossier=s.dossier, document=document, stored=stored)
    raise services.DossierError("not_in_store", gettext("Giấy tờ đã chọn không còn trong kho của người nộp."))


class Warn(str):
    """A line of an action's explanation the officer must not miss (the page shows it as a warning)."""

    warn = True


def _results(dossier: Dossier) -> list[Attachment]:
    return [a for a in dossier.attachments.all() if a.kind == Attachment.Kind.RESULT and a.file]


def _signed(dossier: Dossier) -> list[Attachment]:
    return [a for a in _results(dossier) if a.signed_at]


def _electronic_blocked(dossier: Dossier) -> bool:
    """An electronic return needs a signed result (outcome.dossier_return): without one the option is not offered."""
    return not _signed(dossier)


def _return_form(s: Situation, data, files) -> django_forms.Form:
    blocked = _electronic_blocked(s.dossier)
    return forms.ReturnForm(data, files, requested=s.dossier.result_delivery, electronic=not blocked)


def _fees_to_collect(dossier: Dossier) -> list[str]:
    """The procedure's fees and any financial obligation notified, for the desk that returns the result."""
    lines = []
    fees = [f"{fee.name}: {money(fee.amount) if fee.amount else gettext('Miễn phí')}"
            for fee in fee_texts(dossier.procedure_version.fees.all()) if fee.amount is not None]  # fmt: skip
    if fees:
        lines.append(gettext("Phí, lệ phí của thủ tục: %(fees)s.") % {"fees": "; ".join(fees)})
    obligation = financial_obligation_of(getattr(dossier, "timeline", None) or dossier.events.order_by("seq"))
    if obligation is not None:
        state = gettext("đã nộp") if obligation["met"] else gettext("chưa nộp")
        lines.append(gettext("Nghĩa vụ tài chính: %(total)s, %(state)s.")
                     % {"total": money(obligation["total"] or 0), "state": state})  # fmt: skip
    return lines


def _explain_return(s: Situation) -> list[str]:
    return _result_lines(s.dossier) + _fees_to_collect(s.dossier)


def _result_lines(dossier: Dossier) -> list[str]:
    """What an officer finishing or returning should know of the result files: which there are, or that an
    electronic return needs one."""
    results = _results(dossier)
    if results:
        names = ", ".join(
            gettext("%(name)s (đã ký số)") % {"name": a.original_name} if a.signed_at else a.original_name
            for a in results
        )
        lines = [gettext("Tệp kết quả giải quyết: %(files)s.") % {"files": names}]
        if dossier.status == Status.RESULT_READY and not any(a.signed_at for a in results):
            lines.append(Warn(gettext(
                "Tệp kết quả chưa được ký số: chưa trả được bản điện tử (chỉ trả bản giấy). Bản điện tử có giá trị "
                "như bản gốc khi được người có thẩm quyền ký số."
            )))  # fmt: skip
        return lines
    if dossier.result_delivery == ResultDelivery.ELECTRONIC:
        warning = gettext(
            "Chú ý: người nộp đăng ký nhận kết quả bản điện tử nhưng hồ sơ chưa có tệp kết quả giải quyết. Đính kèm "
            "tệp kết quả (“Đính kèm tệp”, loại “Kết quả giải quyết”) trước khi trả."
        )
        return [Warn(warning)]
    return [
        gettext("Hồ sơ chưa có tệp kết quả giải quyết: chỉ trả được bản giấy (tại Bộ phận Một cửa hoặc qua bưu chính).")
    ]


def _d(situation: Situation) -> dict:
    return {"officer": situation.user, "dossier": situation.dossier}


# -- what happens next, in the officer's words -------------------------------------------------------------------


def _role(role: str) -> str:
    return str(Role(role).label) if role in Role.values else role


def _next(name: str, agency, who: str) -> str:
    return gettext("bước “%(step)s” — %(agency)s (%(who)s)") % {"step": name, "agency": agency.name, "who": who}


def _onward_text(onward: Onward) -> str:
    if onward.unknown:
        return onward.unknown
    if onward.waits_for:
        names = ", ".join(f"“{s.name}”" for s in onward.waits_for)
        return gettext("hồ sơ chờ các bước song song %(steps)s hoàn thành rồi mới chuyển tiếp") % {"steps": names}
    if onward.result_to is not None:
        return gettext("hồ sơ xử lý xong, kết quả chuyển về %(desk)s để trả cho người nộp") % {
            "desk": onward.result_to.name
        }
    return "; ".join(_next(step.name, step.agency, _role(step.role)) for step in onward.opens)


def _explain_forward(s: Situation) -> list[str]:
    return [gettext("Hồ sơ sẽ được chuyển đến: %(where)s.") % {"where": _onward_text(dossier_onward_from_desk(
        dossier=s.dossier))}]  # fmt: skip


def _explain_steps(lead: str, steps: list[StepInstance], dossier: Dossier) -> list[str]:
    lines = [lead]
    for step in steps:
        where = _onward_text(dossier_onward_after(dossier=dossier, instance=step))
        lines.append(gettext("Sau bước “%(step)s”: %(where)s.") % {"step": step.name, "where": where})
    return lines


def _explain_complete(s: Situation) -> list[str]:
    lead = gettext("Ghi ý kiến xử lý của bước và chuyển hồ sơ sang bước tiếp theo của quy trình.")
    return _explain_steps(lead, s.completable(), s.dossier)


def _explain_approve(s: Situation) -> list[str]:
    lead = gettext(
        "Lãnh đạo đồng ý với kết quả giải quyết: nhật ký và phiếu kiểm soát ghi nhận là phê duyệt. Không đồng ý "
        "thì dùng “Trả lại bước trước”."
    )
    steps = s.handled(StepAction.APPROVE)
    lines = _explain_steps(lead, steps, s.dossier)
    if s.dossier.result_delivery == ResultDelivery.ELECTRONIC and not _results(s.dossier):
        lines += _result_lines(s.dossier)
    return lines + _signing_lines(s, steps)


def _signing_lines(s: Situation, steps: list[StepInstance]) -> list[str]:
    """Before approving: which results the approval signs, with which certificate — or why it cannot."""
    unsigned = [a for a in _results(s.dossier) if not a.signed_at and a.content_type == "application/pdf"]
    if not unsigned or not steps:
        return []
    names = ", ".join(a.original_name for a in unsigned)
    lines = []
    for agency in {step.agency_id: step.agency for step in steps}.values():
        certificate = certificate_for(officer=s.user, agency=agency)
        if certificate is None:
            lines.append(Warn(gettext(
                "Phê duyệt sẽ ký số kết quả (%(files)s) nhưng tài khoản của đồng chí chưa có chứng thư ký số còn hạn "
                "tại %(agency)s: cán bộ công nghệ thông tin của đơn vị cần đăng ký chứng thư trước."
            ) % {"files": names, "agency": agency.name}))  # fmt: skip
        else:
            lines.append(gettext(
                "Khi phê duyệt, kết quả (%(files)s) được ký số bằng chứng thư của %(subject)s (số hiệu %(serial)s, "
                "hết hạn %(expiry)s)."
            ) % {"files": names, "subject": certificate.subject, "serial": certificate.serial,
                 "expiry": date_format(localtime(certificate.not_after), "SHORT_DATE_FORMAT")})  # fmt: skip
            if certificate.backend == Backend.CSC:
                lines.append(gettext(
                    "Chứng thư ký số từ xa: sau khi nhấn “Phê duyệt”, xác nhận yêu cầu ký trên ứng dụng ký số của "
                    "điện thoại trong %(seconds)s giây."
                ) % {"seconds": settings.LIENTHONG_SIGNING_CSC_APPROVAL_SECONDS})  # fmt: skip
    return lines


def _explain_assign(s: Situation) -> list[str]:
    lines = []
    for step in s.led():
        targets = assignment_targets(dossier=s.dossier, instance=step)
        if targets:
            names = ", ".join(f"“{target.name}”" for target, _agency in targets)
            lines.append(gettext("“%(step)s”: người được chọn nhận các bước %(targets)s; bước phân công hoàn thành.")
                         % {"step": step.name, "targets": names})  # fmt: skip
        else:
            lines.append(
                gettext("“%(step)s”: giao (hoặc giao lại) bước này cho người được chọn.") % {"step": step.name}
            )
    return lines


def _where_now(dossier: Dossier) -> str:
    """Where the dossier is after the action, as the success message says it."""
    fresh = Dossier.objects.get(pk=dossier.pk)
    if fresh.status == Status.RESULT_READY:
        return gettext("đã xử lý xong, chờ Bộ phận Một cửa trả kết quả")
    steps = StepInstance.objects.filter(dossier=dossier, state=StepState.ACTIVE, kind=StepKind.STEP)
    where = []
    for step in steps.select_related("agency", "assignee").order_by("position", "id"):
        who = step.assignee.get_full_name() or step.assignee.get_username() if step.assignee else _role(step.role)
        where.append(_next(step.name, step.agency, who))
    return "; ".join(where) or fresh.get_status_display()


def _done(head: str):
    return lambda s: gettext("%(done)s Hồ sơ đang ở: %(where)s.") % {"done": head, "where": _where_now(s.dossier)}


OPEN = (Status.SUBMITTED, Status.RECEIVED, Status.PROCESSING, Status.SUPPLEMENT_REQUESTED,
        Status.FINANCIAL_OBLIGATION, Status.RESULT_READY)  # fmt: skip
DESK = Role.RECEIVER
WORK = (Role.SPECIALIST, Role.LEADER)

ACTIONS: dict[str, Action] = {
    a.name: a
    for a in [
        Action(
            "receive", pgettext_lazy("action", "Tiếp nhận hồ sơ trực tuyến"),
            lambda s: s.status == Status.SUBMITTED and s.at_desk(DESK),
            _documents(forms.ReceiveSubmittedForm),
            lambda s, d: services.dossier_receive_submitted(**_d(s), documents_present=set(d["documents_present"])),
            _("Đã tiếp nhận hồ sơ và cấp ngày hẹn trả kết quả."),
        ),
        Action(
            "forward", pgettext_lazy("action", "Chuyển xử lý"),
            lambda s: s.status == Status.RECEIVED and s.at_desk(DESK),
            _plain(forms.EmptyForm),
            lambda s, d: services.dossier_forward(**_d(s)),
            _done(_("Đã chuyển xử lý.")), explain=_explain_forward,
        ),
        Action(
            "assign", pgettext_lazy("action", "Phân công"),
            lambda s: s.status == Status.PROCESSING and bool(s.led()),
            _assign_form, _assign, _done(_("Đã phân công xử lý.")), "secondary", _explain_assign,
        ),
        Action(
            "complete", pgettext_lazy("action", "Hoàn thành bước"),
            lambda s: s.status == Status.PROCESSING and bool(s.completable()),
            _steps(forms.NoteStepForm, lambda s: s.completable()),
            lambda s, d: services.dossier_complete_step(**_d(s), step_instance=d["step"], note=d["note"]),
            _done(_("Đã hoàn thành bước xử lý.")), explain=_explain_complete,
        ),
        Action(
            "approve", pgettext_lazy("action", "Phê duyệt"),
            lambda s: s.status == Status.PROCESSING and bool(s.handled(StepAction.APPROVE)),
            _steps(forms.NoteStepForm, lambda s: s.handled(StepAction.APPROVE)),
            lambda s, d: dossier_approve_and_sign(**_d(s), step_instance=d["step"], note=d["note"]),
            _done(_("Đã phê duyệt.")), explain=_explain_approve,
        ),
        Action(
            "send_back", pgettext_lazy("action", "Trả lại bước trước"),
            lambda s: s.status == Status.PROCESSING and bool(s.handled(StepAction.SEND_BACK)),
            _steps(forms.ReasonStepForm, lambda s: s.handled(StepAction.SEND_BACK)),
            lambda s, d: services.dossier_send_back(**_d(s), step_instance=d["step"], reason=d["reason"]),
            _("Đã trả lại bước trước."), "secondary",
        ),
        Action(
            "consult", pgettext_lazy("action", "Xin ý kiến"),
            lambda s: s.status == Status.PROCESSING and bool(s.handled(StepAction.CONSULT)),
            _steps(forms.ConsultForm, lambda s: s.handled(StepAction.CONSULT)),
            lambda s, d: services.dossier_consult(**_d(s), step_instance=d["step"], agencies=list(d["agencies"]),
                                                  question=d["question"], working_hours=d["working_hours"]),
            _("Đã gửi xin ý kiến."), "secondary",
        ),
        Action(
            "answer", pgettext_lazy("action", "Trả lời xin ý kiến"),
            lambda s: s.status == Status.PROCESSING and bool(s.answerable()),
            lambda s, data, files: forms.AnswerForm(data, files, steps=_ids(s.answerable())),
            lambda s, d: services.dossier_consultation_answer(**_d(s), consultation=d["consultation"],
                                                              answer=d["answer"]),
            _("Đã gửi ý kiến trả lời."),
        ),
        Action(
            "transfer", pgettext_lazy("action", "Chuyển liên thông"),
            lambda s: s.status == Status.PROCESSING and bool(s.handled(StepAction.TRANSFER)),
            _steps(forms.TransferForm, lambda s: s.handled(StepAction.TRANSFER)),
            lambda s, d: services.dossier_transfer(**_d(s), step_instance=d["step"], to_agency=d["to_agency"],
                                                   reason=d["reason"], working_hours=d["working_hours"]),
            _("Đã chuyển liên thông."), "secondary",
        ),
        Action(
            "supplement", pgettext_lazy("action", "Yêu cầu bổ sung"),
            lambda s: s.status in (Status.SUBMITTED, Status.RECEIVED, Status.PROCESSING)
            and (s.at_desk(DESK) or s.on_steps(*WORK)),
            _plain(forms.SupplementRequestForm),
            lambda s, d: services.dossier_request_supplement(**_d(s), missing=d["missing"], note=d["note"]),
            _("Đã gửi yêu cầu bổ sung; thời hạn tạm dừng."), "secondary",
        ),
        Action(
            "supplement_received", pgettext_lazy("action", "Nhận hồ sơ bổ sung"),
            lambda s: s.status == Status.SUPPLEMENT_REQUESTED and s.at_desk(DESK),
            _plain(forms.SupplementReceivedForm),
            lambda s, d: services.dossier_supplement_received(**_d(s), documents_added=d["documents_added"],
                                                              note=d["note"]),
            _("Đã nhận hồ sơ bổ sung; thời hạn được tính tiếp."),
        ),
        Action(
            "financial_obligation", pgettext_lazy("action", "Thông báo nghĩa vụ tài chính"),
            lambda s: s.status == Status.PROCESSING and (s.at_desk(DESK) or s.on_steps(*WORK)),
            _financial_form,
            lambda s, d: services.dossier_request_financial_obligation(**_d(s), items=d["items"], note=d["note"]),
            _("Đã thông báo nghĩa vụ tài chính; thời hạn tạm dừng."), "secondary",
        ),
        Action(
            "financial_met", pgettext_lazy("action", "Xác nhận đã nộp nghĩa vụ tài chính"),
            lambda s: s.status == Status.FINANCIAL_OBLIGATION and (s.at_desk(DESK) or s.on_steps(*WORK)),
            _plain(forms.FinancialMetForm),
            lambda s, d: services.dossier_financial_obligation_met(**_d(s), receipt_reference=d["receipt_reference"]),
            _("Đã xác nhận; thời hạn được tính tiếp."),
        ),
        Action(
            "desk_payment", pgettext_lazy("action", "Thu phí, lệ phí tại quầy"),
            _desk_payment_offered, _desk_payment_form, _desk_payment,
            _("Đã ghi nhận khoản phí, lệ phí đã thu."), "secondary", _desk_payment_explain,
        ),
        Action(
            "return", pgettext_lazy("action", "Trả kết quả"),
            lambda s: s.status == Status.RESULT_READY and s.at_desk(DESK),
            _return_form,
            lambda s, d: services.dossier_return(**_d(s), delivery=d["delivery"], note=d["note"]),
            _("Đã trả kết quả cho người nộp."), explain=_explain_return,
        ),
        Action(
            "attach", pgettext_lazy("action", "Đính kèm tệp"),
            lambda s: s.status in OPEN and (s.at_desk(DESK) or s.on_steps(*WORK)),
            _attach_form, _attach, _("Đã lưu tệp đính kèm."), "secondary",
        ),
        Action(
            "digitise", pgettext_lazy("action", "Số hóa giấy tờ"),
            _digitise_offered,
            lambda s, data, files: forms.DigitiseForm(data, files, documents=_paper_documents(s)),
            _digitise, _("Đã số hóa giấy tờ: bản sao điện tử đã được chứng thực và ký số."), "secondary",
            _digitise_explain,
        ),
        Action(
            "reuse", pgettext_lazy("action", "Dùng lại giấy tờ đã số hóa"),
            lambda s: bool(_reuse_offers(s)), _reuse_form, _reuse,
            _("Đã dùng lại giấy tờ đã số hóa cho hồ sơ."), "secondary",
            lambda s: [gettext("Người nộp đã có giấy tờ điện tử còn hiệu lực trong kho (bản số hóa, hoặc kết quả giải "
                               "quyết đã ký số của hồ sơ trước): dùng lại thay cho yêu cầu nộp bản giấy.")],
        ),
        Action(
            "apologize", pgettext_lazy("action", "Xin lỗi và hẹn lại"),
            lambda s: s.status in APOLOGY_STATUSES and (s.at_desk(Role.LEADER) or s.on_steps(Role.LEADER)),
            _plain(forms.ApologyForm),
            lambda s, d: services.dossier_apologize(**_d(s), reason=d["reason"], new_due_at=d["new_due_at"]),
            _("Đã ghi văn bản xin lỗi và ngày hẹn mới."), "secondary",
        ),
        Action(
            "withdraw", pgettext_lazy("action", "Rút hồ sơ (theo đề nghị)"),
            lambda s: s.status in WITHDRAWABLE and s.at_desk(DESK),
            _plain(forms.OptionalReasonForm),
            lambda s, d: services.dossier_withdraw(**_d(s), reason=d["reason"]),
            _("Đã ghi nhận việc rút hồ sơ."), "danger",
        ),
        Action(
            "refuse", pgettext_lazy("action", "Từ chối"),
            lambda s: s.status in REFUSABLE and (s.at_desk(DESK) or s.on_steps(Role.LEADER)),
            _plain(forms.ReasonForm),
            lambda s, d: services.dossier_refuse(**_d(s), reason=d["reason"]),
            _("Đã từ chối hồ sơ."), "danger",
        ),
        Action(
            "stop", pgettext_lazy("action", "Dừng xử lý"),
            lambda s: s.status in STOPPABLE and (s.at_desk(Role.LEADER) or s.on_steps(Role.LEADER)),
            _plain(forms.StopForm),
            lambda s, d: services.dossier_stop(**_d(s), reason=d["reason"], legal_basis=d["legal_basis"]),
            _("Đã dừng xử lý hồ sơ."), "danger",
        ),
    ]
}  # fmt: skip


def action_form(action: Action, situation: Situation, data=None, files=None) -> django_forms.Form:
    """The action's form with ids of its own: a page holds many panels, and a label must find its own input."""
    form = action.form(situation, data, files)
    form.auto_id = f"id_{action.name}_%s"
    form.label_suffix = ""
    return form


def actions_offered(situation: Situation) -> list[Action]:
    if situation.scope.is_superuser and not any(situation.scope.roles.values()):
        return []  # the administrator reads; officers act
    return [action for action in ACTIONS.values() if action.offered(situation)]
