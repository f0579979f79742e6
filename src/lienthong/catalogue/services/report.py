"""What an import did, per kind of row: the CLI, the admin and the demo builder show it to the person importing."""

import dataclasses

from django.utils.translation import gettext as _

from lienthong.catalogue.models import Field, Procedure, ProcedureVersion
from lienthong.catalogue.services.shape import CHILD_MODELS, KINDS


def _zero_counts() -> dict[str, int]:
    return dict.fromkeys(KINDS, 0)


@dataclasses.dataclass
class ImportReport:
    """Rows created, updated, deleted (children only) and left unchanged, per kind (see KINDS)."""

    created: dict[str, int] = dataclasses.field(default_factory=_zero_counts)
    updated: dict[str, int] = dataclasses.field(default_factory=_zero_counts)
    deleted: dict[str, int] = dataclasses.field(default_factory=_zero_counts)
    unchanged: dict[str, int] = dataclasses.field(default_factory=_zero_counts)

    @property
    def changed(self) -> bool:
        return any(self.created.values()) or any(self.updated.values()) or any(self.deleted.values())

    def summary(self) -> list[str]:
        """One Vietnamese line per kind, for the CLI and the admin."""
        labels = {"fields": Field, "procedures": Procedure, "versions": ProcedureVersion, **CHILD_MODELS}
        return [
            _("%(kind)s: thêm %(created)d, cập nhật %(updated)d, xóa %(deleted)d, giữ nguyên %(unchanged)d")
            % {
                "kind": str(labels[kind]._meta.verbose_name_plural).capitalize(),
                "created": self.created[kind],
                "updated": self.updated[kind],
                "deleted": self.deleted[kind],
                "unchanged": self.unchanged[kind],
            }
            for kind in KINDS
        ]
