"""The simulator refuses what the contract refuses (issue 19, point 3), so that a record it accepts is one the real
portal would accept: a table of rejected records and a table of rejected calls, each case naming the field at fault."""

import json
import urllib.request

import pytest

from lienthong.national.simulator import contract, simulator_running

RECORD = {
    "MaHoSo": "000.00.98.H19-260302-0001", "MaTTHC": "1.012753", "TenTTHC": "Đăng ký đất đai lần đầu",
    "MaLinhVuc": "H19-DATDAI", "TenLinhVuc": "Đất đai", "KenhThucHien": 2, "ChuHoSo": "Nguyễn Thị Hoa",
    "LoaiDoiTuong": 1, "TrichYeuHoSo": "Đăng ký đất đai lần đầu", "NgayNopHoSo": "20260302091500",
    "NgayTiepNhan": "20260303080000", "NgayHenTra": "20260306080000", "TrangThaiHoSo": 10, "DonViXuLy": "TTPVHCC",
    "NgayKetThucXuLy": "20260305100000", "NgayTra": "20260305150000",
    "TaiLieuNop": [{"TepDinhKemId": "7", "TenTepDinhKem": "don.pdf", "IsDeleted": False, "DuocSoHoa": 1,
                    "DuongDanTaiTepTin": "https://motcua.example.vn/lien-thong/dvcqg/tep/abc/"}],
    "DanhSachLePhi": [{"TenPhiLePhi": "Lệ phí", "Gia": 10000, "HinhThucThu": 1, "LoaiPhiLePhi": 1}],
    "DanhSachHoSoBoSung": [{"HoSoBoSungId": "000.00.98.H19-260302-0001-BS1", "NoiDungBoSung": "Bản sao sổ đỏ",
                            "NgayBoSung": "20260302100000", "TrangThaiBoSung": 1,
                            "NgayTiepNhanBoSung": "20260303080000"}],
    "DanhSachGiayToKetQua": [{"TenGiayTo": "Giấy chứng nhận", "GiayToId": "9", "MaGiayToKetQua": "GCN-123",
                              "DuongDanTepTinKetQua": "https://motcua.example.vn/lien-thong/dvcqg/tep/def/"}],
}  # fmt: skip


def _with(change: dict) -> dict:
    return {name: value for name, value in (RECORD | change).items() if value is not None}


def _item(name: str, **change) -> dict:
    """The record with the first item of list `name` changed (a value None removes the field)."""
    item = {key: value for key, value in (RECORD[name][0] | change).items() if value is not None}
    return RECORD | {name: [item]}


