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
    # A document of the application was taken from the applicant's store of digitised documents (DOCUMENT_REUSED).
    reused_component = models.BooleanField(default=False)
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
            # The province's figures of a period (every unit): a range of receipts, not the whole unit index
            # (bench/dashboards, docs/performance.md).
            models.Index(fields=["received_at"], name="fact_received_at"),
            # The open dossiers (~2.5% of the facts): a unit's nearest deadlines and the dossiers overdue now.
            models.Index(
                fields=["unit_id", "due_at", "dossier_id"],
                name="fact_open_unit_due",
                condition=models.Q(end_of_processing_at__isnull=True, received_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} v{self.version}"


class ComplaintFact(models.Model):
    """What Decision 766's PAKN figures need of one complaint or recommendation, kept from the complaints' events
    (`reports.petition_facts`): the satisfaction group is counted from these, never from the complaints' table."""

    complaint_id = models.BigIntegerField(primary_key=True)
    agency_id = models.BigIntegerField()  # the handling agency now (a forward moves it); rolled up to its unit
    received_at = models.DateTimeField()
    answer_due_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True)
    refused = models.BooleanField(default=False)  # refused at receipt: a lawful refusal is not late handling
    dossier_id = models.BigIntegerField(null=True)  # the dossier its "mã số hồ sơ" names, if one has that code
    version = models.PositiveIntegerField(default=0)  # how many events of the complaint it was derived from

    class Meta:
        verbose_name = _("dữ kiện phản ánh, kiến nghị")
        verbose_name_plural = pgettext_lazy("plural", "dữ kiện phản ánh, kiến nghị")
        indexes = [
            models.Index(fields=["answered_at"], name="complaintfact_answered"),
            models.Index(fields=["answer_due_at"], name="complaintfact_answer_due"),
            models.Index(
                fields=["dossier_id"], name="complaintfact_dossier", condition=models.Q(dossier_id__isnull=False)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} v{self.version}"


class RatingFact(models.Model):
    """A dossier's rating by its applicant (one per dossier, never changed), kept from the feedback app's event."""

    dossier_id = models.BigIntegerField(primary_key=True)
    rating_id = models.BigIntegerField(unique=True)
    agency_id = models.BigIntegerField()  # the receiving agency when rated
    average = models.DecimalField(max_digits=3, decimal_places=2)
    rated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("dữ kiện đánh giá")
        verbose_name_plural = pgettext_lazy("plural", "dữ kiện đánh giá")
        indexes = [models.Index(fields=["rated_at"], name="ratingfact_rated")]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.average}"


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


class ScoreSnapshot(models.Model):
    """One unit's Decision 766 scores for one period under one formula version, frozen when the period was over
    (`reports.snapshots`): never updated, never deleted — a new formula version writes rows of its own beside.

    No foreign keys, like the read model: the unit's code and name are kept as they were, so a renamed or merged
    agency does not rewrite last year's ranking."""

    period_key = models.CharField(max_length=10)  # index766.Period.key: 2026-08, 2026-Q3, 2026-H2, 2026
    period_kind = models.CharField(max_length=10)
    period_start = models.DateTimeField()
    period_end = models.DateTimeField()
    version = models.CharField(max_length=60)  # the formula version (kpi766/definitions/<version>.json)
    unit_id = models.BigIntegerField()  # reports.units.ScoredUnit.id: the unit's heading agency
    unit_kind = models.CharField(max_length=12)  # province, department, commune
    unit_code = models.CharField(max_length=40, blank=True)  # QCVN 102, the national dashboard's MA_COQUAN
    unit_name = models.CharField(max_length=255)
    rank = models.PositiveIntegerField(null=True)  # among the units of its kind; null for the province
    total = models.DecimalField(max_digits=5, decimal_places=2)
    transparency = models.DecimalField(max_digits=5, decimal_places=2)
    progress = models.DecimalField(max_digits=5, decimal_places=2)
    online_service = models.DecimalField(max_digits=5, decimal_places=2)
    online_payment = models.DecimalField(max_digits=5, decimal_places=2)
    digitisation = models.DecimalField(max_digits=5, decimal_places=2)
    satisfaction = models.DecimalField(max_digits=5, decimal_places=2)
    # code → {group, max_points, numerator, denominator, rate, points, no_data}; decimals as exact strings
    indicators = models.JSONField()
    counts = models.JSONField()  # the figures the engine was given (figure → count)
    judged_at = models.DateTimeField()  # the instant open dossiers were judged at: the period's end
    taken_at = models.DateTimeField()

    class Meta:
        verbose_name = _("điểm Bộ chỉ số 766 đã chốt")
        verbose_name_plural = pgettext_lazy("plural", "điểm Bộ chỉ số 766 đã chốt")
        constraints = [
            models.UniqueConstraint(fields=["period_key", "unit_id", "version"], name="one_snapshot_per_unit_version")
        ]
        indexes = [
            models.Index(fields=["version", "period_key"], name="snapshot_version_period"),
            models.Index(fields=["unit_id", "version", "period_key"], name="snapshot_unit_trend"),
        ]

    def __str__(self) -> str:
        return f"{self.period_key} {self.unit_name} {self.version}: {self.total}"


