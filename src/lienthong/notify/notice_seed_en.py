"""Version 1 of each applicant notice's templates in English (issue 15): for an applicant whose language is English
(`Dossier.applicant_language`), the same events, the same placeholders and the same checks as the Vietnamese ones
(notify.notices). Seeded by migration notify 0012; never edit a text here once released — a new wording is a new
version at /backoffice/messages/templates/. The e-mail footer says what the signed link does: it opens the dossier
without the code or the four digits.
"""

FOOTER = (
    "\n"
    "Regards,\n"
    "{{ agency }}\n"
    "\n"
    "---\n"
    "This e-mail was sent automatically by the province's administrative procedure system; please do not reply to "
    "it.\n"
    "Track your dossier: {{ track_url }} (the link opens your dossier directly, no code needed)"
    "{% if my_dossier_url %}\n"
    "My dossiers: {{ my_dossier_url }}{% endif %}"
)
GREETING = "Dear {{ applicant }},\n\n"
ABOUT = "dossier {{ ref }}{% if code %} ({{ procedure }}){% endif %}"
FEES = "{% if fees %}\nFees and charges:\n{% for fee in fees %}- {{ fee }}\n{% endfor %}{% endif %}\n"
DELIVERY = (
    "{% if delivery_kind == 'electronic' %}The result is electronic: download it from the tracking page: "
    "{{ track_url }}{% if my_dossier_url %} or from My dossiers: {{ my_dossier_url }}{% endif %}."
    "{% elif delivery_kind == 'by_post' %}The result will be sent by post to {% if applicant_address %}"
    "{{ applicant_address }}{% else %}the address you registered{% endif %}."
    "{% else %}Please collect the result at the one-stop desk: {{ agency }}{% if agency_address %}, "
    "{{ agency_address }}{% endif %}, during office hours ({{ office_hours }}), bringing your receipt and an identity "
    "document.{% if agency_phone %}\nPhone: {{ agency_phone }}{% endif %}{% endif %}\n"
)

