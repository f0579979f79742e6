"""Decision 766 metric 1.4 (`DOSSIER_SYNC`) per receiving agency, from the read model: the dossiers it received in a
period, how many of them the national portal holds as received, and the engine's rate and points for them — what
the connection board and the monthly compliance report show.

The count is one grouped statement over the facts (`DossierFact.agency_id` is the receiving agency); "synced" is
the engine's own condition (`scoring.figure_conditions`), which reads the fact's sync state as
`facts.fact_sync_state` derives it; the points are `kpi766.score_unit` of those two figures, so the board and the
index can never score the share differently.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count

from lienthong.reports.kpi766 import CURRENT_VERSION, score_unit
from lienthong.reports.models import DossierFact
from lienthong.reports.scoring import figure_conditions

INDICATOR = "DOSSIER_SYNC"  # 766 metric 1.4 in the formula versions' data


@dataclass(frozen=True)
class SyncShare:
    """One receiving agency's dossiers received in the period and those the portal holds as received, with the
    engine's 1.4 for them (`rate` 0..1, `points` out of `max_points`)."""

    agency_id: int
    received: int
    synced: int
    rate: Decimal = Decimal(0)
    points: Decimal = Decimal(0)
    max_points: Decimal = Decimal(0)

    @property
    def share(self) -> float | None:
        return self.synced / self.received if self.received else None


def sync_share_by_agency(
    *, start: dt.datetime, end: dt.datetime, agency_ids: list[int] | None = None, version: str = CURRENT_VERSION
) -> list[SyncShare]:
    """Per receiving agency, the dossiers received in [start, end) and those synced after their receipt, by agency
    id; one statement whatever the number of agencies. Agencies that received nothing are absent (no share)."""
    facts = DossierFact.objects.filter(received_at__gte=start, received_at__lt=end)
    if agency_ids is not None:
        facts = facts.filter(agency_id__in=agency_ids)
    synced = figure_conditions(period_end=end, version=version)["dossiers_synced"]
    rows = facts.values("agency_id").annotate(received=Count("pk"), synced=Count("pk", filter=synced))
    shares = []
    for row in rows.order_by("agency_id"):
        score = score_unit(
            counts={"dossiers_received": row["received"], "dossiers_synced": row["synced"]}, version=version
        ).indicators[INDICATOR]
        shares.append(
            SyncShare(row["agency_id"], row["received"], row["synced"], score.rate, score.points, score.max_points)
        )
    return shares
