"""Steps shared by the account tests: sign up through the pages, read the code from the mail that carried it."""

import re

from lienthong.accounts.models import CitizenProfile

PASSWORD = "Sen-vang-ho-Tay-2026"
EMAIL = "hoa@example.vn"
CODE = re.compile(r"\b(\d{6})\b")


def sign_up(client, *, email: str = EMAIL, phone: str = "", password: str = PASSWORD, name: str = "Nguyễn Thị Hoa"):
    return client.post(
        "/tai-khoan/dang-ky/",
        {"full_name": name, "email": email, "phone": phone, "identity_number": "", "password1": password,
         "password2": password},
    )  # fmt: skip


def last_code(smtp) -> str:
    _recipients, message = smtp.received[-1]
    return CODE.search(message.get_content()).group(1)


def verify(client, code: str):
    return client.post("/tai-khoan/xac-minh/", {"code": code})


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def signed_up(client, smtp, **kwargs) -> CitizenProfile:
    """A verified citizen, signed in on `client`."""
    sign_up(client, **kwargs)
    assert verify(client, last_code(smtp)).status_code == 302
    return CitizenProfile.objects.get(email=kwargs.get("email", EMAIL))


def sign_in(client, contact: str, password: str = PASSWORD):
    return client.post("/tai-khoan/dang-nhap/", {"contact": contact, "password": password})
