"""Issue 14, part 2: the tests' PKI is certomancer's, served locally — its certificates sign results that validate
against its root alone; its OCSP and CRL say which signer is revoked, its TSA timestamps; never the OS's store."""

import datetime as dt

import requests
from asn1crypto import crl, ocsp, tsp
from cryptography import x509

from lienthong.signing import pdf
from lienthong.signing.constants import Profile, Status
from lienthong.signing.verify import pdf_verify
from tests.signing.given import a_pdf


def _serial(pki, label: str) -> int:
    return pki.certificate(label).serial_number


def test_a_leader_of_the_pki_signs_a_result_valid_under_its_root_only(pki, ca):
    stamp = pdf.StampInfo(signer_name="Trần Văn Bình", agency_name="Sở Tài nguyên và Môi trường")
    signed = pdf.sign(a_pdf(), profile=Profile.RESULT_AGENCY, signer=pki.signer("leader"), stamp=stamp)

    assert pdf_verify(signed, trust_roots=[pki.root]).status == Status.VALID
    assert pdf_verify(signed, trust_roots=[ca.authority.certificate]).status == Status.UNTRUSTED


def test_its_crl_lists_the_revoked_leader_and_not_the_other(pki):
    (point,) = pki.certificate("leader").extensions.get_extension_for_class(x509.CRLDistributionPoints).value
    answer = requests.get(point.full_name[0].value, timeout=10)
    assert answer.status_code == 200 and answer.url.startswith(pki.url)

    revoked = {entry["user_certificate"].native for entry in crl.CertificateList.load(answer.content)
               ["tbs_cert_list"]["revoked_certificates"]}  # fmt: skip
    assert revoked == {_serial(pki, "revoked-leader")}


def _ocsp_status(pki, label: str) -> str:
    issuer = pki.arch.get_cert("interm")
    cert = pki.arch.get_cert(label)
    request = ocsp.OCSPRequest({"tbs_request": {"request_list": [{"req_cert": {
        "hash_algorithm": {"algorithm": "sha1"},
        "issuer_name_hash": cert.issuer.sha1,
        "issuer_key_hash": issuer.public_key.sha1,
        "serial_number": cert.serial_number,
    }}]}})  # fmt: skip
    (url,) = [d["access_location"] for d in cert.authority_information_access_value.native
              if d["access_method"] == "ocsp"]  # fmt: skip
    answer = requests.post(url, data=request.dump(), headers={"Content-Type": "application/ocsp-request"}, timeout=10)
    response = ocsp.OCSPResponse.load(answer.content)
    (single,) = response.basic_ocsp_response["tbs_response_data"]["responses"]
    return single["cert_status"].name


def test_its_ocsp_responder_answers_good_and_revoked(pki):
    assert _ocsp_status(pki, "leader") == "good"
    assert _ocsp_status(pki, "revoked-leader") == "revoked"


def test_its_tsa_timestamps_a_digest_with_the_time_of_now(pki):
    request = tsp.TimeStampReq({"version": 1, "message_imprint": {"hash_algorithm": {"algorithm": "sha256"},
                                "hashed_message": bytes(32)}, "cert_req": True})  # fmt: skip
    answer = requests.post(pki.tsa_url, data=request.dump(), headers={"Content-Type": "application/timestamp-query"},
                           timeout=10)  # fmt: skip
    response = tsp.TimeStampResp.load(answer.content)
    assert response["status"]["status"].native == "granted"
    info = response["time_stamp_token"]["content"]["encap_content_info"]["content"].parsed
    assert abs(info["gen_time"].native - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)
