"""Issue 17 §1: with LIENTHONG_S3_BUCKET set, a file received at the desk or through the systems' API lands in the
object store (a real SeaweedFS) and nothing in the node's media folder; it downloads through the permission checks
of the page, or as a signed, short-lived link the store honours and an unsigned URL does not; an object gone from
the store is a 404 in Vietnamese, never a 500."""

import dataclasses
import io
import urllib.error
import urllib.request
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lienthong.dossiers.models import Attachment
from lienthong.storageconfig import FILESYSTEM, S3, S3Config, storage_config
from tests.backoffice.web_given import PDF, intake_post, latest, signed_in
from tests.ops.conftest import store_keys
from tests.processes import free_port

pytestmark = pytest.mark.django_db


def _media_files(settings) -> list:
    return [path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()] if settings.MEDIA_ROOT.exists() else []


def _desk_receives_with_a_scan(province, officers, procedure):
    desk = signed_in(officers, "receiver@commune_centre")
    form_url = reverse("backoffice:intake_form", args=[province["commune_centre"].pk, procedure.pk])
    scan = SimpleUploadedFile("don-dang-ky.pdf", PDF, content_type="application/pdf")
    first = procedure.documents.get(position=1)
    response = desk.post(form_url, intake_post(procedure, **{f"scan_{first.pk}": scan}))
    assert response.status_code == 302, response.content.decode()[:500]
    dossier = latest()
    return desk, dossier, Attachment.objects.get(dossier=dossier)


def _download_url(attachment: Attachment) -> str:
    return reverse("backoffice:attachment", args=[attachment.dossier_id, attachment.pk])


def test_a_scan_received_at_the_desk_is_in_the_bucket_and_not_on_the_node(
    seaweed,
    store,
    settings,
    province,
    officers,
    procedure,
):
    desk, dossier, attachment = _desk_receives_with_a_scan(province, officers, procedure)

    assert store_keys(seaweed, store) == [attachment.file.name]
    assert attachment.file.name.startswith(f"dossiers/{dossier.pk}/")
    assert _media_files(settings) == []
    stored = (
        seaweed.client().get_object(Bucket=store.bucket, Key=f"{store.prefix}/{attachment.file.name}")["Body"].read()
    )
    assert stored == PDF

    download = desk.get(_download_url(attachment))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["Content-Type"] == "application/pdf"


def test_a_result_sent_through_the_api_is_in_the_bucket_and_not_on_the_node(
    seaweed,
    store,
    settings,
    api,
    local_procedure,
    new_dossier,
):
    code = api.post("/dossiers", new_dossier("MC-S3")).json()["code"]
    upload = io.BytesIO(PDF)
    upload.name = "ket-qua.pdf"

    response = api.post(f"/dossiers/{code}/results", data={"file": upload})

    assert response.status_code == 201, response.content
    attachment = Attachment.objects.get(pk=response.json()["id"])
    assert store_keys(seaweed, store) == [attachment.file.name]
    assert _media_files(settings) == []


def test_a_signed_link_opens_the_private_object_and_an_unsigned_one_does_not(
    seaweed,
    store,
    settings,
    province,
    officers,
    procedure,
):
    desk, _dossier, attachment = _desk_receives_with_a_scan(province, officers, procedure)
    settings.LIENTHONG_S3 = dataclasses.replace(store, signed_links=True)

    response = desk.get(_download_url(attachment))

    assert response.status_code == 302
    link = response["Location"]
    assert link.startswith(f"{seaweed.endpoint_url}/{store.bucket}/{store.prefix}/dossiers/")
    assert "X-Amz-Signature=" in link and "X-Amz-Expires=60" in link
    with urllib.request.urlopen(link, timeout=10) as fetched:  # noqa: S310 — the local store
        assert fetched.read() == PDF
        assert "attachment" in fetched.headers["Content-Disposition"]
        assert "don-dang-ky.pdf" in fetched.headers["Content-Disposition"]
    bare = link.split("?", 1)[0]
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(bare, timeout=10)  # noqa: S310
    assert refused.value.code == 403  # the bucket is private: no URL without a signature opens it
    # and an outsider never gets the link: the page's permission check comes first
    stranger = signed_in(officers, "receiver@department")
    assert stranger.get(_download_url(attachment)).status_code == 404
    assert urlsplit(link).hostname == "127.0.0.1"


@pytest.mark.parametrize("signed_links", [False, True], ids=["streamed", "signed-link"])
def test_an_object_gone_from_the_store_is_a_vietnamese_404_not_a_500(
    seaweed,
    store,
    settings,
    province,
    officers,
    procedure,
    signed_links,
):
    desk, _dossier, attachment = _desk_receives_with_a_scan(province, officers, procedure)
    settings.LIENTHONG_S3 = dataclasses.replace(store, signed_links=signed_links)
    seaweed.client().delete_object(Bucket=store.bucket, Key=f"{store.prefix}/{attachment.file.name}")

    response = desk.get(_download_url(attachment))

    assert response.status_code == 404
    assert "Tệp này không còn trong kho lưu trữ" in response.content.decode()


def test_local_disk_is_the_default_and_a_bucket_switches_to_private_signed_s3():
    assert storage_config(s3=S3Config())["BACKEND"] == FILESYSTEM
    config = storage_config(s3=S3Config(bucket="tinh", endpoint_url="http://seaweedfs:8333", link_seconds=120))
    assert config["BACKEND"] == S3
    options = config["OPTIONS"]
    assert (options["bucket_name"], options["endpoint_url"]) == ("tinh", "http://seaweedfs:8333")
    assert options["default_acl"] is None and options["querystring_auth"] is True
    assert options["querystring_expire"] == 120 and options["file_overwrite"] is False


@pytest.mark.parametrize("bad", [{"addressing_style": "dns"}, {"link_seconds": 0}])
def test_a_malformed_store_setting_is_refused(bad):
    with pytest.raises(ValueError, match="LIENTHONG_S3_"):
        storage_config(s3=S3Config(bucket="tinh", **bad))


def test_a_store_that_does_not_answer_is_a_vietnamese_503_not_a_500(
    seaweed, store, settings, province, officers, procedure
):
    desk, _dossier, attachment = _desk_receives_with_a_scan(province, officers, procedure)
    gone = dataclasses.replace(store, endpoint_url=f"http://127.0.0.1:{free_port()}")  # nobody listens there
    settings.LIENTHONG_S3 = gone
    settings.STORAGES = {**settings.STORAGES, "default": storage_config(s3=gone)}

    response = desk.get(_download_url(attachment))

    assert response.status_code == 503
    assert response["Retry-After"]
    assert "Kho lưu trữ tệp chưa trả lời" in response.content.decode()
