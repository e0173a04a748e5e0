"""Speaking rules of a loudspeaker bulletin (đài truyền thanh cơ sở): written Vietnamese → a script as it is read.

An article is written for the eye: "Nghị định 158/2025/NĐ-CP", "330.000 đ/tháng", "từ 01/07/2026", "BHXH",
"0912 345 678". A commune announcer reading it live, and even more the espeak-ng ``vi`` voice, stumble on
every one of these. :func:`spoken` rewrites the text so that every word on the page is a word that is said:
numbers, dates, money, percentages, phone numbers and document numbers become Vietnamese words, abbreviations
are expanded, and symbols become the words people say for them. :func:`sentences` then cuts the script into
short sentences that fit in one breath.

Standard library only, no Django: a plain function of a string, so it can be tested on real sentences and
reused by the bulletin services, the admin preview and the audio synthesis alike.

Public API
----------
- :func:`spoken` – the whole transformation (HTML given to it goes through :func:`plain_text` first).
- :func:`plain_text` – paragraphs of an HTML fragment as lines of text.
- :func:`sentences` – short sentences for speaking.
- :func:`number_words`, :func:`decimal_words`, :func:`date_words`, :func:`money_words`, :func:`phone_words`.
- :data:`ABBREVIATIONS` – abbreviations and what is said for them.

Decisions (how things are read, and why)
----------------------------------------
- **Numbers** are read the standard Northern way, the way national radio (VOV) reads them: "linh" for an
  empty tens place (105 "một trăm linh năm"), "mốt", "tư", "lăm" after a tens word (21 "hai mươi mốt",
  24 "hai mươi tư", 25 "hai mươi lăm") but "mười một", "mười bốn", "mười lăm"; "nghìn" (not "ngàn") and
  "tỷ"; a group after a higher one is read in full (1.005 "một nghìn không trăm linh năm"), empty groups are
  skipped (1.000.005 "một triệu không trăm linh năm"). "." separates thousands and "," is the decimal comma;
  a number with a single "." not followed by exactly three digits ("4.5") is read as a decimal, and
  "1,759,995" (two or more comma groups, which cannot be a Vietnamese decimal) as thousands. "01 bản" is
  "một bản"; a code with a leading zero ("0123") or a run of ten or more digits is read digit by digit.
- **Dates**: "01/07/2026" (also with "-" or ".") → "ngày mùng một tháng bảy năm hai nghìn không trăm hai mươi
  sáu"; "mùng" for days 1–10, "tháng tư" for April; a "ngày"/"mùng" already written is not repeated.
  "15/8" without a year is a date only after a word that announces one (ngày, mùng, từ, đến, trước, sau,
  hôm, tới), otherwise it is a fraction ("1/2" "một phần hai") or a ratio ("63/63" "sáu mươi ba trên sáu
  mươi ba"). "7/2026" and "tháng 7/2026" → "tháng bảy năm …"; "quý I/2026" → "quý một năm …".
- **Money**: a number followed by đ, đồng, VNĐ or VND (with or without a space, with or without nghìn/
  triệu/tỷ) ends in "đồng"; "đồng/tháng" is "đồng mỗi tháng" (see "/" below).
- **Percentages**: "22%" "hai mươi hai phần trăm"; "50-70%" "năm mươi đến bảy mươi phần trăm".
- **Phone numbers**: a mobile number (10 digits from 03, 05, 07, 08, 09), a landline (11 digits from 02),
  +84 written for the leading 0, and 1800/1900 hotlines (8 or 10 digits) are read digit by digit, in the
  groups they were written in (or 4-3-3, 3-4-4, 4-4 when written in one run), groups separated by a comma
  so the reader pauses: "0912 345 678" → "không chín một hai, ba bốn năm, sáu bảy tám". Digits in a phone
  number are "bốn", "năm", "một" (never "tư", "lăm", "mốt"), as people dictate them.
- **Document numbers** ("158/2025/NĐ-CP", "41/2024/QH15", "595/QĐ-BHXH", "12/2025/TT-BYT", "57-NQ/TW"):
  "<kind> số <number> năm <year> của <issuer>": "Nghị định 158/2025/NĐ-CP" → "Nghị định số một trăm năm
  mươi tám năm hai nghìn không trăm hai mươi lăm của Chính phủ"; "Luật số 41/2024/QH15" → "Luật số bốn
  mươi mốt năm hai nghìn không trăm hai mươi tư của Quốc hội khóa mười lăm". The kind (nghị định, thông
  tư, …) is said from the code only when the text does not say it already; "của …" is left out when the
  text goes on with its own "của …"; a department code after a known issuer ("1234/BHXH-TST") is dropped,
  as it means nothing to a listener; an unknown code is kept as written.
- **Ranges and signs**: a dash between numbers is "đến" ("2016–2017"); "x"/"×" before a number is "nhân",
  "+" is "cộng" between numbers and "và" between words, "=" is "bằng", "&" is "và", "~" before a number
  is "khoảng". "/" before a unit (tháng, năm, người, lượt, …) is "mỗi" ("đồng/người/tháng" → "đồng mỗi
  người mỗi tháng"); "và/hoặc" is "và hoặc"; any other "/" between words is "hoặc" ("tỉnh/thành phố").
- **Ordinals**: "thứ 1" "thứ nhất", "thứ 4" "thứ tư", otherwise "thứ" + the number ("lần thứ 2" "lần thứ hai").
- **Web and e-mail addresses** are read as the domain, dots said as "chấm", the path left out (a listener
  cannot type a path heard on a loudspeaker), with "trang web" before it unless the text already says so:
  "https://baohiemxahoi.gov.vn/tin-tuc" → "trang web baohiemxahoi chấm gov chấm vn";
  "hotro@baohiemxahoi.gov.vn" → "hotro a còng baohiemxahoi chấm gov chấm vn".
- **Abbreviations** (:data:`ABBREVIATIONS`) are expanded as whole words, case-sensitively, so "BHXH" is
  expanded and the word "bhxh" in an address or "TT" outside a document number are not. An acronym in
  parentheses right after its long form ("Bảo hiểm xã hội Việt Nam (BHXH)") is dropped: it is there for the
  eye and would otherwise be heard twice.
- "…" stays (the reader pauses), "..." becomes "…"; list bullets at the start of a line are dropped.
- A rule that produces the first word of a sentence capitalises it ("BHXH tỉnh …" → "Bảo hiểm xã hội tỉnh …").
- Text already in words is left as it is, diacritics included, and the transformation is idempotent:
  ``spoken(spoken(x)) == spoken(x)`` (its output has no digits, abbreviations or symbols left to rewrite).
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from html.parser import HTMLParser

__all__ = [
    "ABBREVIATIONS",
    "date_words",
    "decimal_words",
    "money_words",
    "number_words",
    "phone_words",
    "plain_text",
    "sentences",
    "spoken",
]

# --- numbers ------------------------------------------------------------------------------------------------

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
# Names of the months in dates: April is "tháng tư" (never "tháng bốn").
MONTHS = ("", "một", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười", "mười một", "mười hai")
_SCALES = ("", "nghìn", "triệu")
_BILLION = 10**9


def _group_words(n: int, full: bool) -> list[str]:
    """Words of 0 < n < 1000. ``full`` when a higher group precedes: then "không trăm" and "linh" are said.

    After "mươi", 1 is "mốt", 4 is "tư" and 5 is "lăm" (hai mươi mốt, hai mươi tư, hai mươi lăm); after
    "mười", only 5 changes (mười một, mười bốn, mười lăm); after "linh" none does (một trăm linh năm).
    """
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if hundreds or full:
                words.append("linh")
            words.append(DIGITS[units])
    elif tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else DIGITS[units])
    else:
        words += [DIGITS[tens], "mươi"]
        if units:
            words.append({1: "mốt", 4: "tư", 5: "lăm"}.get(units, DIGITS[units]))
    return words


def _below_billion(n: int, full: bool) -> list[str]:
    """Words of 0 < n < 10⁹ in groups of three (triệu, nghìn, units); empty groups are not said."""
    groups = [n // 1_000_000, n // 1000 % 1000, n % 1000]
    words: list[str] = []
    for index, group in enumerate(groups):
        if not group:
            continue
        words += _group_words(group, full=full or bool(words))
        scale = _SCALES[2 - index]
        if scale:
            words.append(scale)
    return words


def number_words(n: int) -> str:
    """A whole number in words, read the Northern way: 2026 → "hai nghìn không trăm hai mươi sáu".

    Above a billion, the count of billions is read as a number and followed by "tỷ", so 10¹² is "một nghìn
    tỷ" as the newspapers say it. Negative numbers are "âm …".
    """
    if n < 0:
        return "âm " + number_words(-n)
    if n == 0:
        return DIGITS[0]
    if n >= _BILLION:
        high, low = divmod(n, _BILLION)
        words = number_words(high) + " tỷ"
        return words + (" " + " ".join(_below_billion(low, full=True)) if low else "")
    return " ".join(_below_billion(n, full=False))


def _digit_words(digits: str) -> str:
    """Digits one by one: "0123" → "không một hai ba" (codes, long digit runs, phone numbers)."""
    return " ".join(DIGITS[int(d)] for d in digits)


def _fraction_words(digits: str) -> str:
    """The part after the decimal comma: leading zeros one by one, then up to three digits as a number
    ("2,53" → "năm mươi ba", "3,05" → "không năm"); longer parts digit by digit ("3,14159")."""
    if len(digits) > 3:
        return _digit_words(digits)
    stripped = digits.lstrip("0")
    zeros = [DIGITS[0]] * (len(digits) - len(stripped))
    return " ".join(zeros + ([number_words(int(stripped))] if stripped else []))


# A number as written in Vietnamese text: 1.759.995 / 1.759.995,5 / 1,759,995 / 4,5 / 4.5 / 2530000.
_NUMBER = r"(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d{1,3}(?:,\d{3}){2,}|\d+,\d+|\d+\.\d{1,2}|\d+)"
# Not glued to a word or to another number on either side.
_BEFORE = r"(?<![\w.,/])"
_AFTER = r"(?![\w]|[.,/]\d)"


def _split_number(text: str) -> tuple[str, str | None]:
    """(integer digits, fraction digits or None) of a number written the Vietnamese (or English) way."""
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", text):
        whole, _, fraction = text.partition(",")
        return whole.replace(".", ""), fraction or None
    if re.fullmatch(r"\d{1,3}(?:,\d{3}){2,}", text):
        return text.replace(",", ""), None
    if re.fullmatch(r"\d+[,.]\d+", text):
        whole, fraction = re.split(r"[,.]", text)
        return whole, fraction
    if re.fullmatch(r"\d+", text):
        return text, None
    raise ValueError(f"not a number: {text!r}")


def decimal_words(text: str) -> str:
    """A number as written in the text, in words: "4,5" → "bốn phẩy năm", "1.759.995" → "một triệu …".

    "," is the decimal comma ("phẩy") and "." the thousands separator; "4.5" (a single dot not followed by
    three digits) is taken as a decimal too. A leading "-" is "âm". Raises ValueError on anything else.
    """
    text = text.strip().replace(" ", "")
    sign = ""
    if text[:1] in "-\u2212":
        sign, text = "âm ", text[1:]
    whole, fraction = _split_number(text)
    words = number_words(int(whole))
    if fraction is not None:
        words += " phẩy " + _fraction_words(fraction)
    return sign + words


def _token_words(token: str) -> str:
    """A number token in running text: codes with a leading zero and long runs digit by digit, else a number."""
    if token.isdigit() and (len(token) >= 10 or (len(token) >= 3 and token.startswith("0"))):
        return _digit_words(token)
    return decimal_words(token)


def money_words(amount: int | Decimal | str, currency: str = "đồng") -> str:
    """An amount of money in words: 330000 → "ba trăm ba mươi nghìn đồng".

    ``amount`` is a number or a string as written in an article ("1.500.000", "2,53 triệu"); the currency
    word is "đồng" unless given.
    """
    if isinstance(amount, str):
        match = re.fullmatch(r"\s*(" + _NUMBER + r")\s*(nghìn|ngàn|triệu|tỷ|tỉ)?\s*", amount)
        if not match:
            raise ValueError(f"not an amount: {amount!r}")
        words = decimal_words(match.group(1)) + (" " + match.group(2) if match.group(2) else "")
    elif isinstance(amount, Decimal) and amount != amount.to_integral_value():
        words = decimal_words(format(amount, "f").replace(".", ","))
    else:
        words = number_words(int(amount))
    return f"{words} {currency}"


def date_words(d: datetime.date) -> str:
    """A date as it is said: 2026-07-01 → "ngày mùng một tháng bảy năm hai nghìn không trăm hai mươi sáu"."""
    return _date_phrase(d.day, d.month, d.year, None)


def _date_phrase(day: int, month: int, year: int | None, keyword: str | None) -> str:
    """ "ngày [mùng] <day> tháng <month> [năm <year>]", keeping the keyword the text wrote before the date.

    "mùng" is said for days 1 to 10 ("ngày mùng một", not "ngày một"); if the text wrote "mùng"/"mồng"
    itself, that word is kept and no "ngày" is added; "ngày 15/8" is "ngày mười lăm …", never "ngày ngày".
    """
    if keyword and keyword.lower() in ("mùng", "mồng"):
        head = f"{keyword} {number_words(day)}"
    else:
        head = f"{keyword or 'ngày'} {'mùng ' if day <= 10 else ''}{number_words(day)}"
    words = f"{head} tháng {MONTHS[month]}"
    if year is not None:
        words += f" năm {number_words(year)}"
    return words


# --- phone numbers ------------------------------------------------------------------------------------------


def _is_phone(digits: str) -> bool:
    """A Vietnamese mobile (10 digits, 03/05/07/08/09), landline (11 digits, 02) or 1800/1900 hotline."""
    if digits.startswith(("1800", "1900")):
        return len(digits) in (8, 10)
    if digits.startswith("02"):
        return len(digits) == 11
    return len(digits) == 10 and digits[:2] in ("03", "05", "07", "08", "09")


def _default_groups(digits: str) -> list[str]:
    """How a number written in one run is read: 4-3-3 (mobile, 10-digit hotline), 3-4-4 (landline), 4-4."""
    sizes = {8: (4, 4), 10: (4, 3, 3), 11: (3, 4, 4)}.get(len(digits))
    if sizes is None:
        sizes = tuple([3] * (len(digits) // 3)) + ((len(digits) % 3,) if len(digits) % 3 else ())
    groups, start = [], 0
    for size in sizes:
        groups.append(digits[start : start + size])
        start += size
    return groups


def phone_words(digits: str) -> str:
    """A phone number read digit by digit, in the groups it was written in, a comma (a pause) between groups.

    "0912 345 678" → "không chín một hai, ba bốn năm, sáu bảy tám"; "1900 9068" → "một chín không không,
    chín không sáu tám"; "0912345678" (one run) is grouped 4-3-3. "+84" stands for the leading 0.
    """
    text = digits.strip()
    if text.startswith("+84"):
        text = "0" + text[3:].lstrip(" .-")
    if not re.fullmatch(r"\d+(?:[ .\-]+\d+)*", text):
        raise ValueError(f"not a phone number: {digits!r}")
    groups = re.findall(r"\d+", text)
    if len(groups) == 1:
        groups = _default_groups(groups[0])
    elif groups[0] == "0":  # "+84 912 …" → "0", "912", …: the 0 belongs to the first group
        groups = [groups[0] + groups[1], *groups[2:]]
    return ", ".join(_digit_words(group) for group in groups)


_PHONE = re.compile(r"(?<![\w.,/+])(?:\+84[ .\-]?\d|0\d|1[89]00)\d*(?:[ .\-]\d+)*")


def _phone_repl(match: re.Match[str]) -> str:
    """The longest run of digit groups at the start of the match that is a phone number, read as one;
    whatever follows it ("0912 345 678 10 lần" → " 10 lần") is left for the other rules."""
    text = match.group(0)
    parts = list(re.finditer(r"\d+", text))
    best_end, digits = None, ""
    for index, part in enumerate(parts):
        if index and text[parts[index - 1].end()] == "-" and text.startswith("1"):
            break  # "1900-1945" is a range of years, not a hotline
        digits += part.group() if index or not text.startswith("+84") else "0" + part.group()[2:]
        if _is_phone(digits):
            best_end = part.end()
    if best_end is None:
        return text
    return phone_words(text[:best_end]) + text[best_end:]


# --- abbreviations ------------------------------------------------------------------------------------------

ABBREVIATIONS: dict[str, str] = {
    # Social insurance and health insurance
    "BHXH Việt Nam": "Bảo hiểm xã hội Việt Nam",
    "BHXH": "bảo hiểm xã hội",
    "BHYT": "bảo hiểm y tế",
    "BHTN": "bảo hiểm thất nghiệp",
    "VSS": "Bảo hiểm xã hội Việt Nam",
    "KCB": "khám chữa bệnh",
    "ĐKKCB": "đăng ký khám chữa bệnh",
    "TNLĐ": "tai nạn lao động",
    "BNN": "bệnh nghề nghiệp",
    "NLĐ": "người lao động",
    "NSDLĐ": "người sử dụng lao động",
    "CSSK": "chăm sóc sức khỏe",
    "TTYT": "trung tâm y tế",
    "BV": "bệnh viện",
    # State bodies and administration
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "QH": "Quốc hội",
    "ĐBQH": "đại biểu Quốc hội",
    "MTTQ": "Mặt trận Tổ quốc",
    "TW": "Trung ương",
    "ĐVHC": "đơn vị hành chính",
    "TTHC": "thủ tục hành chính",
    "DVCTT": "dịch vụ công trực tuyến",
    "DVC": "dịch vụ công",
    "NSNN": "ngân sách nhà nước",
    "HTX": "hợp tác xã",
    "DN": "doanh nghiệp",
    "KCN": "khu công nghiệp",
    "KT-XH": "kinh tế – xã hội",
    "CNTT": "công nghệ thông tin",
    "THPT": "trung học phổ thông",
    "THCS": "trung học cơ sở",
    # Papers and forms
    "CCCD": "căn cước công dân",
    "CMND": "chứng minh nhân dân",
    "STT": "số thứ tự",
    "SĐT": "số điện thoại",
    # Places
    "TP.HCM": "thành phố Hồ Chí Minh",
    "TP. HCM": "thành phố Hồ Chí Minh",
    "TP HCM": "thành phố Hồ Chí Minh",
    "TPHCM": "thành phố Hồ Chí Minh",
    "Tp.HCM": "thành phố Hồ Chí Minh",
    "Tp. HCM": "thành phố Hồ Chí Minh",
    "HCM": "Hồ Chí Minh",
    "TP.": "thành phố",
    "Tp.": "thành phố",
    "TP": "thành phố",
    # Titles and forms of address
    "PGS.TS.": "Phó Giáo sư, Tiến sĩ",
    "PGS.TS": "Phó Giáo sư, Tiến sĩ",
    "GS.TS.": "Giáo sư, Tiến sĩ",
    "GS.TS": "Giáo sư, Tiến sĩ",
    "ThS.": "Thạc sĩ",
    "TS.": "Tiến sĩ",
    "BS.": "Bác sĩ",
    "đ/c": "đồng chí",
    "Đ/c": "Đồng chí",
    # Money
    "VNĐ": "đồng",
    "VND": "đồng",
    "USD": "đô la Mỹ",
    # Words
    "v.v.": "vân vân",
    # Only inside a document number (see DOCUMENT_ONLY): read there by `_document_repl`.
    "NĐ-CP": "Nghị định của Chính phủ",
    "NĐ": "nghị định",
    "TT": "thông tư",
    "QĐ": "quyết định",
    "NQ": "nghị quyết",
}
"""Abbreviation → what is said. Keys are matched as whole words and case-sensitively."""

# Abbreviations that mean something only inside a document number ("TT" is also a name, a department…).
DOCUMENT_ONLY = frozenset({"NĐ-CP", "NĐ", "TT", "QĐ", "NQ"})

# Kinds of legal documents, as coded in their numbers ("…/NĐ-CP", "…/TT-BYT") and as written in full.
DOCUMENT_KINDS = {
    "NĐ": "nghị định",
    "TT": "thông tư",
    "TTLT": "thông tư liên tịch",
    "QĐ": "quyết định",
    "NQ": "nghị quyết",
    "CT": "chỉ thị",
    "CV": "công văn",
    "CĐ": "công điện",
    "KH": "kế hoạch",
    "TB": "thông báo",
    "HD": "hướng dẫn",
    "KL": "kết luận",
    "VBHN": "văn bản hợp nhất",
}
# Issuers, as coded in document numbers. QH and UBTVQH take the term of the National Assembly after them.
ISSUERS = {
    "CP": "Chính phủ",
    "TTg": "Thủ tướng Chính phủ",
    "VPCP": "Văn phòng Chính phủ",
    "QH": "Quốc hội",
    "UBTVQH": "Ủy ban Thường vụ Quốc hội",
    "TW": "Trung ương",
    "BTC": "Bộ Tài chính",
    "BYT": "Bộ Y tế",
    "BLĐTBXH": "Bộ Lao động – Thương binh và Xã hội",
    "BNV": "Bộ Nội vụ",
    "BCA": "Bộ Công an",
    "BQP": "Bộ Quốc phòng",
    "BTP": "Bộ Tư pháp",
    "BGDĐT": "Bộ Giáo dục và Đào tạo",
    "NHNN": "Ngân hàng Nhà nước",
    "BHXH": "Bảo hiểm xã hội Việt Nam",
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
}
_DOCUMENT_WORDS = (
    "Bộ luật|Luật|Pháp lệnh|Nghị định|Thông tư liên tịch|Thông tư|Quyết định|Nghị quyết|Chỉ thị|Công văn"
    "|Công điện|Kế hoạch|Thông báo|Hướng dẫn|Kết luận|Văn bản hợp nhất|Văn bản"
)


def _abbreviation_pattern() -> re.Pattern[str]:
    """One pattern of every abbreviation used in running text, longest first, as whole words."""
    keys = sorted((k for k in ABBREVIATIONS if k not in DOCUMENT_ONLY), key=len, reverse=True)
    alternatives = []
    for key in keys:
        body = re.escape(key).replace(r"\ ", r"\s*")
        alternatives.append(body + (r"(?!\w)" if key[-1].isalnum() else ""))
    return re.compile(r"(?<![\w.])(?:" + "|".join(alternatives) + ")")


_ABBREVIATIONS = _abbreviation_pattern()


# --- HTML ---------------------------------------------------------------------------------------------------

_BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "br", "blockquote", "div", "tr", "ul", "ol"})
_HIDDEN = frozenset({"script", "style", "template", "noscript", "iframe", "svg", "head", "title"})


class _TextParser(HTMLParser):
    """Collects text, a new line at each block boundary, nothing from scripts and styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def plain_text(html: str) -> str:
    """The paragraphs of an HTML fragment as lines of text: one line per p, h2–h4, li, blockquote or br,
    tags dropped (their text kept), scripts and styles dropped with their content, entities decoded."""
    parser = _TextParser()
    parser.feed(html or "")
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


