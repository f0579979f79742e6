"""The shape of the catalogue as plain data: the kinds of row and the model fields each carries.

Validation, writing, export and the import report all walk the same kinds with the same keys; defining them once
keeps the four from drifting apart.
"""

from django.db import models

from lienthong.catalogue.models import CompetentAuthority, Fee, ProcessStep, RequiredDocument

KINDS = ("fields", "procedures", "versions", "authorities", "documents", "fees", "steps")
CHILD_MODELS: dict[str, type[models.Model]] = {
    "authorities": CompetentAuthority,
    "documents": RequiredDocument,
    "fees": Fee,
    "steps": ProcessStep,
}
# Model fields carried by each kind of row; `field_code` and `agency_code` are references resolved separately.
FIELD_KEYS = ("code", "name")
VERSION_KEYS = (
    "decision",
    "decision_date",
    "effective_from",
    "is_current",
    "name",
    "time_limit_value",
    "time_limit_unit",
    "time_limit_note",
    "time_limit_verified",
    "result_type",
    "online_level",
    "legal_basis",
    "submission_methods",
    "applicant_types",
    "form_schema",
    "internal_note",
)
CHILD_KEYS = {
    "authorities": ("level", "agency_kind"),
    "documents": (
        "position",
        "code",
        "name",
        "copy_kind",
        "quantity",
        "is_mandatory",
        "template_name",
        "is_declaration",
        "note",
    ),
    "fees": ("name", "amount", "description", "verified", "internal_note", "kind", "code", "due", "exempt_groups"),
    "steps": ("position", "name", "level", "agency_kind", "role", "actions", "quota_hours", "parallel_group"),
}
CHILDREN_WITH_AGENCY = ("authorities", "steps")
CHILDREN_BY_POSITION = ("documents", "steps")
