"""Vietnamese text folding for search: "Đăng ký khai sinh" and "dang ky khai sinh" fold to the same key."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case, strip diacritics (đ → d included) and collapse spaces."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped).strip().lower()


def number_grouped(number: int) -> str:
    """1.500.000 in Vietnamese, 1,500,000 in English: the active language's thousands separator (Django groups digits
    only when USE_THOUSAND_SEPARATOR is on, which would group ids and years too)."""
    from django.utils.formats import get_format

    return f"{number:,}".replace(",", get_format("THOUSAND_SEPARATOR"))
