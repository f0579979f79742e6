"""What fits a channel: SMS segments (GSM-7 or UCS-2) and Zalo ZNS parameter limits, and the text without
diacritics that a GSM-7 brandname SMS carries."""

import unicodedata

# GSM 03.38 basic character set (and the extension table's characters, which count twice).
GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿"
    "abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = set("^{}\\[~]|€")
GSM7_SINGLE, GSM7_MULTI = 160, 153  # characters per segment: one message, or each part of a long one (UDH)
UCS2_SINGLE, UCS2_MULTI = 70, 67

# ZNS parameter kinds and their maximum lengths (Zalo's template model: customer name 30, code 30, address 200 …).
ZNS_PARAM_LIMITS = {"name": 30, "code": 30, "date": 30, "money": 20, "phone": 15, "address": 200, "text": 90,
                    "url": 200}  # fmt: skip
ZNS_TEMPLATE_MAX = 400  # characters a ZNS template holds


def is_gsm7(text: str) -> bool:
    return all(char in GSM7_BASIC or char in GSM7_EXTENDED for char in text)


def sms_length(text: str) -> tuple[str, int, int]:
    """(encoding, characters as the network counts them, segments)."""
    if is_gsm7(text):
        units = sum(2 if char in GSM7_EXTENDED else 1 for char in text)
        single, multi, encoding = GSM7_SINGLE, GSM7_MULTI, "gsm7"
    else:
        units = len(text.encode("utf-16-le")) // 2
        single, multi, encoding = UCS2_SINGLE, UCS2_MULTI, "ucs2"
    segments = 1 if units <= single else -(-units // multi)
    return encoding, units, segments


# Typographic punctuation GSM-7 lacks (one en dash in "07:30–11:30" makes a whole SMS UCS-2: 67 characters a part).
GSM7_PUNCTUATION = str.maketrans({"–": "-", "—": "-", "…": "...", "“": '"', "”": '"', "‘": "'", "’": "'", "•": "-"})


def without_diacritics(text: str) -> str:
    """ "Hồ sơ đã được tiếp nhận" → "Ho so da duoc tiep nhan": what a brandname SMS without Unicode carries (its
    dashes, quotes and ellipses written in GSM-7 too)."""
    text = text.replace("đ", "d").replace("Đ", "D").translate(GSM7_PUNCTUATION)
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def sms_fit(text: str, link: str, *, max_segments: int) -> str:
    """`text` then `link`, shortened (never the link) to at most `max_segments` segments."""
    full = f"{text} {link}".strip()
    if sms_length(full)[2] <= max_segments:
        return full
    words = text.split()
    ellipsis = "..." if is_gsm7(full) else "…"  # an ellipsis GSM-7 lacks would turn the SMS into UCS-2
    while words and sms_length(f"{' '.join(words)}{ellipsis} {link}")[2] > max_segments:
        words.pop()
    return f"{' '.join(words)}{ellipsis} {link}".strip()


def zns_value(value: object, kind: str) -> str:
    """A placeholder's value cut to its ZNS kind's limit (unknown kinds are text)."""
    limit = ZNS_PARAM_LIMITS.get(kind, ZNS_PARAM_LIMITS["text"])
    if isinstance(value, list | tuple):  # a list placeholder (the fees' lines) is one parameter: its lines joined
        value = "; ".join(str(item) for item in value)
    text = " ".join(str(value if value is not None else "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
