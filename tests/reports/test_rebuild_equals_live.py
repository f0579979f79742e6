"""Item 12.4–12.5: the read model rebuilt from the history equals the one kept live, over random lifecycles; and
`reports_rebuild --check` says so, or fails when a figure was tampered with."""

import datetime as dt

import pytest
from django.core.exceptions import ObjectDoesNotExist
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lienthong.dossiers.services import DossierError
from lienthong.reports.models import DailyFigure, DossierFact
from lienthong.reports.rebuild import reports_rebuild
from lienthong.reports.selectors import COUNTER_CONDITIONS, facts_list, figures_by
from tests.reports.conftest import at

pytestmark = pytest.mark.django_db
ACTIONS = ["supplement", "supplement_received", "forward", "finish", "give_back", "give_back_e", "refuse"]
DOSSIERS = 3
COUNTED = [name for name in COUNTER_CONDITIONS if not name.endswith("_seconds")]


def snapshot() -> tuple[dict, dict]:
    facts = {f.pk: {k: v for k, v in vars(f).items() if not k.startswith("_")} for f in DossierFact.objects.all()}
    figures = {
        (r.day, r.agency_id, r.procedure_id, r.field_id, r.level, r.channel): tuple(
            v for k, v in vars(r).items() if k not in {"_state", "id", "day", "agency_id", "procedure_id",
                                                        "field_id", "level", "channel"}
        )
        for r in DailyFigure.objects.all()
        if any(getattr(r, name) for name in COUNTER_CONDITIONS)
    }  # fmt: skip
    return facts, figures


def play(walk, starts: list[bool], steps: list[tuple[int, str]]) -> list:
    """Start each dossier (online or at the counter) and apply the steps; an action the dossier's state forbids is
    skipped, as the back office would refuse it."""
    dossiers = []
    when = at(2, 8)
    for online in starts:
        dossiers.append(walk.submit(when) if online else walk.receive(when))
        when += dt.timedelta(minutes=30)
    for n, action in steps:
        dossier, when = dossiers[n % len(dossiers)], when + dt.timedelta(hours=5)
        try:
            if action == "forward" and dossier.received_at is None:
                walk.receive_submitted(dossier, when)
            elif action.startswith("give_back"):
                walk.give_back(dossier, when, electronic=action == "give_back_e")
            else:
                getattr(walk, action)(dossier, when)
        except (DossierError, ObjectDoesNotExist):  # refused by a guard, or no step to complete
            pass
        dossiers[n % len(dossiers)] = type(dossier).objects.get(pk=dossier.pk)
    return dossiers


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    starts=st.lists(st.booleans(), min_size=1, max_size=DOSSIERS),
    steps=st.lists(st.tuples(st.integers(0, DOSSIERS - 1), st.sampled_from(ACTIONS)), max_size=12),
)
def test_rebuilt_read_model_equals_the_live_one(walk, two_supplements_allowed, starts, steps):
    # (the examples share the test's database: each adds its dossiers to those of the examples before it)
    play(walk, starts, steps)
    live = snapshot()

    assert reports_rebuild(check=True).equal
    reports_rebuild()
    assert snapshot() == live

    # every figure equals the length of the list of dossiers behind it, whatever the grouping
    march = {"start": dt.date(2026, 3, 1), "end": dt.date(2026, 3, 31)}
    for row in figures_by(**march, group_by=["channel"]):
        for counter in COUNTED:
            listed = facts_list(filters={"counter": counter, "channel": row["channel"], **march})
            assert row[counter] == len(listed), counter


def test_check_fails_when_a_figure_is_tampered_with(walk, capsys):
    dossier = walk.receive(at(2, 9))
    walk.forward(dossier, at(2, 10))
    call_command("reports_rebuild", "--check")
    assert "khớp" in capsys.readouterr().out

    DailyFigure.objects.filter(received=1).update(received=2)

    with pytest.raises(SystemExit) as exit_:
        call_command("reports_rebuild", "--check")
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert "0 dữ kiện hồ sơ, 1 số liệu theo ngày" in err

    # and a rebuild repairs it
    call_command("reports_rebuild")
    assert reports_rebuild(check=True).equal
    assert DailyFigure.objects.get().received == 1


def test_check_fails_when_a_fact_is_tampered_with(walk):
    dossier = walk.receive(at(2, 9))
    DossierFact.objects.filter(pk=dossier.pk).update(is_on_time=False)

    report = reports_rebuild(check=True)

    assert (report.facts_differing, report.figures_differing) == (1, 0)
    assert "is_on_time" in report.samples[0]