class OfficialImport(models.Model):
    """One file of the national dashboard's published scores, as imported (`reports.official_store`): kept as the
    log even when a later file for the same period replaces its rows."""

    period_key = models.CharField(max_length=10)
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    version = models.CharField(max_length=60)  # the formula version whose columns and paths read the file
    rows = models.PositiveIntegerField()  # the units it held
    imported_at = models.DateTimeField()
    imported_by_id = models.BigIntegerField(null=True)  # the user's id, no foreign key: the log outlives accounts
    imported_by = models.CharField(max_length=150, blank=True)  # the username then
    replaced_at = models.DateTimeField(null=True)  # when a later file for the period replaced its rows

    class Meta:
        verbose_name = _("tệp điểm công bố đã nhập")
        verbose_name_plural = pgettext_lazy("plural", "tệp điểm công bố đã nhập")
        indexes = [models.Index(fields=["period_key", "imported_at"], name="official_import_period")]
        constraints = [
            # One current import per period: of two first imports of a period at once, one is refused.
            models.UniqueConstraint(
                fields=["period_key"], condition=models.Q(replaced_at__isnull=True), name="one_current_official_import"
            )
        ]

    def __str__(self) -> str:
        return f"{self.period_key} {self.filename}"


class OfficialScore(models.Model):
    """One unit's scores as the national dashboard published them for a period, from the period's current import."""

    source = models.ForeignKey(OfficialImport, on_delete=models.PROTECT, related_name="scores")
    period_key = models.CharField(max_length=10)
    unit_code = models.CharField(max_length=255)  # MA_COQUAN / departmentCode, as published
    unit_name = models.CharField(max_length=255, blank=True)
    level = models.CharField(max_length=12, blank=True)  # department, commune, or "" when not published
    rank = models.PositiveIntegerField(null=True)
    total = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    # a group the file did not publish is null, not 0
    transparency = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    progress = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    online_service = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    online_payment = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    digitisation = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    satisfaction = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    metrics = models.JSONField(default=dict)  # metric code → points (exact strings), from the evaluation API

    class Meta:
        verbose_name = _("điểm do Cổng quốc gia công bố")
        verbose_name_plural = pgettext_lazy("plural", "điểm do Cổng quốc gia công bố")
        constraints = [models.UniqueConstraint(fields=["period_key", "unit_code"], name="one_official_score_per_unit")]

    def __str__(self) -> str:
        return f"{self.period_key} {self.unit_code}: {self.total}"


class PeriodFigures(models.Model):
    """One period's figures for every unit — the inputs of the 766 engine, not its scores — as the worker last
    counted them (`reports.figure_store`, their one writer), so that a page never waits for the count.

    `changes` moves whenever a fact received in the period changes; the figures are current while
    `counted_changes` equals it (and, for a period still running, while they are young: time alone makes a dossier
    late)."""

    period_key = models.CharField(max_length=10)
    version = models.CharField(max_length=60)
    start = models.DateTimeField()  # the period's bounds, so a change of a month finds every period holding it
    end = models.DateTimeField()
    judged_at = models.DateTimeField()  # the instant the dossiers were judged at: the period's end, or the count's
    counted_at = models.DateTimeField()  # when the count began
    changes = models.BigIntegerField(default=0)
    counted_changes = models.BigIntegerField(default=0)  # `changes` as read before the count began
    figures = models.JSONField(default=dict)  # unit id (a string in JSON) → figure → count

    class Meta:
        verbose_name = _("số liệu kỳ đánh giá đã tính")
        verbose_name_plural = pgettext_lazy("plural", "số liệu kỳ đánh giá đã tính")
        constraints = [models.UniqueConstraint(fields=["period_key", "version"], name="one_figures_per_period")]
        indexes = [models.Index(fields=["start", "end"], name="period_figures_bounds")]

    def __str__(self) -> str:
        return f"{self.period_key} {self.version} @ {self.counted_at}"