REJECTED_RECORDS = [
    # the dossier code: the national unit code, a real YYMMDD date, exactly four digits (Circular 01/2018 art. 19)
    ("date not a date", _with({"MaHoSo": "000.00.98.H19-261302-0001"}), "MaHoSo"),
    ("30 February", _with({"MaHoSo": "000.00.98.H19-260230-0001"}), "MaHoSo"),
    ("five-digit sequence", _with({"MaHoSo": "000.00.98.H19-260302-00001"}), "MaHoSo"),
    ("three-digit sequence", _with({"MaHoSo": "000.00.98.H19-260302-001"}), "MaHoSo"),
    ("agency part not QCVN 102", _with({"MaHoSo": "H19-260302-0001"}), "MaHoSo"),
    ("agency part short a digit", _with({"MaHoSo": "000.0.98.H19-260302-0001"}), "MaHoSo"),
    ("agency part lower case", _with({"MaHoSo": "000.00.98.h19-260302-0001"}), "MaHoSo"),
    ("agency part with a suffix", _with({"MaHoSo": "000.00.98.H19.1-260302-0001"}), "MaHoSo"),
    # field names: exactly as the contract spells them
    ("unknown field", _with({"MaHoSoQG": "G22-1"}), "MaHoSoQG"),
    ("mis-cased field", {**{k: v for k, v in RECORD.items() if k != "ChuHoSo"}, "chuHoSo": "Hoa"}, "chuHoSo"),
    (
        "mis-cased field is also missing",
        {**{k: v for k, v in RECORD.items() if k != "ChuHoSo"}, "chuHoSo": "Hoa"},
        "ChuHoSo",
    ),  # fmt: skip
    # types
    ("status as text", _with({"TrangThaiHoSo": "10"}), "TrangThaiHoSo"),
    ("channel as a boolean", _with({"KenhThucHien": True}), "KenhThucHien"),
    ("applicant as a number", _with({"ChuHoSo": 123}), "ChuHoSo"),
    ("blank applicant", _with({"ChuHoSo": "  "}), "ChuHoSo"),
    ("flag as text", _with({"HoSoCoThanhPhanSoHoa": "1"}), "HoSoCoThanhPhanSoHoa"),
    ("list as an object", _with({"TaiLieuNop": {"TepDinhKemId": "7"}}), "TaiLieuNop"),
    ("ISO date", _with({"NgayNopHoSo": "2026-03-02T09:15:00"}), "NgayNopHoSo"),
    ("date without seconds", _with({"NgayNopHoSo": "202603020915"}), "NgayNopHoSo"),
    # inside list items: names, types and dates as strictly as at the top
    ("item not an object", _with({"TaiLieuNop": ["don.pdf"]}), "TaiLieuNop[0]"),
    ("item field unknown", _item("TaiLieuNop", TepDinhKem="x"), "TaiLieuNop[0].TepDinhKem"),
    (
        "item field mis-cased",
        _item("TaiLieuNop", TenTepDinhKem=None, tenTepDinhKem="don.pdf"),
        "TaiLieuNop[0].tenTepDinhKem",
    ),  # fmt: skip
    ("item required field missing", _item("TaiLieuNop", TepDinhKemId=None), "TaiLieuNop[0].TepDinhKemId"),
    ("item id as a number", _item("TaiLieuNop", TepDinhKemId=7), "TaiLieuNop[0].TepDinhKemId"),
    ("item flag as text", _item("TaiLieuNop", IsDeleted="false"), "TaiLieuNop[0].IsDeleted"),
    ("download path not a URL", _item("TaiLieuNop", DuongDanTaiTepTin="/tep/abc"), "TaiLieuNop[0].DuongDanTaiTepTin"),
    ("fee as text", _item("DanhSachLePhi", Gia="10000"), "DanhSachLePhi[0].Gia"),
    ("negative fee", _item("DanhSachLePhi", Gia=-1), "DanhSachLePhi[0].Gia"),
    ("fee collected when unknown", _item("DanhSachLePhi", HinhThucThu=3), "DanhSachLePhi[0].HinhThucThu"),
    (
        "ISO date in an item",
        _item("DanhSachHoSoBoSung", NgayBoSung="2026-03-02T10:00:00"),
        "DanhSachHoSoBoSung[0].NgayBoSung",
    ),  # fmt: skip
    (
        "ISO date in an optional item field",
        _item("DanhSachHoSoBoSung", NgayTiepNhanBoSung="2026-03-03"),
        "DanhSachHoSoBoSung[0].NgayTiepNhanBoSung",
    ),  # fmt: skip
    (
        "supplement state as a boolean",
        _item("DanhSachHoSoBoSung", TrangThaiBoSung=True),
        "DanhSachHoSoBoSung[0].TrangThaiBoSung",
    ),  # fmt: skip
    (
        "result link not a URL",
        _item("DanhSachGiayToKetQua", DuongDanTepTinKetQua="tep/def"),
        "DanhSachGiayToKetQua[0].DuongDanTepTinKetQua",
    ),  # fmt: skip
    (
        "result code as a number",
        _item("DanhSachGiayToKetQua", MaGiayToKetQua=123),
        "DanhSachGiayToKetQua[0].MaGiayToKetQua",
    ),  # fmt: skip
    # dates in order, and the code's date between submission and receipt
    ("returned before submitted", _with({"NgayTra": "20260301080000"}), "NgayTra"),
    ("finished before received", _with({"NgayKetThucXuLy": "20260302100000"}), "NgayKetThucXuLy"),
    ("received before submitted", _with({"NgayTiepNhan": "20260301080000"}), "NgayTiepNhan"),
    ("code dated before the submission", _with({"MaHoSo": "000.00.98.H19-260301-0001"}), "MaHoSo"),
    ("code dated after the receipt", _with({"MaHoSo": "000.00.98.H19-260304-0001"}), "MaHoSo"),
    # what a status implies
    ("returned without its return date", _with({"NgayTra": None}), "NgayTra"),
    ("processing without receipt", _with({"TrangThaiHoSo": 5, "NgayTiepNhan": None}), "NgayTiepNhan"),
]


def test_the_complete_record_of_the_table_is_accepted():
    assert contract.record_errors(RECORD) == []


@pytest.mark.parametrize(("record", "field"), [case[1:] for case in REJECTED_RECORDS],
                         ids=[case[0] for case in REJECTED_RECORDS])  # fmt: skip
def test_the_contract_rejects_the_record_naming_the_field(record, field):
    assert field in {name for name, _message in contract.record_errors(record)}, contract.record_errors(record)


STEP = {"MaHoSo": "000.00.98.H19-260302-0001", "NguoiXuLy": "Trần Văn An", "ThoiDiemXuLy": "20260302091500",
        "PhongBanXuLy": "TTPVHCC", "NoiDungXuLy": "Tiếp nhận hồ sơ", "TrangThai": 2}  # fmt: skip
