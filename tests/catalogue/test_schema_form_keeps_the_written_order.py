"""A form's questions come in the schema's "x-order" — also those that are required (the order a printed tờ khai
has: who asks, then what is asked); without "x-order", required ones first."""

from lienthong.catalogue.declaration import declaration_rows
from lienthong.catalogue.schema_form import schema_fields

SCHEMA = {
    "type": "object",
    "x-order": ["ngay_sinh", "so_to", "so_thua", "dien_tich"],
    "required": ["so_thua", "ngay_sinh"],
    "properties": {name: {"type": "string", "title": name} for name in ["dien_tich", "so_thua", "so_to", "ngay_sinh"]},
}


def test_the_written_order_holds_for_required_questions_too():
    assert list(schema_fields(SCHEMA)) == ["form__ngay_sinh", "form__so_to", "form__so_thua", "form__dien_tich"]
    assert [row.label for row in declaration_rows(SCHEMA)] == ["ngay_sinh", "so_to", "so_thua", "dien_tich"]


def test_without_an_order_the_required_come_first():
    unordered = {key: value for key, value in SCHEMA.items() if key != "x-order"}
    assert list(schema_fields(unordered))[:2] == ["form__so_thua", "form__ngay_sinh"]
