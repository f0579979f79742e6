"""Officers of agencies that have nothing to do with a dossier walk every back-office URL (`backoffice.urls`, read
from the URLconf so a new route is walked too): each one naming the dossier answers 404 — the same as for a dossier
that does not exist, so ids cannot be probed — its lists and search do not show it, its desk's intake is closed to
them, and nothing of the dossier changes."""

import itertools

import pytest
from django.urls import reverse

from lienthong.backoffice import urls
from lienthong.backoffice.actions import ACTIONS
from lienthong.dossiers.models import Dossier
from lienthong.dossiers.models.documents import DocumentKind
from lienthong.dossiers.selectors import Box
from tests.backoffice import scope_given as given
from tests.backoffice.scope_given import Snapshot, as_officer, dossier_url

pytestmark = pytest.mark.django_db

# The neighbouring commune's desk, handlers and monitor, and the provincial centre's desk and handlers (not its
# monitor: the province's monitor reads every dossier of the province, see test_monitors_read_*).
OUTSIDERS = ("receiver@other_centre", "monitor@other_centre", "specialist@other_committee", "leader@other_committee",
             "receiver@centre", "specialist@centre", "it_officer@centre", "finance@centre")  # fmt: skip
# Routes that name no dossier, and what this file checks of each (the others all carry `dossier_id`).
NOT_OF_A_DOSSIER = {
    "login": "public: tests/meta/test_every_route_is_classified.py",
    "logout": "public",
    "inbox": "test_the_dossier_is_in_no_inbox_and_no_search_of_an_outsider",
    "search": "test_the_dossier_is_in_no_inbox_and_no_search_of_an_outsider",
    "bulk": "test_bulk_forward_and_assign_skip_other_agencies_dossiers.py",
    "intake": "test_the_dossiers_desk_is_closed_to_outsiders",
    "intake_form": "test_the_dossiers_desk_is_closed_to_outsiders",
    "message_rates": "tests/notify/test_officers_resend_a_message_and_the_it_officer_sees_delivery_rates.py",
    "message_templates": "tests/notify/test_every_letter_has_a_versioned_template_per_event_and_channel.py",
    "message_template_edit": "tests/notify/test_the_it_officer_writes_a_new_version_of_a_template.py",
    "reconciliation": "tests/payments/test_the_nightly_reconciliation_lists_every_mismatch.py",
    "reconciliation_detail": "tests/payments/test_the_nightly_reconciliation_lists_every_mismatch.py",
    "collections": "tests/payments/test_the_nightly_reconciliation_lists_every_mismatch.py",
}


def _values(dossier: Dossier) -> dict[str, list]:
    """What each route parameter takes, for the dossier under test: every action, every form in every format."""
    return {
        "dossier_id": [dossier.pk],
        "name": sorted(ACTIONS),
        "kind": [kind.value for kind in DocumentKind],
        "fmt": ["pdf", "xlsx"],
        "attachment_id": [dossier.attachments.get().pk],
        # a message of the dossier if it has one; the dossier is refused before the message is looked at anyway
        "message_id": list(dossier.messages.values_list("pk", flat=True)[:1]) or [1],
        "receipt_id": [_receipt(dossier).pk],
    }


def _receipt(dossier: Dossier):
    """An e-receipt of the dossier's fee, paid at the desk (rows written as the payments services would)."""
    from lienthong.payments.models import EReceipt, FeeDemand, PaymentTransaction

    demand = FeeDemand.objects.create(dossier=dossier, total=50000, state="paid")
    line = demand.lines.create(kind="le_phi", code="LP-01", name="Lệ phí", amount=50000, due="receipt")
    tx = PaymentTransaction.objects.create(demand=demand, reference=f"LTTEST{dossier.pk:08d}", provider="cash",
                                           amount=50000, state="paid")  # fmt: skip
    return EReceipt.objects.get_or_create(transaction=tx, line=line, key=f"{tx.reference}-{line.pk}", amount=50000,
                                          payer_name="Người nộp", state="issued", number="0000001")[0]  # fmt: skip


def _dossier_urls(dossier: Dossier) -> list[tuple[str, str]]:
    """(method, URL) of every route naming a dossier, with every combination of its parameters."""
    values, walked = _values(dossier), []
    for pattern in urls.urlpatterns:
        params = list(pattern.pattern.converters)
        if "dossier_id" not in params:
            continue
        unknown = [param for param in params if param not in values]
        assert not unknown, f"route {pattern.name!r}: tell _values() what {unknown} takes"
        # the actions, the resend and the receipts' changes are POST-only (405 on GET)
        method = "post" if pattern.name in ("action", "message_resend", "receipt_change") else "get"
        for combination in itertools.product(*(values[param] for param in params)):
            kwargs = dict(zip(params, combination, strict=True))
            walked.append((method, reverse(f"backoffice:{pattern.name}", kwargs=kwargs)))
    return walked


