"""Issue 11 item 2 on the demo's electronic forms: a birth date says whose it is, the requester's own questions are
answered from the applicant part (`x-applicant`), and the form keeps its written order (`x-order`)."""

from lienthong.demo.procedures import catalogue_data, load_json

# Every agency key the catalogue names, with a made-up code (the codes do not matter to the forms).
CODES = {row["key"]: f"000.00.{n:02d}.H19" for n, row in enumerate(load_json("agencies.json")["provincial"])}


def _schemas() -> dict[str, dict]:
    return {p["national_code"]: p["form_schema"] for p in catalogue_data(agency_codes=CODES)["procedures"]}


def test_every_birth_date_says_whose_it_is():
    vague = [
        (code, name, prop["title"])
        for code, schema in _schemas().items()
        for name, prop in schema["properties"].items()
        if prop.get("format") == "date" and "sinh" in prop["title"]
        and not (" của " in prop["title"] or "bên" in prop["title"])
    ]  # fmt: skip
    assert vague == []


def test_the_requesters_questions_are_answered_from_the_applicant_and_the_order_is_kept():
    requester = {"ho_ten_nguoi_yeu_cau": "name", "so_dinh_danh": "id_number", "noi_cu_tru": "address",
                 "so_dien_thoai": "phone", "thu_dien_tu": "email"}  # fmt: skip
    own = {p["national_code"]: set(p["form"]["properties"]) for p in load_json("procedures.json")["procedures"]}
    for code, schema in _schemas().items():
        marked = {name: prop["x-applicant"] for name, prop in schema["properties"].items() if "x-applicant" in prop}
        # a procedure asking the same key of someone else (the Vietnamese party's number) keeps its own question
        assert marked == {name: who for name, who in requester.items() if name not in own[code]}, code
        assert schema["x-order"] == list(schema["properties"]), code