# kind: (subject, body)
EMAIL = {
    "submitted": (
        "Dossier {{ code }} submitted online",
        GREETING + "Your dossier was submitted online.\n\n"
        "Dossier code: {{ code }}\nProcedure: {{ procedure }}\nSubmitted to: {{ agency }}\nAt: {{ submitted }}\n"
        "Result delivery: {{ delivery }}\n" + FEES + "{{ agency }} will check it and tell you when it is received, "
        "with the due date.\n" + FOOTER,
    ),
    "received": (
        "Dossier {{ code }} received",
        GREETING + "{{ agency }} has received your dossier.\n\n"
        "Dossier code: {{ code }}\nProcedure: {{ procedure }}\nDue date: {{ due }}\nResult delivery: {{ delivery }}\n"
        + FEES
        + "Please keep the dossier code to track it and to collect the result.\n"
        + FOOTER,
    ),
    "supplement_requested": (
        "Dossier {{ ref }}: please complete your dossier",
        GREETING + "Your " + ABOUT + " is incomplete. Please provide:\n\n"
        "{% for item in payload.missing %}- {{ item }}\n{% endfor %}{% if payload.note %}\n"
        "Officer's note: {{ payload.note }}\n{% endif %}\n"
        "{% if received %}The time you take to complete it does not count towards the time limit.{% else %}The "
        "dossier will be received once {{ agency }} has everything.{% endif %}\n" + FOOTER,
    ),
    "supplement_received": (
        "Dossier {{ ref }}: additional documents received",
        GREETING + "{{ agency }} has received the additional documents for your " + ABOUT + "; processing "
        "continues.{% if due %}\n\nDue date: {{ due }}{% endif %}\n" + FOOTER,
    ),
    "refused": (
        "Dossier {{ ref }}: {% if payload.at_receipt %}not received{% else %}refused{% endif %}",
        GREETING + "We regret that your " + ABOUT + " was {% if payload.at_receipt %}not received{% else %}"
        "refused{% endif %}.\n\nReason: {{ payload.reason }}\n\n"
        "You may collect your documents and the refusal slip at {{ agency }}, and you may file a complaint if you "
        "disagree.\n" + FOOTER,
    ),
    "financial_obligation_set": (
        "Dossier {{ code }}: fees to pay",
        GREETING + "To continue processing dossier {{ code }} ({{ procedure }}), please pay:\n\n"
        "{% for item in payload.items %}- {{ item.name }}: {{ item.amount|dong }} VND\n{% endfor %}"
        "{% if payload.total %}\nTotal: {{ payload.total|dong }} VND\n{% endif %}"
        "{% if payload.note %}\nNote: {{ payload.note }}\n{% endif %}\n"
        "The time you take to pay does not count towards the time limit.\n" + FOOTER,
    ),
    "fee_paid": (
        "Dossier {{ code }}: fees received",
        GREETING + "{{ agency }} has received {{ payload.amount|dong }} VND in fees and charges for dossier {{ code }} "
        "({{ procedure }}). The e-receipt can be downloaded from the tracking page.\n{% if payload.receipt_moved %}\n"
        "This procedure's fees are paid at receipt: your dossier counts as received from the time you paid.\n"
        "{% endif %}\nDue date: {{ due }}\n" + FOOTER,
    ),
    "financial_obligation_met": (
        "Dossier {{ code }}: payment received",
        GREETING + "{{ agency }} confirms your payment for dossier {{ code }} ({{ procedure }}); processing "
        "continues.\n\nDue date: {{ due }}\n" + FOOTER,
    ),
    "result_ready": (
        "Dossier {{ code }}: the result is ready",
        GREETING + "The result of dossier {{ code }} ({{ procedure }}) is ready.\n\n"
        "Result delivery: {{ delivery }}\n\n" + DELIVERY + FOOTER,
    ),
    "returned": (
        "Dossier {{ code }}: result returned",
        GREETING
        + "{{ agency }} has returned the result of dossier {{ code }} ({{ procedure }}).\n\n"
        + DELIVERY
        + "\nThank you. You can rate the service on the tracking page.\n"
        + FOOTER,
    ),
    "withdrawn": (
        "Dossier {{ ref }}: withdrawn",
        GREETING + "As you asked, your " + ABOUT + " was withdrawn and {{ agency }} has stopped processing it."
        "{% if payload.reason %}\n\nReason: {{ payload.reason }}{% endif %}\n" + FOOTER,
    ),
    "stopped": (
        "Dossier {{ code }}: processing stopped",
        GREETING + "{{ agency }} has stopped processing dossier {{ code }} ({{ procedure }}).\n\n"
        "Reason: {{ payload.reason }}{% if payload.legal_basis %}\nLegal basis: {{ payload.legal_basis }}{% endif %}"
        "\n\nPlease contact {{ agency }} to collect your documents and the notice.\n" + FOOTER,
    ),
    "apology_issued": (
        "Dossier {{ code }}: apology and new due date",
        GREETING + "{{ agency }} apologises: dossier {{ code }} ({{ procedure }}) could not be completed on time.\n\n"
        "Reason: {{ payload.reason }}\n\nNew due date: {{ due }}{% if old_due %} (instead of {{ old_due }}){% endif %}"
        "\n" + FOOTER,
    ),
}
# kind: the SMS text (plain ASCII already: GSM-7, 160 characters a segment; the link is added).
SMS = {
    "submitted": "Dossier {{ code }} ({{ procedure }}) submitted online. We will tell you when it is received.",
    "received": "Dossier {{ code }} received. Due date: {{ due }}.{% if fees %} Fees: {{ fees|join:'; ' }}.{% endif %}",
    "supplement_requested": "Dossier {{ ref }} needs more documents. See what is missing:",
    "supplement_received": "Additional documents received for dossier {{ ref }}."
    "{% if due %} Due: {{ due }}.{% endif %}",
    "refused": "Dossier {{ ref }} was {% if payload.at_receipt %}not received{% else %}refused{% endif %}. Reason:",
    "financial_obligation_set": "Dossier {{ code }}: fees to pay{% if payload.total %}: {{ payload.total|dong }} VND"
    "{% endif %}.",
    "financial_obligation_met": "Dossier {{ code }}: payment received. Due date: {{ due }}.",
    "fee_paid": "Dossier {{ code }}: {{ payload.amount|dong }} VND in fees received.{% if payload.receipt_moved %}"
    " Counted as received from your payment.{% endif %} Due date: {{ due }}.",
    "result_ready": "Dossier {{ code }}: the result is ready{% if delivery_kind == 'electronic' %}, download it from "
    "the tracking page{% elif delivery_kind == 'by_post' %}, sent by post to your registered address{% else %}, "
    "collect it at {{ agency }} ({{ office_hours }}){% endif %}.",
    "returned": "Dossier {{ code }}: result returned. Please rate the service:",
    "withdrawn": "Dossier {{ ref }} was withdrawn as you asked.",
    "stopped": "Dossier {{ code }}: processing stopped. See why:",
    "apology_issued": "Dossier {{ code }} is late; we apologise. New due date: {{ due }}.",
}
ZNS_PARAMS = {"applicant": "name", "code": "code", "procedure": "text", "due": "date", "status": "text",
              "agency": "text", "track_url": "url"}  # fmt: skip
ZNS_TEXT = (
    "Dear {{ applicant }}, dossier {{ code }} ({{ procedure }}): {{ status }}.{% if due %} Due date: {{ due }}."
    "{% endif %} Track: {{ track_url }}"
)
ZNS = {kind: (ZNS_TEXT, ZNS_PARAMS) for kind in SMS}
ZNS["received"] = (
    "Dear {{ applicant }}, dossier {{ code }} ({{ procedure }}) was received. Due date: {{ due }}. Fees: {{ fees }}."
    " Track: {{ track_url }}",
    {**ZNS_PARAMS, "fees": "text"},
)
ZNS["fee_paid"] = (
    "Dear {{ applicant }}, the fees of dossier {{ code }} ({{ procedure }}) were received. Due date: {{ due }}."
    " Track: {{ track_url }}",
    ZNS_PARAMS,
)
ZNS["result_ready"] = (
    "Dear {{ applicant }}, the result of dossier {{ code }} ({{ procedure }}) is ready: {{ result_note }}."
    " Track: {{ track_url }}",
    {**ZNS_PARAMS, "result_note": "text"},
)

# (kind, channel, language, subject, body, params, zns_template_id), as notify.notice_seed.NOTICE_TEMPLATES.
NOTICE_TEMPLATES_EN = [
    *[(kind, "email", "en", subject, body, {}, "") for kind, (subject, body) in EMAIL.items()],
    *[(kind, "sms", "en", "", body, {}, "") for kind, body in SMS.items()],
    *[(kind, "zns", "en", "", body, params, f"lienthong-{kind}-en") for kind, (body, params) in ZNS.items()],
]