@pytest.fixture
def dossier(province, officers, procedure):
    """At the department, with a scan, a receipt and a control slip — every URL of it has something behind it."""
    return given.at_department(province, officers, procedure)


def test_every_back_office_route_is_walked_by_these_tests():
    names = {pattern.name for pattern in urls.urlpatterns}
    of_a_dossier = {p.name for p in urls.urlpatterns if "dossier_id" in p.pattern.converters}
    assert names - of_a_dossier <= set(NOT_OF_A_DOSSIER), "say in NOT_OF_A_DOSSIER which test covers the new route"
    assert {"dossier", "action", "document", "attachment"} <= of_a_dossier  # the walk below finds them


def test_every_url_of_the_dossier_answers_404_to_outsiders(dossier, officers, neighbours):
    everyone = officers | neighbours["officers"]
    walked = _dossier_urls(dossier)
    assert len(walked) >= len(ACTIONS) + len(DocumentKind) * 2 + 2
    before, dossiers = Snapshot.of(dossier), Dossier.objects.count()
    # given the officers who handle it reach its page and its scan
    handler = as_officer(officers["specialist@department"])
    assert handler.get(dossier_url(dossier)).status_code == 200
    scan = handler.get(reverse("backoffice:attachment", args=[dossier.pk, dossier.attachments.get().pk]))
    assert scan.status_code == 200 and b"".join(scan.streaming_content).startswith(b"%PDF-")

    for key in OUTSIDERS:
        client = as_officer(everyone[key])
        for method, url in walked:
            # when an outsider asks for it
            response = getattr(client, method)(url)
            # then it does not exist for them
            assert response.status_code == 404, (key, method, url, response.status_code)

    assert Snapshot.of(dossier) == before and Dossier.objects.count() == dossiers


def test_a_dossier_that_does_not_exist_answers_the_same_404(dossier, officers, neighbours):
    outsider = as_officer(neighbours["officers"]["receiver@other_centre"])
    missing = outsider.get(reverse("backoffice:dossier", args=[dossier.pk + 1000]))
    hidden = outsider.get(dossier_url(dossier))
    assert missing.status_code == hidden.status_code == 404
    # the same page, but for the header's per-request parts (the form token, the language switch's way back)
    assert _main(missing) == _main(hidden) and "Không tìm thấy hồ sơ trong phạm vi của bạn." in _main(hidden)


def _main(response) -> str:
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


def _shown(page: str, dossier: Dossier) -> bool:
    """A row of the dossier links to its page (its code alone may be the query echoed back)."""
    return f'href="{dossier_url(dossier)}"' in page


def test_the_dossier_is_in_no_inbox_and_no_search_of_an_outsider(dossier, province, officers, procedure, neighbours):
    everyone = officers | neighbours["officers"]
    # given the same applicant also filed at the neighbouring commune, whose desk finds that one
    theirs = given.receive(
        province, everyone, procedure, desk="receiver@other_centre", agency=neighbours["other_centre"]
    )
    queries = [dossier.code, "nguyen thi HOA", dossier.applicant_id_number]
    neighbour_desk = as_officer(everyone["receiver@other_centre"])
    assert _shown(neighbour_desk.get(reverse("backoffice:inbox")).content.decode(), theirs)
    assert _shown(neighbour_desk.get(reverse("backoffice:search"), {"q": "nguyen thi hoa"}).content.decode(), theirs)
    # and the dossier's own desk finds it by each query
    desk = as_officer(officers[given.DESK])
    for query in queries:
        assert _shown(desk.get(reverse("backoffice:search"), {"q": query}).content.decode(), dossier), query

    for key in OUTSIDERS:
        client = as_officer(everyone[key])
        for box in Box.values:
            # when an outsider opens each of their boxes, or searches
            page = client.get(reverse("backoffice:inbox"), {"box": box}).content.decode()
            # then the dossier is not there
            assert not _shown(page, dossier), (key, box)
        for query in queries:
            page = client.get(reverse("backoffice:search"), {"q": query}).content.decode()
            assert not _shown(page, dossier), (key, query)


def test_the_dossiers_desk_is_closed_to_outsiders(dossier, province, officers, procedure, neighbours):
    everyone = officers | neighbours["officers"]
    desk_name, dossiers = province["commune_centre"].name, Dossier.objects.count()
    form_url = reverse("backoffice:intake_form", args=[province["commune_centre"].pk, procedure.pk])
    for key in OUTSIDERS:
        client = as_officer(everyone[key])
        # when an outsider opens the intake (their own desk's, if they are a desk) or the dossier's desk's form
        start = client.get(reverse("backoffice:intake"))
        # then the dossier's desk is not theirs to receive at
        assert start.status_code == 403 or desk_name not in start.content.decode(), key
        # a desk elsewhere finds no such desk of theirs; any other officer is refused the intake itself
        shut = 404 if "receiver@" in key else 403
        assert client.get(form_url).status_code == shut, key
        assert client.post(form_url, {"applicant_name": "X"}).status_code == shut, key
    assert Dossier.objects.count() == dossiers
