"""The demo accounts, as `lienthong demo` and `lienthong start` print them."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from lienthong.accounts.constants import ContactKind
from lienthong.accounts.contacts import Contact
from lienthong.accounts.services import SignUp, citizen_import
from lienthong.demo.procedures import load_json
from lienthong.org.constants import Level, Role
from lienthong.org.models import AdministrativeUnit
from lienthong.org.services import REFORM_2025, unit_code


@dataclass(frozen=True)
class DemoCitizen:
    """A citizen of the demo (data/officers.json "citizens"): her account, and who she is on the forms she files."""

    email: str
    full_name: str
    identity_number: str = ""


def demo_citizens() -> list[DemoCitizen]:
    """The demo's citizens, the first of whom files the history's recent online dossiers; the one reading of the list
    (accounts, her address on the site, her fees left to pay, her dossiers in the history)."""
    return [DemoCitizen(email=c["email"], full_name=c["full_name"], identity_number=c.get("identity_number", ""))
            for c in load_json("officers.json").get("citizens", [])]  # fmt: skip


def demo_password() -> str:
    return load_json("officers.json")["password"]


def _agency_label(ref: str, commune_names: dict[str, str]) -> str:
    """'stp' → 'Sở Tư pháp'; 'commune:26041:ttpvhcc' → 'TTPVHCC phường Trấn Biên' (short names of agencies.json)."""
    agencies = load_json("agencies.json")
    if not ref.startswith("commune:"):
        return next(a["short_name"] for a in agencies["provincial"] if a["key"] == ref)
    _scope, code, key = ref.split(":")
    name = commune_names.get(unit_code(level=Level.COMMUNE, number=code), code)
    template = next(t for t in agencies["commune"] if t["key"] == key)
    return template["short_name"].format(unit=name[:1].lower() + name[1:])


def demo_accounts() -> list[tuple[str, str]]:
    """(username, what the account is for) for every demo officer, in the order of data/officers.json."""
    officers = load_json("officers.json")["officers"]
    codes = {
        unit_code(level=Level.COMMUNE, number=ref.split(":")[1])
        for o in officers
        for ref, _role in o["roles"]
        if ref.startswith("commune:")
    }
    commune_names = dict(
        AdministrativeUnit.objects.filter(level=Level.COMMUNE, code__in=codes, valid_from=REFORM_2025).values_list(
            "code", "name"
        )
    )
    accounts = []
    for officer in officers:
        if officer.get("superuser"):
            purpose = _("quản trị toàn quyền (trang quản trị)")
        else:
            purpose = "; ".join(
                f"{Role(role).label} — {_agency_label(ref, commune_names)}" for ref, role in officer["roles"]
            )
        accounts.append((officer["username"], purpose))
    return accounts


def demo_accounts_text() -> str:
    """The accounts and their shared password; empty when the demo has not been built in this database."""
    first = load_json("officers.json")["officers"][0]["username"]
    if not get_user_model().objects.filter(username=first).exists():
        return ""
    accounts = demo_accounts()
    width = max(len(username) for username, _purpose in accounts)
    lines = [_("Tài khoản mẫu (mật khẩu chung: %(p)s):") % {"p": demo_password()}]
    lines += [f"  {username.ljust(width)}  {purpose}" for username, purpose in accounts]
    for citizen in demo_citizens():
        lines.append(
            f"  {citizen.email}  " + _("công dân, đăng nhập tại /tai-khoan/dang-nhap/ để nộp hồ sơ trực tuyến")
        )
    return "\n".join(lines)


def demo_citizens_load(*, password_hash: str) -> int:
    """The demo's citizen accounts (`demo_citizens`), verified, with the shared password; how many
    were created. They sign in at /tai-khoan/dang-nhap/ and submit online."""
    created = 0
    for citizen in demo_citizens():
        sign_up = SignUp(contact=Contact(kind=ContactKind.EMAIL, value=citizen.email), full_name=citizen.full_name,
                         password=demo_password(), identity_number=citizen.identity_number)  # fmt: skip
        _user, made = citizen_import(sign_up=sign_up, password_hash=password_hash)
        created += made
    return created


def demo_messages_load() -> int:
    """The notices the demo citizens' dossiers had at each step (receipt, supplement request, result…), recorded by
    notify as sent then (notify.history): "Hồ sơ của tôi" and the officer's dossier page show them. Only theirs: the
    20,000 history dossiers' applicants are not people anyone signs in as, and a message each would slow the build."""
    from lienthong.dossiers.models import Dossier
    from lienthong.notify.history import notices_record_past

    emails = [citizen.email for citizen in demo_citizens()]
    ids = list(Dossier.objects.filter(applicant_email__in=emails).values_list("pk", flat=True))
    return notices_record_past(dossier_ids=ids)
