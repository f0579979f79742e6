"""Rebuilding the read model from the history, and proving the live one equal to it (`lienthong reports_rebuild`).

Dossiers are read in id ranges (`BATCH` ids a range, six queries each), facts written with one COPY per range and
figures added per range — memory stays flat however many dossiers there are. Everything is one transaction, so
readers see the old model until the new one is whole. `--check` writes nothing: it compares every stored fact with
the one computed now, and the stored figures with the sum of the computed facts' contributions (this sum is held in
memory: one entry per day × agency × procedure × channel that has dossiers).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max, Min
from django.utils.translation import gettext as _

from lienthong.complaints.models import Complaint
from lienthong.core.bulk import rows_copy
from lienthong.core.progress import Progress
from lienthong.dossiers.models import Dossier
from lienthong.feedback.models import Rating
from lienthong.reports.constants import FIGURE_COUNTERS, FIGURE_KEYS
from lienthong.reports.facts import facts_compute
from lienthong.reports.figure_store import figures_touch_all
from lienthong.reports.figures import Figures, fact_contribution, figures_add
from lienthong.reports.freshness import everything_touch
from lienthong.reports.models import ComplaintFact, DailyFigure, DossierFact, RatingFact
from lienthong.reports.petition_facts import (
    complaint_fact_as_dict,
    complaint_facts_compute,
    rating_fact_as_dict,
    rating_facts_compute,
)
from lienthong.reports.services import fact_as_dict, figures_increment

BATCH = 5000
SHOWN = 20  # differences kept for the report


@dataclass
class RebuildReport:
    dossiers: int = 0
    facts_differing: int = 0
    figures_differing: int = 0
    complaints: int = 0
    ratings: int = 0
    complaint_facts_differing: int = 0
    rating_facts_differing: int = 0
    samples: list[str] = field(default_factory=list)

    @property
    def equal(self) -> bool:
        return not (
            self.facts_differing
            or self.figures_differing
            or self.complaint_facts_differing
            or self.rating_facts_differing
        )

    def differ(self, what: str) -> None:
        if len(self.samples) < SHOWN:
            self.samples.append(what)


def _id_bounds() -> tuple[int, int]:
    dossiers = Dossier.objects.aggregate(lo=Min("pk"), hi=Max("pk"))
    facts = DossierFact.objects.aggregate(lo=Min("pk"), hi=Max("pk"))
    los = [v for v in (dossiers["lo"], facts["lo"]) if v is not None]
    his = [v for v in (dossiers["hi"], facts["hi"]) if v is not None]
    return (min(los), max(his) + 1) if los else (0, 0)


def reports_rebuild(*, check: bool = False, progress: Progress | None = None, batch: int = BATCH) -> RebuildReport:
    """Recompute every fact from the history and every figure from the facts; with `check`, only compare."""
    progress = progress or Progress(None)
    report, expected = RebuildReport(), defaultdict(Counter)
    total, (lo, end) = Dossier.objects.filter(event_seq__gt=0).count(), _id_bounds()
    with transaction.atomic():
        if not check:
            DailyFigure.objects.all().delete()
        for start in range(lo, end, batch):
            facts = facts_compute(start, start + batch)
            contribution: Figures = defaultdict(Counter)
            for fact in facts.values():
                figures_add(contribution, fact_contribution(fact))
            if check:
                _compare_facts(report, facts, start, start + batch)
                figures_add(expected, contribution)
            else:
                _write_facts(facts, start, start + batch)
                figures_increment(contribution)
            report.dossiers += len(facts)
            progress.count(_("Dữ kiện hồ sơ"), report.dossiers, total)
        _petitions_rebuild(report, check=check, progress=progress, batch=batch)
    if check:
        _compare_figures(report, expected)
    else:
        everything_touch()  # every cached score may have moved
        figures_touch_all()  # and no stored figures are current
    return report


def _bounds(source, fact) -> tuple[int, int]:
    """[lo, hi) covering the ids of both tables (a fact left of a record since deleted is found too)."""
    values = [v for model in (source, fact) for v in model.objects.aggregate(lo=Min("pk"), hi=Max("pk")).values()]
    values = [v for v in values if v is not None]
    return (min(values), max(values) + 1) if values else (0, 0)


def _petitions_rebuild(report: RebuildReport, *, check: bool, progress: Progress, batch: int) -> None:
    """The complaints' facts from their rows and events, the ratings' from the ratings — or, with `check`, the
    stored ones compared with them."""
    kinds = [
        (Complaint, ComplaintFact, "complaint_id", complaint_facts_compute, complaint_fact_as_dict,
         "complaints", "complaint_facts_differing", _("phản ánh, kiến nghị %(id)s: %(fields)s")),
        (Rating, RatingFact, "dossier_id", rating_facts_compute, rating_fact_as_dict,
         "ratings", "rating_facts_differing", _("đánh giá hồ sơ %(id)s: %(fields)s")),
    ]  # fmt: skip
    for source, model, key, compute, as_dict, counted, differing, sample in kinds:
        lo, end = _bounds(source, model) if source is Complaint else _rating_bounds()
        for start in range(lo, end, batch):
            facts = compute(start, start + batch)
            in_range = model.objects.filter(pk__gte=start, pk__lt=start + batch)
            if check:
                stored = {getattr(f, key): as_dict(f) for f in in_range}
                for pk in sorted(stored.keys() | facts.keys()):
                    live, rebuilt = stored.get(pk), facts.get(pk)
                    if live != rebuilt:
                        setattr(report, differing, getattr(report, differing) + 1)
                        changed = sorted(k for k in (live or rebuilt) if (live or {}).get(k) != (rebuilt or {}).get(k))
                        report.differ(sample % {"id": pk, "fields": ", ".join(changed)})
            else:
                in_range.delete()
                model.objects.bulk_create(
                    [model(**{key: pk}, **values) for pk, values in facts.items()], batch_size=1000
                )
            setattr(report, counted, getattr(report, counted) + len(facts))


def _rating_bounds() -> tuple[int, int]:
    """Ratings' facts are keyed by their dossier."""
    values = [
        *Rating.objects.aggregate(lo=Min("dossier_id"), hi=Max("dossier_id")).values(),
        *RatingFact.objects.aggregate(lo=Min("pk"), hi=Max("pk")).values(),
    ]
    values = [v for v in values if v is not None]
    return (min(values), max(values) + 1) if values else (0, 0)