_LOOKS_LIKE_HTML = re.compile(r"<\s*/?\s*(?:p|br|h[1-6]|li|ul|ol|div|blockquote|a|strong|em|b|i|span)\b[^>]*>", re.I)

# --- the rules ------------------------------------------------------------------------------------------------

Rule = Callable[[re.Match[str]], str]


def _starts_sentence(text: str, index: int) -> bool:
    """Whether ``index`` is the first word of a sentence (start, new line, or after . ! ?)."""
    j = index
    while j > 0 and text[j - 1] in ' \t"“‘«(':
        j -= 1
    return j == 0 or text[j - 1] in "\n.!?"


def _sub(pattern: re.Pattern[str], rule: Rule, text: str) -> str:
    """``pattern.sub(rule)``, capitalising what a rule puts at the start of a sentence in place of a
    number or an abbreviation (a word the text wrote in lower case stays lower case)."""

    def replace(match: re.Match[str]) -> str:
        out = rule(match)
        original = match.group(0)
        if (
            out
            and out != original
            and out[0].islower()
            and not original[:1].islower()
            and _starts_sentence(match.string, match.start())
        ):
            out = out[0].upper() + out[1:]
        return out

    return pattern.sub(replace, text)


def _normalise(text: str) -> str:
    """NFC, one kind of space, "v.v." and "..." settled, bullets at line starts and parenthesised acronyms
    ("(BHXH)" after its long form) dropped."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[\u00a0\u2000-\u200b\u202f\u205f\u3000\t]", " ", text)
    text = re.sub(r"(?m)^[ ]*[-–—•*+·▪●◦][ ]+", "", text)

    def etc(match: re.Match[str]) -> str:
        rest = match.string[match.end() :]
        ends = not rest.strip(" ") or rest.startswith("\n") or re.match(r"\s+[A-ZĐÀ-Ỹ]", rest)
        return "vân vân." if ends and match.group(1) else "vân vân"

    text = re.sub(r"(?<!\w)v\.v(\.*)", etc, text)
    text = re.sub(r"\.{3,}", "…", text)

    def acronym(match: re.Match[str]) -> str:
        return "" if not re.fullmatch(r"[IVXLC]+", match.group(1)) else match.group(0)

    return re.sub(r"[ ]*\(([A-ZĐ][A-ZĐ0-9\-]{1,11})\)", acronym, text)


_URL = re.compile(
    r"(?<![\w@.])(?:https?://)?(?:www\.)?"
    r"((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:vn|com|net|org|gov|edu|int|info|io))"
    r"(?::\d+)?(?:/(?:[^\s<>\"'()]*[^\s<>\"'().,;:!?])?)?(?![\w@])",
    re.I,
)
_EMAIL = re.compile(r"(?<![\w.])([\w.+-]+)@((?:[a-z0-9-]+\.)+[a-z]{2,})(?![\w])", re.I)


def _domain_words(domain: str) -> str:
    return " chấm ".join(domain.lower().split("."))


def _url_repl(match: re.Match[str]) -> str:
    before = match.string[: match.start()].rstrip().lower()
    announced = before.endswith(("trang web", "website", "trang", "web", "cổng thông tin"))
    return ("" if announced else "trang web ") + _domain_words(match.group(1))


def _email_repl(match: re.Match[str]) -> str:
    return f"{_domain_words(match.group(1))} a còng {_domain_words(match.group(2))}"


_DOCUMENT = re.compile(
    r"(?<!\w)(?:(?P<kw>" + _DOCUMENT_WORDS + r")\s+)?(?:(?P<so>[Ss]ố)\s+)?"
    r"(?<![\w.,/])(?P<num>\d+)(?:/(?P<year>(?:19|20)\d{2}))?"
    r"(?:[/-](?P<code>[A-ZĐ][A-Za-zĐđ0-9]*(?:[-/][A-ZĐ][A-Za-zĐđ0-9]*)*))?(?![\w/]|[.,]\d)"
)


def _issuer(code: str) -> str | None:
    """What an issuer code stands for ("CP" → "Chính phủ", "QH15" → "Quốc hội khóa mười lăm")."""
    term = re.fullmatch(r"(QH|UBTVQH)(\d+)", code)
    if term:
        return f"{ISSUERS[term.group(1)]} khóa {number_words(int(term.group(2)))}"
    return ISSUERS.get(code)


def _document_repl(match: re.Match[str]) -> str:
    """ "<kind> số <number> [năm <year>] [của <issuer>]" of a document number (see the module docstring)."""
    kw, so, num, year, code = match.group("kw", "so", "num", "year", "code")
    if not (code or (year and (kw or so))):
        return match.group(0)
    parts = re.split(r"[-/]", code) if code else []
    kind = next((DOCUMENT_KINDS[p] for p in parts if p in DOCUMENT_KINDS), None)
    issuers = [name for name in map(_issuer, parts) if name]
    unknown = [p for p in parts if p not in DOCUMENT_KINDS and not _issuer(p)]
    words = []
    if kw:
        words.append(kw)
    elif kind and not match.string[: match.start()].rstrip().lower().endswith(kind):
        words.append(kind)
    words += [so or "số", number_words(int(num))]
    if year:
        words += ["năm", number_words(int(year))]
    following = match.string[match.end() :].lstrip()
    if issuers and not following.startswith("của"):
        words.append("của " + " và ".join(issuers))
    elif not issuers and unknown:
        words += unknown
    return " ".join(words)


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _roman(text: str) -> int:
    total = 0
    for char, following in zip(text, [*text[1:], ""], strict=True):
        value = _ROMAN[char]
        total += -value if following and _ROMAN[following] > value else value
    return total


_QUARTER = re.compile(r"(?<!\w)(?P<kw>(?i:quý))\s+(?P<n>IV|I{1,3}|0?[1-4])(?:/(?P<year>(?:19|20)\d{2}))?(?![\w/])")
_TERM = re.compile(r"(?<!\w)(?P<kw>khóa|khoá|Khóa|Khoá|Đại hội)\s+(?P<n>[IVXL]+)(?!\w)")


def _quarter_repl(match: re.Match[str]) -> str:
    """ "quý I/2026" → "quý một năm hai nghìn …": the quarter, then its year."""
    n = match.group("n")
    value = int(n) if n.isdigit() else _roman(n)
    year = match.group("year")
    return f"{match.group('kw')} {number_words(value)}" + (f" năm {number_words(int(year))}" if year else "")


def _term_repl(match: re.Match[str]) -> str:
    """ "khóa XV" → "khóa mười lăm", "Đại hội XIII" → "Đại hội mười ba"."""
    return f"{match.group('kw')} {number_words(_roman(match.group('n')))}"


_DATE_KEYWORD = r"(?:(?P<kw>(?i:ngày|mùng|mồng))\s+)?"
_FULL_DATE = re.compile(
    r"(?<!\w)" + _DATE_KEYWORD + r"(?<![\d.,/])(?P<d>\d{1,2})(?P<sep>[/.\-])(?P<m>\d{1,2})(?P=sep)"
    r"(?P<y>\d{4})(?![\d/]|[.,]\d)"
)
_DAY_MONTH = re.compile(
    r"(?<!\w)(?P<kw>(?i:ngày|mùng|mồng|từ|đến|trước|sau|hôm|tới))\s+(?P<d>\d{1,2})/(?P<m>\d{1,2})(?![\d/]|[.,]\d)"
)
_MONTH_YEAR = re.compile(
    r"(?<!\w)(?:(?P<kw>(?i:tháng))\s+)?(?<![\d.,/])(?P<m>\d{1,2})/(?P<y>(?:19|20)\d{2})(?![\d/]|[.,]\d)"
)
_DAY_OF_MONTH = re.compile(
    r"(?<!\w)(?P<kw>(?i:ngày|mùng|mồng))\s+(?P<d>\d{1,2})(?=\s+(?i:tháng|hằng tháng|hàng tháng)(?!\w))"
)
_MONTH = re.compile(r"(?<!\w)(?P<kw>(?i:tháng))\s+(?P<m>\d{1,2})(?![\w]|[.,/]\d)")
_TIME = re.compile(r"(?<![\w.,])(?P<h>\d{1,2})h(?P<min>\d{2})?(?!\w)")


def _full_date_repl(match: re.Match[str]) -> str:
    kw = match.group("kw")
    day, month, year = (int(match.group(k)) for k in ("d", "m", "y"))
    try:
        datetime.date(year, month, day)
    except ValueError:
        return match.group(0)
    return _date_phrase(day, month, year, kw)


def _day_month_repl(match: re.Match[str]) -> str:
    kw = match.group("kw")
    day, month = int(match.group("d")), int(match.group("m"))
    try:
        datetime.date(2024, month, day)  # a leap year: 29/2 is a date
    except ValueError:
        return match.group(0)
    if kw.lower() in ("ngày", "mùng", "mồng"):
        return _date_phrase(day, month, None, kw)
    return f"{kw} {_date_phrase(day, month, None, None)}"


def _month_year_repl(match: re.Match[str]) -> str:
    month = int(match.group("m"))
    before = match.string[: match.start()].rstrip().lower()
    if not 1 <= month <= 12 or (not match.group("kw") and before.endswith("số")):
        return match.group(0)
    return f"{match.group('kw') or 'tháng'} {MONTHS[month]} năm {number_words(int(match.group('y')))}"


def _day_of_month_repl(match: re.Match[str]) -> str:
    day = int(match.group("d"))
    if not 1 <= day <= 31:
        return match.group(0)
    kw = match.group("kw")
    if kw.lower() in ("mùng", "mồng"):
        return f"{kw} {number_words(day)}"
    return f"{kw} {'mùng ' if day <= 10 else ''}{number_words(day)}"


def _month_repl(match: re.Match[str]) -> str:
    month = int(match.group("m"))
    return f"{match.group('kw')} {MONTHS[month]}" if 1 <= month <= 12 else match.group(0)


def _time_repl(match: re.Match[str]) -> str:
    """ "8h30" → "tám giờ ba mươi phút", "14h" → "mười bốn giờ"."""
    hour, minute = int(match.group("h")), match.group("min")
    if hour > 24 or (minute and int(minute) > 59):
        return match.group(0)
    words = f"{number_words(hour)} giờ"
    if minute and int(minute):
        words += f" {number_words(int(minute))} phút"
    return words


_RANGE = re.compile(r"(?<=[\d%])[ ]*[-–—][ ]*(?=\d)")
_MONEY = re.compile(
    _BEFORE + r"(?P<n>" + _NUMBER + r")(?P<scale>[ ]*(?:nghìn|ngàn|triệu|tỷ|tỉ))?[ ]*(?:đồng|đ|VNĐ|VND|vnđ|vnd)(?!\w)"
)
_PERCENT = re.compile(_BEFORE + r"(?P<n>" + _NUMBER + r")[ ]*%")
_UNITS = {
    "km2": "ki lô mét vuông",
    "km²": "ki lô mét vuông",
    "km": "ki lô mét",
    "kg": "ki lô gam",
    "m2": "mét vuông",
    "m²": "mét vuông",
    "m3": "mét khối",
    "m³": "mét khối",
    "ha": "héc ta",
    "cm": "xăng ti mét",
    "mm": "mi li mét",
}
_UNIT = re.compile(_BEFORE + r"(?P<n>" + _NUMBER + r")[ ]*(?P<unit>km2|km²|km|kg|m2|m²|m3|m³|ha|cm|mm)(?!\w)")
_ORDINAL = re.compile(r"(?<!\w)(?P<kw>(?i:thứ))\s+(?P<n>\d+)(?![\w]|[.,/]\d)")
_TIMES = re.compile(r"(?:(?<=\s)|(?<=\d))[ ]*[x×][ ]*(?=\d)")
_SLASH_NUMBERS = re.compile(_BEFORE + r"(?P<a>\d+)/(?P<b>\d+)(?![\w/]|[.,]\d)")
_PLAIN_NUMBER = re.compile(_BEFORE + r"(?P<n>" + _NUMBER + r")" + _AFTER)
_ANY_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
# Units after which "/" is said "mỗi" ("đồng/người/tháng" → "đồng mỗi người mỗi tháng").
_PER_UNITS = (
    "tháng|năm|ngày|tuần|giờ|phút|quý|kỳ|người|hộ gia đình|hộ|lượt|lần|suất|thẻ|học sinh|sinh viên|ca|buổi|"
    "ki lô gam|ki lô mét|kg|km|tấn|héc ta"
)
_PER = re.compile(r"(?<=[^\W\d_])[ ]*/[ ]*(?=(?:" + _PER_UNITS + r")(?!\w))")
_OR = re.compile(r"(?<=[^\W\d_])[ ]*/[ ]*(?=[^\W\d_])")


def _money_repl(match: re.Match[str]) -> str:
    scale = (match.group("scale") or "").strip()
    return f"{decimal_words(match.group('n'))}{' ' + scale if scale else ''} đồng"


def _percent_repl(match: re.Match[str]) -> str:
    return f"{decimal_words(match.group('n'))} phần trăm"


def _unit_repl(match: re.Match[str]) -> str:
    return f"{decimal_words(match.group('n'))} {_UNITS[match.group('unit')]}"


def _ordinal_repl(match: re.Match[str]) -> str:
    """ "thứ 1" → "thứ nhất", "thứ 4" → "thứ tư", otherwise "thứ" and the number ("thứ mười bốn")."""
    n = int(match.group("n"))
    return f"{match.group('kw')} {({1: 'nhất', 4: 'tư'}).get(n) or number_words(n)}"


def _slash_numbers_repl(match: re.Match[str]) -> str:
    """A fraction ("1/2" → "một phần hai", "3/4" → "ba phần tư") or a ratio ("63/63" → "… trên …")."""
    a, b = int(match.group("a")), int(match.group("b"))
    if 0 < a < b <= 10:
        return f"{number_words(a)} phần {'tư' if b == 4 else number_words(b)}"
    return f"{number_words(a)} trên {number_words(b)}"


def _plain_number_repl(match: re.Match[str]) -> str:
    return _token_words(match.group("n"))


def _leftover_digits_repl(match: re.Match[str]) -> str:
    """Digits no other rule took: glued to letters ("QH15", "F0") or oddly grouped ("12.5000"). Each run is
    read apart from the letters, "." as "chấm" and "," as "phẩy", so that no digit reaches the voice."""
    text, start, end = match.string, match.start(), match.end()
    said = {".": " chấm ", ",": " phẩy "}
    runs = re.split(r"([.,])", match.group(0))
    words = "".join(
        said[run] if run in said else _token_words(run) if len(run) <= 18 else _digit_words(run) for run in runs
    )
    return (" " if start and text[start - 1].isalpha() else "") + words + (" " if text[end : end + 1].isalpha() else "")


def _abbreviation_repl(match: re.Match[str]) -> str:
    key = re.sub(r"\s+", " ", match.group(0))
    out = ABBREVIATIONS.get(key) or ABBREVIATIONS[key.replace(" ", "")]
    following = match.string[match.end() : match.end() + 1]
    return out + (" " if following.isalpha() else "")


def _early_symbols(text: str) -> str:
    """Signs next to numbers, said before the numbers are read: "x 12 tháng" and "22% x mức thu nhập" →
    "nhân", "~95%" → "khoảng" (once, if the text says "khoảng ~95%"), "4.0" → "bốn chấm không"."""
    text = _TIMES.sub(" nhân ", text)
    text = re.sub(r"(?<=[\d%])[ ]*[x×][ ]+(?=\w)", " nhân ", text)
    text = re.sub(r"[ ]+×[ ]+", " nhân ", text)
    text = re.sub(r"(?<!\w)(?:(khoảng|Khoảng)[ ]*)?~[ ]*(?=\d)", lambda m: (m.group(1) or "khoảng") + " ", text)
    return re.sub(r"(?<![\w.,])(\d{1,2})\.0(?![\w.,])", lambda m: f"{number_words(int(m.group(1)))} chấm không", text)


def _symbols(text: str) -> str:
    """Signs people say as words: "+" ("cộng" between numbers, "và" between words), "=", "&"."""
    text = re.sub(r"(?<=\d)[ ]*\+[ ]*(?=\d)", " cộng ", text)
    text = re.sub(r"(?<=\w)[ ]*\+[ ]*(?=\w)", " và ", text)
    text = re.sub(r"[ ]*=[ ]*", " bằng ", text)
    text = re.sub(r"[ ]*&[ ]*", " và ", text)
    return re.sub(r"(?<=[^\W\d_])-(?=\d)", " ", text)  # "Covid-19" → "Covid 19"


def _tidy(text: str) -> str:
    lines = []
    for line in text.split("\n"):
        line = re.sub(r"[ ]{2,}", " ", line).strip()
        line = re.sub(r"[ ]+([,.;:!?…)])", r"\1", line)
        lines.append(line)
    return "\n".join(line for line in lines if line)


def spoken(text: str) -> str:
    """The text as it is read aloud on a loudspeaker bulletin (rules: see the module docstring).

    HTML is turned into lines by :func:`plain_text` first. The rules run from the most specific to the
    most general, each consuming the digits it knows about: addresses, phone numbers, document numbers,
    signs next to numbers, quarters and terms, dates and times, ranges, money, percentages, units,
    ordinals, other signs, fractions, plain numbers, any digit left, abbreviations, then "/" between words.
    """
    if not text:
        return ""
    if _LOOKS_LIKE_HTML.search(text):
        text = plain_text(text)
    text = _normalise(text)
    text = _sub(_EMAIL, _email_repl, text)
    text = _sub(_URL, _url_repl, text)
    text = re.sub(r"\((0\d{1,3})\)[ ]*(?=\d)", r"\1 ", text)  # "(024) 3936 1234"
    text = _sub(_PHONE, _phone_repl, text)
    text = _sub(_DOCUMENT, _document_repl, text)
    text = _early_symbols(text)
    text = _sub(_QUARTER, _quarter_repl, text)
    text = _sub(_TERM, _term_repl, text)
    text = _sub(_FULL_DATE, _full_date_repl, text)
    text = _sub(_MONTH_YEAR, _month_year_repl, text)
    text = _RANGE.sub(" đến ", text)
    text = _sub(_DAY_MONTH, _day_month_repl, text)
    text = _sub(_DAY_OF_MONTH, _day_of_month_repl, text)
    text = _sub(_MONTH, _month_repl, text)
    text = _sub(_TIME, _time_repl, text)
    text = _sub(_MONEY, _money_repl, text)
    text = _sub(_PERCENT, _percent_repl, text)
    text = _sub(_UNIT, _unit_repl, text)
    text = _sub(_ORDINAL, _ordinal_repl, text)
    text = _symbols(text)
    text = _sub(_SLASH_NUMBERS, _slash_numbers_repl, text)
    text = _sub(_PLAIN_NUMBER, _plain_number_repl, text)
    text = _sub(_ANY_DIGITS, _leftover_digits_repl, text)
    text = _sub(_ABBREVIATIONS, _abbreviation_repl, text)
    text = text.replace("%", " phần trăm")
    text = re.sub(r"(?<!\w)và[ ]*/[ ]*hoặc(?!\w)", "và hoặc", text)
    text = _PER.sub(" mỗi ", text)
    text = _OR.sub(" hoặc ", text)
    return _tidy(text)


# --- sentences ----------------------------------------------------------------------------------------------

# Words ending in "." that do not end a sentence.
_NO_BREAK_AFTER = frozenset({"TP.", "Tp.", "TS.", "ThS.", "GS.", "PGS.", "BS.", "PGS.TS.", "GS.TS.", "Th.S."})
_DIGIT_WORDS = frozenset(DIGITS)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’»)]*\s+(?=[\"“‘«(]*[A-ZĐÀ-Ỹ0-9])")


def _split_ends(line: str) -> list[str]:
    """A line cut at . ! ? followed by a capital letter or a digit, except after "TP.", "TS." and the like."""
    pieces, start = [], 0
    for match in _SENTENCE_END.finditer(line):
        words = line[start : match.start()].split()
        if words and words[-1] in _NO_BREAK_AFTER:
            continue
        pieces.append(line[start : match.start()].strip())
        start = match.end()
    pieces.append(line[start:].strip())
    return [p for p in pieces if p]


def _breaks(words: list[str]) -> list[tuple[int, int]]:
    """(index of the first word of the second part, rank) of each place a long sentence may be cut:
    after ";" (best), after "," (not between two digit words: a phone number), before "và" (not inside a
    name such as "Thương binh và Xã hội")."""
    places = []
    for i in range(1, len(words)):
        previous, word = words[i - 1], words[i]
        if previous.endswith(";"):
            places.append((i, 0))
        elif previous.endswith(","):
            if previous.rstrip(",").lower() in _DIGIT_WORDS and word.lower() in _DIGIT_WORDS:
                continue
            places.append((i, 1))
        elif word == "và" and i + 1 < len(words) and not words[i + 1][:1].isupper():
            places.append((i, 3))
    return places


def _finish(words: list[str]) -> str:
    """A piece made a sentence: capital first letter, "," or ";" at the end replaced by "."."""
    text = " ".join(words)
    text = text[0].upper() + text[1:]
    text = re.sub(r"[,;:]$", "", text)
    return text if text[-1] in '.!?…"”' else text + "."


def _shorten(words: list[str], max_words: int) -> list[list[str]]:
    if len(words) <= max_words:
        return [words]
    places = [(i, p) for i, p in _breaks(words) if i >= 3 and len(words) - i >= 3]
    if not places:
        return [words]  # no place to cut without breaking a phrase: better long than wrong
    cut = min(places, key=lambda place: (place[1], max(place[0], len(words) - place[0])))[0]
    return _shorten(words[:cut], max_words) + _shorten(words[cut:], max_words)


def sentences(text: str, max_words: int = 25) -> list[str]:
    """Short sentences for speaking, one breath each, from a text (usually the output of :func:`spoken`).

    Each line is cut at sentence ends; a sentence longer than ``max_words`` words is cut again, and again,
    at a semicolon if it has one, else at a comma, else before "và" (the deepest pause the writer marked
    comes first), choosing among those the place that gives the most even parts; never inside a number or
    a phone number, and never leaving a piece of fewer than three words. Every piece ends with a
    full stop (or its own ! ? …) and starts with a capital letter, so a reader or a voice makes a real pause.
    """
    out = []
    for line in text.split("\n"):
        for sentence in _split_ends(line.strip()):
            for piece in _shorten(sentence.split(), max_words):
                out.append(_finish(piece))
    return out
