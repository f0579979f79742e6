"""Signing and verifying result PDFs (issue 14, item 6): documents signed per second and verifications per second,
for a one-page and a 200-page result, beside the cost of rendering the same PDF unsigned with WeasyPrint (what the
province's templates do) in the same run.

    .venv/bin/python bench/signing.py [--repeat 20] [--no-ltv]

Signing is PAdES B-B with a software key (a PKCS#12 file of the development CA, P-256), as the demo signs, and —
unless --no-ltv, and when the test extra is installed — PAdES B-LT against certomancer's PKI served locally
(tests/signing/pki.py: a timestamp and the chain's OCSP/CRL fetched over loopback HTTP at every signing).
Verification is `verify.pdf_verify` with fetching off, as the public page runs it by default. The figures and the
load average go in docs/performance.md.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _timed(function, repeat: int) -> float:
    """The median of `repeat` runs, in seconds (after one warm-up run: fonts, caches)."""
    function()
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def _render(pages: int) -> bytes:
    import weasyprint

    body = "".join(
        f"<section style='page-break-after: always'><h1>Giấy chứng nhận quyền sử dụng đất</h1>"
        f"<p>Trang {n}: Ủy ban nhân dân tỉnh chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở.</p></section>"
        for n in range(1, pages + 1)
    )
    return weasyprint.HTML(string=f"<html lang='vi'><body>{body}</body></html>").write_pdf()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20, help="timed runs per figure (the median is reported)")
    parser.add_argument("--no-ltv", action="store_true", help="skip B-LT (needs certomancer, the test extra)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="lienthong-bench-signing-"))
    os.environ.setdefault("LIENTHONG_DATA_DIR", str(folder))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lienthong.settings")
    os.environ.setdefault("LIENTHONG_LOG_LEVEL", "WARNING")  # not the fonts' subsetting, line by line
    import django

    django.setup()
    from lienthong.signing import devca, pdf
    from lienthong.signing.constants import Profile
    from lienthong.signing.signers import Pkcs12Signer
    from lienthong.signing.verify import pdf_verify

    authority = devca.authority_create(name="Bench Root CA")
    key, certificate = devca.signer_issue(authority, common_name="Trần Văn Bình", organisation="Sở Tài chính")
    secret = "bench-" + os.urandom(4).hex()  # a throw-away key's passphrase
    path = devca.pkcs12_write(folder / "leader.p12", key=key, certificate=certificate, authority=authority,
                              passphrase=secret)  # fmt: skip
    signer = Pkcs12Signer(path=path, passphrase=secret)
    stamp = pdf.StampInfo(signer_name="Trần Văn Bình", agency_name="Sở Tài chính", document_number="125/GCN",
                          url="https://dichvucong.example.vn/v/000.00.01.H22-261207-0001/abc/")  # fmt: skip
    ltv_signer = ltv_params = ltv_root = None
    if not args.no_ltv:
        try:
            from tests.signing.pki import pki_start
        except ImportError:
            print("B-LT skipped: certomancer is not installed (pip install -e '.[test]')")
        else:
            (folder / "pki").mkdir()
            pki = pki_start(folder / "pki")
            ltv_signer, ltv_params, ltv_root = pki.signer("leader"), pdf.Ltv(pki.tsa_url, (pki.root,)), pki.root

    print(f"load average before: {' '.join(f'{v:.2f}' for v in os.getloadavg())}; repeat {args.repeat} (median)")
    print("| pages | render unsigned | sign B-B | sign ÷ render | B-B signed/s | verify | verified/s |"
          + (" sign B-LT | B-LT ÷ render | verify B-LT |" if ltv_params else ""))  # fmt: skip
    print("|---|---|---|---|---|---|---|" + ("---|---|---|" if ltv_params else ""))
    for pages in (1, 200):
        document = _render(pages)
        render = _timed(lambda pages=pages: _render(pages), max(3, args.repeat // (4 if pages > 1 else 1)))
        signed = pdf.sign(document, profile=Profile.RESULT_AGENCY, signer=signer, stamp=stamp)
        assert pdf_verify(signed, trust_roots=[authority.certificate]).status == "valid"
        sign = _timed(lambda d=document: pdf.sign(d, profile=Profile.RESULT_AGENCY, signer=signer, stamp=stamp),
                      args.repeat)  # fmt: skip
        verify = _timed(lambda s=signed: pdf_verify(s, trust_roots=[authority.certificate]), args.repeat)
        row = (f"| {pages} ({len(document) // 1024} kB) | {render * 1000:.0f} ms | {sign * 1000:.0f} ms | "
               f"{sign / render:.2f}× | {1 / sign:.1f} | {verify * 1000:.0f} ms | {1 / verify:.1f} |")  # fmt: skip
        if ltv_params:
            ltv_signed = pdf.sign(document, profile=Profile.RESULT_AGENCY, signer=ltv_signer, stamp=stamp,
                                  ltv=ltv_params)  # fmt: skip
            assert pdf_verify(ltv_signed, trust_roots=[ltv_root]).status == "valid"
            sign_ltv = _timed(lambda d=document: pdf.sign(d, profile=Profile.RESULT_AGENCY, signer=ltv_signer,
                                                          stamp=stamp, ltv=ltv_params), args.repeat)  # fmt: skip
            verify_ltv = _timed(lambda s=ltv_signed: pdf_verify(s, trust_roots=[ltv_root]), args.repeat)
            row += f" {sign_ltv * 1000:.0f} ms | {sign_ltv / render:.2f}× | {verify_ltv * 1000:.0f} ms |"
        print(row, flush=True)
    print(f"load average after: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
