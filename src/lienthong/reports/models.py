"""The read model dashboards count from: one fact per dossier, and additive figures per unit × procedure × day.

No foreign keys: the tables are rebuilt from the event history (`lienthong reports_rebuild`) and must stay cheap to
write on every event; the ids are those of `dossiers`, `org` and `catalogue` rows.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lienthong.dossiers.constants import Channel, Status
from lienthong.org.constants import Level
from lienthong.reports.constants import EndKind


class DossierFact(models.Model):
    """What the indicators need to know of one dossier, derived from its events and row (`reports.facts`)."""

    dossier_id = models.BigIntegerField(primary_key=True)
    agency_id = models.BigIntegerField()  # the receiving agency
    unit_id = models.BigIntegerField(default=0)  # the scored unit answering for it (reports.units): Decision 766's
    procedure_id = models.BigIntegerField()
    procedure_version_id = models.BigIntegerField()
    field_id = models.BigIntegerField()
    level = models.CharField(max_length=10, choices=Level.choices)  # the receiving agency's level
    channel = models.CharField(max_length=20, choices=Channel.choices)
    national_channel = models.PositiveSmallIntegerField()  # KenhThucHien: 1 counter, 2 online, 3 post
    status = models.CharField(max_length=30, choices=Status.choices)
    submitted_at = models.DateTimeField(null=True)
    received_at = models.DateTimeField(null=True)
    received_day = models.DateField(null=True)  # local (Viet Nam) date of `received_at`
    due_at = models.DateTimeField(null=True)
    end_of_processing_at = models.DateTimeField(null=True)
    end_day = models.DateField(null=True)  # local date of `end_of_processing_at`
    end_kind = models.CharField(max_length=30, choices=EndKind.choices, blank=True)
    supplement_count = models.PositiveSmallIntegerField(default=0)
    supplement_seconds = models.PositiveBigIntegerField(default=0)
    is_on_time = models.BooleanField(null=True)  # null while processing has not ended
    has_e_result = models.BooleanField(default=False)
    is_digitised = models.BooleanField(default=False)
    paid_online_kind = models.PositiveSmallIntegerField(default=0)  # DuocThanhToanTrucTuyen: 0 none, 1 DVCQG, 2 own
    fee_total = models.PositiveBigIntegerField(default=0)  # đồng, from the procedure version's published fees
    national_sync_state = models.CharField(max_length=10, blank=True)
    version = models.PositiveIntegerField(default=0)  # the dossier's event_seq it was derived from

    class Meta:
        verbose_name = _("dữ kiện hồ sơ")
        verbose_name_plural = pgettext_lazy("plural", "dữ kiện hồ sơ")
        indexes = [
            models.Index(fields=["received_day", "agency_id"], name="fact_received_agency"),
            models.Index(fields=["end_day", "agency_id"], name="fact_end_agency"),
            models.Index(fields=["agency_id", "received_day"], name="fact_agency_received"),
            models.Index(fields=["agency_id", "end_day"], name="fact_agency_end"),
            models.Index(fields=["unit_id", "received_at"], name="fact_unit_received"),
            models.Index(fields=["procedure_id", "received_day"], name="fact_procedure_received"),
            models.Index(fields=["field_id", "received_day"], name="fact_field_received"),
            models.Index(fields=["level", "received_day"], name="fact_level_received"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} v{self.version}"


class DailyFigure(models.Model):
    """Counters of one day × receiving agency × answering unit × procedure × field × level × channel; additive, so
    any period and any grouping is a sum. Received-type counters count on the day received, finished-type on the day
    processing ended (docs/dashboards.md)."""

    day = models.DateField()
    agency_id = models.BigIntegerField()
    unit_id = models.BigIntegerField(default=0)
    procedure_id = models.BigIntegerField()
    field_id = models.BigIntegerField()
    level = models.CharField(max_length=10, choices=Level.choices)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    submitted = models.IntegerField(default=0)
    received = models.IntegerField(default=0)
    online = models.IntegerField(default=0)
    supplement_requested = models.IntegerField(default=0)
    fee_bearing = models.IntegerField(default=0)
    paid_online = models.IntegerField(default=0)
    synced_national = models.IntegerField(default=0)
    finished = models.IntegerField(default=0)
    finished_on_time = models.IntegerField(default=0)
    finished_late = models.IntegerField(default=0)
    e_result = models.IntegerField(default=0)
    digitised = models.IntegerField(default=0)
    processing_seconds = models.BigIntegerField(default=0)  # sum over finished: end − receipt − supplement waits
    supplement_seconds = models.BigIntegerField(default=0)  # sum over finished: the applicant's supplement waits

    class Meta:
        verbose_name = _("số liệu theo ngày")
        verbose_name_plural = pgettext_lazy("plural", "số liệu theo ngày")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "agency_id", "unit_id", "procedure_id", "field_id", "level", "channel"],
                name="one_figure_per_unit_key",
            )
        ]
        indexes = [
            models.Index(fields=["agency_id", "day"], name="figure_agency_day"),
            models.Index(fields=["unit_id", "day"], name="figure_unit_day"),
            models.Index(fields=["procedure_id", "day"], name="figure_procedure_day"),
            models.Index(fields=["field_id", "day"], name="figure_field_day"),
            models.Index(fields=["level", "day"], name="figure_level_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.agency_id}/{self.procedure_id} {self.channel}"