REJECTED_STEPS = [
    ("code with a five-digit sequence", STEP | {"MaHoSo": "000.00.98.H19-260302-00001"}, "MaHoSo"),
    ("code whose date is not a date", STEP | {"MaHoSo": "000.00.98.H19-260231-0001"}, "MaHoSo"),
    ("ISO instant", STEP | {"ThoiDiemXuLy": "2026-03-02T09:15:00+07:00"}, "ThoiDiemXuLy"),
    ("status as text", STEP | {"TrangThai": "2"}, "TrangThai"),
    ("mis-cased field", STEP | {"noiDungXuLy": "x"}, "noiDungXuLy"),
]


@pytest.mark.parametrize(("step", "field"), [case[1:] for case in REJECTED_STEPS],
                         ids=[case[0] for case in REJECTED_STEPS])  # fmt: skip
def test_the_contract_rejects_the_step_naming_the_field(step, field):
    assert contract.step_errors(STEP) == []
    assert field in {name for name, _message in contract.step_errors(step)}


# -- calls over HTTP: the envelope and the query, as the server receives them ---------------------------------------


def _post(url: str, body, *, token: str | None = None) -> dict:
    headers = {"Content-Type": "application/json"} | ({"Authorization": f"Bearer {token}"} if token else {})
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST", headers=headers)  # noqa: S310
    with urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310
        return json.loads(response.read())


UNIT = "MaDinhDanhDV=000.00.00.H19"
ENVELOPE = {"service": contract.SYNC, "isUpdating": "False", "data": [RECORD]}
REJECTED_CALLS = [
    ("isUpdating missing", UNIT, {k: v for k, v in ENVELOPE.items() if k != "isUpdating"}, "isUpdating"),
    ("isUpdating yes", UNIT, ENVELOPE | {"isUpdating": "yes"}, "isUpdating"),
    ("isUpdating lower case", UNIT, ENVELOPE | {"isUpdating": "false"}, "isUpdating"),
    ("isUpdating a JSON boolean", UNIT, ENVELOPE | {"isUpdating": False}, "isUpdating"),
    ("data not a list", UNIT, ENVELOPE | {"data": RECORD}, "data"),
    ("unknown envelope field", UNIT, ENVELOPE | {"Service": contract.SYNC}, "Service"),
    ("no agency code in the query", "", ENVELOPE, "MaDinhDanhDV"),
    ("empty agency code", "MaDinhDanhDV=", ENVELOPE, "MaDinhDanhDV"),
    ("agency code not QCVN 102", "MaDinhDanhDV=H19", ENVELOPE, "MaDinhDanhDV"),
    ("two agency codes", f"{UNIT}&{UNIT}", ENVELOPE, "MaDinhDanhDV"),
    ("agency code mis-cased", "madinhdanhdv=000.00.00.H19", ENVELOPE, "MaDinhDanhDV"),
]


@pytest.fixture(scope="module")
def simulator():
    with simulator_running() as sim:
        yield sim


@pytest.fixture
def token(simulator) -> str:
    simulator.portal.reset()
    return _post(f"{simulator.url}/auth", {"username": simulator.portal.username,
                                            "password": simulator.portal.password})["access_token"]  # fmt: skip


@pytest.mark.parametrize(("query", "envelope", "field"), [case[1:] for case in REJECTED_CALLS],
                         ids=[case[0] for case in REJECTED_CALLS])  # fmt: skip
def test_the_simulator_refuses_the_call_and_keeps_nothing(simulator, token, query, envelope, field):
    answer = _post(f"{simulator.url}/service?{query}", envelope, token=token)

    assert answer["error_code"] == contract.DATA_INVALID, answer
    assert field in {error["TruongDuLieu"] for error in answer["errors"]}
    assert simulator.portal.records == {}


@pytest.mark.parametrize(("record", "field"), [case[1:] for case in REJECTED_RECORDS],
                         ids=[case[0] for case in REJECTED_RECORDS])  # fmt: skip
def test_the_simulator_refuses_the_record_over_http_and_keeps_nothing(simulator, token, record, field):
    answer = _post(f"{simulator.url}/service?{UNIT}", ENVELOPE | {"data": [record]}, token=token)

    assert answer["error_code"] == contract.DATA_INVALID
    assert field in {error["TruongDuLieu"] for error in answer["errors"]}
    assert simulator.portal.records == {}


def test_the_simulator_takes_the_complete_record_from_a_well_formed_call(simulator, token):
    answer = _post(f"{simulator.url}/service?{UNIT}", ENVELOPE, token=token)

    assert answer == {"error_code": contract.OK, "message": "Thành công",
                      "result": [{"MaHoSo": RECORD["MaHoSo"], "KetQua": "created"}]}  # fmt: skip
    assert simulator.portal.records == {RECORD["MaHoSo"]: RECORD}
