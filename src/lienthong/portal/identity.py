"""Who runs these pages and how to reach them (issue 11 item 8): the province's name from its administrative unit,
and the contact an administrator sets in the rule `portal.contact` (name, hotline, address, e-mail), each empty part
taken from the provincial Public Administration Service Centre's own record.

Every public page shows them in its header and footer, so they are read from the cache (no query on a hit) and kept
a few seconds per process, like the visitor counters: the page pays nothing. A contact the administrator saves shows
in this process at once (the cache entry is dropped when the rule is saved); anything else within CACHE_SECONDS.
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from lienthong.core.rules import RuleSpec, rule_get, rules_register
from lienthong.org.constants import Level
from lienthong.org.selectors import province_in_force, provincial_service_centre
from lienthong.org.services import unit_code

CONTACT = "portal.contact"
CONTACT_PARTS = ("name", "hotline", "address", "email")
CACHE_KEY, CACHE_SECONDS = "portal:identity:v1", 5 * 60
SHOWN_SECONDS = 10


def register() -> None:
    rules_register(
        RuleSpec(
            CONTACT,
            dict.fromkeys(CONTACT_PARTS, ""),
            "The contact the public pages show in their header and footer: {name, hotline, address, email}; an "
            "empty part is taken from the provincial Public Administration Service Centre's record.",
        )
    )


@dataclass(frozen=True)
class SiteIdentity:
    province: str = ""  # "Tỉnh Đồng Nai"
    office: str = ""  # who answers: "Trung tâm Phục vụ hành chính công tỉnh Đồng Nai"
    hotline: str = ""
    address: str = ""
    email: str = ""

    @property
    def hotline_tel(self) -> str:
        """The hotline as a tel: link wants it: digits and a leading +."""
        return "".join(ch for ch in self.hotline if ch.isdigit() or ch == "+")

    @property
    def province_in_sentence(self) -> str:
        """ "tỉnh Đồng Nai": the unit's name inside a sentence, where Vietnamese writes the kind in lower case."""
        return self.province[:1].lower() + self.province[1:]

    @property
    def has_contact(self) -> bool:
        return bool(self.hotline or self.address or self.email)


def identity_read() -> SiteIdentity:
    """From the database: the province and the contact (three small queries)."""
    province = province_in_force(code=unit_code(level=Level.PROVINCE, number=settings.LIENTHONG_PROVINCE_CODE))
    centre = provincial_service_centre(province=province) if province else None
    given = rule_get(CONTACT)
    given = given if isinstance(given, dict) else {}
    fallback = {
        "name": centre.name if centre else "",
        "hotline": centre.phone if centre else "",
        "address": centre.address if centre else "",
        "email": centre.email if centre else "",
    }
    parts = {part: str(given.get(part) or "").strip() or fallback[part] for part in CONTACT_PARTS}
    return SiteIdentity(
        province=province.name if province else "",
        office=parts["name"],
        hotline=parts["hotline"],
        address=parts["address"],
        email=parts["email"],
    )


_shown: list[tuple[float, SiteIdentity]] = []  # per process: (monotonic time until which it stands, identity)


def identity_now() -> SiteIdentity:
    """The identity as the pages show it: at most SHOWN_SECONDS old in this process, else from the cache."""
    now = time.monotonic()
    if _shown and now < _shown[0][0]:
        return _shown[0][1]
    identity = cache.get(CACHE_KEY)
    if identity is None:
        identity = identity_read()
        cache.set(CACHE_KEY, identity, CACHE_SECONDS)
    _shown[:] = [(now + SHOWN_SECONDS, identity)]
    return identity


def identity_forget() -> None:
    """The next page reads the identity afresh (a contact or an agency was saved; tests)."""
    _shown.clear()
    cache.delete(CACHE_KEY)
