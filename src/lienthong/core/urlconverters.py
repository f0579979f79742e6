"""`<id:…>` in a URL: a row id as the databases store it. Django's `<int:…>` takes any number of digits, and a
number past a bigint reaches the database driver, which raises (SQLite: OverflowError) — a 500 for a typo. Eighteen
digits always fit a bigint; a longer "id" matches no route, a 404 like any id that does not exist."""

from django.urls import register_converter


class RowIdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


def converters_register() -> None:
    register_converter(RowIdConverter, "id")
