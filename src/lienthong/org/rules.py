"""Rules of officers' accounts: defaults here, overrides in admin (core.Rule)."""

from lienthong.core.rules import RuleSpec, rules_register

SIGNIN_HELP_CONTACT = "org.signin_help_contact"


def register() -> None:
    rules_register(
        RuleSpec(
            SIGNIN_HELP_CONTACT,
            "",
            "Whom an officer whose sign-in is locked after too many wrong passwords should call, as shown to them "
            "(e.g. 'Tổ CNTT Trung tâm Phục vụ hành chính công, 0251 3 822 000'); empty: the unit's system "
            "administrator.",
        ),
    )