def _write_facts(facts: dict[int, dict], lo: int, hi: int) -> None:
    DossierFact.objects.filter(pk__gte=lo, pk__lt=hi).delete()
    rows_copy(DossierFact, [DossierFact(dossier_id=pk, **values) for pk, values in facts.items()])


def _compare_facts(report: RebuildReport, facts: dict[int, dict], lo: int, hi: int) -> None:
    stored = {fact.pk: fact_as_dict(fact) for fact in DossierFact.objects.filter(pk__gte=lo, pk__lt=hi, version__gt=0)}
    for pk in sorted(stored.keys() | facts.keys()):
        live, rebuilt = stored.get(pk), facts.get(pk)
        if live != rebuilt:
            report.facts_differing += 1
            changed = sorted(k for k in (live or rebuilt) if (live or {}).get(k) != (rebuilt or {}).get(k))
            report.differ(_("hồ sơ %(id)s: %(fields)s") % {"id": pk, "fields": ", ".join(changed)})


def _compare_figures(report: RebuildReport, expected: Figures) -> None:
    live: dict[tuple, tuple] = {}
    for row in DailyFigure.objects.values_list(*FIGURE_KEYS, *FIGURE_COUNTERS).iterator(5000):
        key, counters = tuple(row[: len(FIGURE_KEYS)]), tuple(row[len(FIGURE_KEYS) :])
        if any(counters):  # a figure brought back to zero by the live handler is no figure
            live[key] = counters
    rebuilt = {
        key: values
        for key, counters in expected.items()
        if any(values := tuple(int(counters[name]) for name in FIGURE_COUNTERS))
    }
    for key in sorted(live.keys() | rebuilt.keys(), key=str):
        if live.get(key) != rebuilt.get(key):
            report.figures_differing += 1
            report.differ(_("số liệu %(key)s: %(live)s ≠ %(rebuilt)s")
                          % {"key": key, "live": live.get(key), "rebuilt": rebuilt.get(key)})  # fmt: skip
