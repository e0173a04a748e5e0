"""The speaking rules of a loudspeaker bulletin: written Vietnamese in, the script as it is read out.

Every case is a sentence an article of Vietnam Social Security or of a commune could contain, and what the
announcer (or the espeak-ng ``vi`` voice) must say for it.
"""

import datetime
import unicodedata
from decimal import Decimal

import pytest

from lantoa.bulletins.speech import (
    ABBREVIATIONS,
    date_words,
    decimal_words,
    money_words,
    number_words,
    phone_words,
    plain_text,
    sentences,
    spoken,
)

Y2026 = "hai nghìn không trăm hai mươi sáu"
Y2025 = "hai nghìn không trăm hai mươi lăm"
Y2024 = "hai nghìn không trăm hai mươi tư"

# --- numbers ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "không"),
        (5, "năm"),
        (10, "mười"),
        (11, "mười một"),
        (14, "mười bốn"),
        (15, "mười lăm"),
        (20, "hai mươi"),
        (21, "hai mươi mốt"),
        (24, "hai mươi tư"),
        (25, "hai mươi lăm"),
        (55, "năm mươi lăm"),
        (100, "một trăm"),
        (101, "một trăm linh một"),
        (104, "một trăm linh bốn"),
        (105, "một trăm linh năm"),
        (110, "một trăm mười"),
        (115, "một trăm mười lăm"),
        (1000, "một nghìn"),
        (1005, "một nghìn không trăm linh năm"),
        (1010, "một nghìn không trăm mười"),
        (2026, Y2026),
        (10_000, "mười nghìn"),
        (330_000, "ba trăm ba mươi nghìn"),
        (1_000_005, "một triệu không trăm linh năm"),
        (1_005_000, "một triệu không trăm linh năm nghìn"),
        (1_759_995, "một triệu bảy trăm năm mươi chín nghìn chín trăm chín mươi lăm"),
        (2_530_000, "hai triệu năm trăm ba mươi nghìn"),
        (1_000_000_000, "một tỷ"),
        (1_000_000_005, "một tỷ không trăm linh năm"),
        (12_345_000_000_000, "mười hai nghìn ba trăm bốn mươi lăm tỷ"),
        (-5, "âm năm"),
    ],
)
def test_number_words_read_the_northern_way(n, words):
    assert number_words(n) == words


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("4,5", "bốn phẩy năm"),
        ("3,9", "ba phẩy chín"),
        ("2,53", "hai phẩy năm mươi ba"),
        ("3,05", "ba phẩy không năm"),
        ("1.759.995", "một triệu bảy trăm năm mươi chín nghìn chín trăm chín mươi lăm"),
        ("1.234,5", "một nghìn hai trăm ba mươi tư phẩy năm"),
        ("2530000", "hai triệu năm trăm ba mươi nghìn"),
        ("1,759,995", "một triệu bảy trăm năm mươi chín nghìn chín trăm chín mươi lăm"),
        ("-4,5", "âm bốn phẩy năm"),
    ],
)
def test_decimal_words(text, words):
    assert decimal_words(text) == words


def test_decimal_words_refuses_what_is_not_a_number():
    with pytest.raises(ValueError):
        decimal_words("ba")


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Toàn tỉnh có 1.759.995 người tham gia bảo hiểm y tế.", "Toàn tỉnh có " + number_words(1_759_995) + " người"),
        ("Năm 2026, số thu đạt 2530000 triệu đồng.", f"Năm {Y2026}, số thu đạt hai triệu năm trăm ba mươi nghìn"),
        ("Người dân chỉ cần mang 01 bản sao giấy khai sinh.", "chỉ cần mang một bản sao"),
        ("Hồ sơ gồm 02 tờ khai và 05 ảnh.", "gồm hai tờ khai và năm ảnh"),
        ("Tổng thu đạt 12.345 tỷ đồng.", "mười hai nghìn ba trăm bốn mươi lăm tỷ đồng"),
        ("Tốc độ tăng trưởng đạt 3,9 lần so với cùng kỳ.", "ba phẩy chín lần"),
        ("Toàn huyện có 110 hộ và 21 xã, 24 thôn, 25 tổ dân phố.", "một trăm mười hộ và hai mươi mốt xã, hai mươi tư"),
        ("Cuộc cách mạng công nghiệp 4.0 đang diễn ra.", "công nghiệp bốn chấm không đang"),
    ],
)
def test_numbers_in_sentences(text, said):
    assert said in spoken(text)


def test_codes_with_a_leading_zero_and_long_runs_are_read_digit_by_digit():
    assert spoken("Mã số bảo hiểm xã hội 7912345678 đã được cấp.") == (
        "Mã số bảo hiểm xã hội bảy chín một hai ba bốn năm sáu bảy tám đã được cấp."
    )
    assert spoken("Nhập mã 0123 để xác nhận.") == "Nhập mã không một hai ba để xác nhận."


def test_a_sentence_starting_with_a_number_starts_with_a_capital():
    assert spoken("330.000 đồng là mức đóng thấp nhất.") == "Ba trăm ba mươi nghìn đồng là mức đóng thấp nhất."
    assert spoken("Mức đóng tăng. 15 xã đã hoàn thành.") == "Mức đóng tăng. Mười lăm xã đã hoàn thành."


def test_no_digit_reaches_the_voice():
    text = spoken("Đoàn công tác QH15 và nhóm F0 làm việc với 3 xã, chỉ số 12.5000 tăng.")
    assert not any(char.isdigit() for char in text)
    assert "mười lăm" in text


# --- dates --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("d", "words"),
    [
        (datetime.date(2026, 7, 1), f"ngày mùng một tháng bảy năm {Y2026}"),
        (datetime.date(2026, 4, 10), f"ngày mùng mười tháng tư năm {Y2026}"),
        (datetime.date(2025, 8, 15), f"ngày mười lăm tháng tám năm {Y2025}"),
        (datetime.date(2025, 12, 31), f"ngày ba mươi mốt tháng mười hai năm {Y2025}"),
        (datetime.date(2027, 1, 11), "ngày mười một tháng một năm hai nghìn không trăm hai mươi bảy"),
    ],
)
def test_date_words(d, words):
    assert date_words(d) == words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mức đóng mới áp dụng từ 01/07/2026.",
            f"Mức đóng mới áp dụng từ ngày mùng một tháng bảy năm {Y2026}.",
        ),
        (
            "Ngày 15/8/2025, Bảo hiểm xã hội tỉnh tổ chức hội nghị.",
            f"Ngày mười lăm tháng tám năm {Y2025}, Bảo hiểm xã hội tỉnh tổ chức hội nghị.",
        ),
        (
            "Từ ngày 01/07/2026, người lao động được hưởng mức mới.",
            f"Từ ngày mùng một tháng bảy năm {Y2026}, người lao động được hưởng mức mới.",
        ),
        (
            "Luật có hiệu lực thi hành kể từ 01/01/2027.",
            "Luật có hiệu lực thi hành kể từ ngày mùng một tháng một năm hai nghìn không trăm hai mươi bảy.",
        ),
        (
            "Hạn nộp hồ sơ là 30/4/2026.",
            f"Hạn nộp hồ sơ là ngày ba mươi tháng tư năm {Y2026}.",
        ),
        (
            "Lễ phát động diễn ra vào mùng 2/9/2025.",
            f"Lễ phát động diễn ra vào mùng hai tháng chín năm {Y2025}.",
        ),
        (
            "Hội nghị diễn ra ngày 10-10-2025 tại hội trường xã.",
            f"Hội nghị diễn ra ngày mùng mười tháng mười năm {Y2025} tại hội trường xã.",
        ),
        (
            "Văn bản ký ngày 05.03.2026.",
            f"Văn bản ký ngày mùng năm tháng ba năm {Y2026}.",
        ),
        (
            "01/07/2026 là ngày Luật có hiệu lực.",
            f"Ngày mùng một tháng bảy năm {Y2026} là ngày Luật có hiệu lực.",
        ),
    ],
)
def test_full_dates(text, expected):
    assert spoken(text) == expected


def test_a_written_ngay_is_never_repeated():
    assert "ngày ngày" not in spoken("Ngày 15/8/2025 và ngày 01/7/2026, ngày 5/9.").lower()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Từ tháng 7/2026, lương hưu tăng.", f"Từ tháng bảy năm {Y2026}, lương hưu tăng."),
        ("Kết quả tháng 4/2026 rất khả quan.", f"Kết quả tháng tư năm {Y2026} rất khả quan."),
        ("Số liệu tính đến 12/2025.", f"Số liệu tính đến tháng mười hai năm {Y2025}."),
        ("Năm 2026 là năm đầu thực hiện Luật.", f"Năm {Y2026} là năm đầu thực hiện Luật."),
        ("Lương hưu được chi trả vào tháng 4 năm 2026.", f"Lương hưu được chi trả vào tháng tư năm {Y2026}."),
        ("Quý I/2026, toàn tỉnh thu vượt kế hoạch.", f"Quý một năm {Y2026}, toàn tỉnh thu vượt kế hoạch."),
        ("Trong quý IV, số người tham gia tăng.", "Trong quý bốn, số người tham gia tăng."),
        (
            "Lương hưu được chi trả từ ngày 5 hằng tháng.",
            "Lương hưu được chi trả từ ngày mùng năm hằng tháng.",
        ),
        (
            "Hội nghị tổ chức ngày 20 tháng 11 năm 2025.",
            f"Hội nghị tổ chức ngày hai mươi tháng mười một năm {Y2025}.",
        ),
        (
            "Đợt cao điểm từ 1/7 đến 31/12.",
            "Đợt cao điểm từ ngày mùng một tháng bảy đến ngày ba mươi mốt tháng mười hai.",
        ),
        ("Ngày 2/9 là ngày Quốc khánh.", "Ngày mùng hai tháng chín là ngày Quốc khánh."),
    ],
)
def test_months_years_and_days(text, expected):
    assert spoken(text) == expected


def test_times_of_day():
    assert spoken("Hội nghị bắt đầu lúc 8h30 và kết thúc lúc 11h.") == (
        "Hội nghị bắt đầu lúc tám giờ ba mươi phút và kết thúc lúc mười một giờ."
    )
    assert spoken("Thời gian: 8 giờ 05 phút, 01/07/2026.") == (
        f"Thời gian: tám giờ năm phút, ngày mùng một tháng bảy năm {Y2026}."
    )


def test_an_impossible_date_is_not_read_as_a_date():
    assert "tháng" not in spoken("Tỷ lệ 31/02/2026 không hợp lệ.")
    assert spoken("Hạn cuối là ngày 29/2, không phải ngày 31/2.") == (
        "Hạn cuối là ngày hai mươi chín tháng hai, không phải ngày ba mươi mốt trên hai."
    )


# --- money and percentages ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Mức đóng thấp nhất là 330.000 đ.",
        "Mức đóng thấp nhất là 330.000 đồng.",
        "Mức đóng thấp nhất là 330.000đ.",
        "Mức đóng thấp nhất là 330.000 VNĐ.",
        "Mức đóng thấp nhất là 330.000 VND.",
    ],
)
def test_money_in_every_written_form_ends_in_dong(text):
    assert spoken(text) == "Mức đóng thấp nhất là ba trăm ba mươi nghìn đồng."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mức lương cơ sở là 2,53 triệu đồng.",
            "Mức lương cơ sở là hai phẩy năm mươi ba triệu đồng.",
        ),
        (
            "Người tham gia đóng 1.500.000 đồng/tháng.",
            "Người tham gia đóng một triệu năm trăm nghìn đồng mỗi tháng.",
        ),
        (
            "Nhà nước hỗ trợ 33.000 đồng/người/tháng.",
            "Nhà nước hỗ trợ ba mươi ba nghìn đồng mỗi người mỗi tháng.",
        ),
        (
            "Học sinh đóng 1.263.600 đồng/học sinh/năm.",
            "Học sinh đóng một triệu hai trăm sáu mươi ba nghìn sáu trăm đồng mỗi học sinh mỗi năm.",
        ),
        (
            "Số tiền phải đóng là 1.500.000 đồng x 12 tháng.",
            "Số tiền phải đóng là một triệu năm trăm nghìn đồng nhân mười hai tháng.",
        ),
        (
            "Ngân sách chi 1.234,5 tỷ đồng cho bảo hiểm y tế.",
            "Ngân sách chi một nghìn hai trăm ba mươi tư phẩy năm tỷ đồng cho bảo hiểm y tế.",
        ),
        (
            "Mức hỗ trợ từ 1-2 triệu đồng mỗi hộ.",
            "Mức hỗ trợ từ một đến hai triệu đồng mỗi hộ.",
        ),
        ("Giá trị hợp đồng là 500 USD.", "Giá trị hợp đồng là năm trăm đô la Mỹ."),
    ],
)
def test_money(text, expected):
    assert spoken(text) == expected


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (330_000, "ba trăm ba mươi nghìn đồng"),
        ("1.500.000", "một triệu năm trăm nghìn đồng"),
        ("2,53 triệu", "hai phẩy năm mươi ba triệu đồng"),
        (Decimal("2.5"), "hai phẩy năm đồng"),
        (Decimal("2530000"), "hai triệu năm trăm ba mươi nghìn đồng"),
    ],
)
def test_money_words(amount, words):
    assert money_words(amount) == words


def test_money_words_in_another_currency():
    assert money_words(500, "đô la Mỹ") == "năm trăm đô la Mỹ"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Người tham gia bảo hiểm xã hội tự nguyện đóng 22% mức thu nhập.",
            "Người tham gia bảo hiểm xã hội tự nguyện đóng hai mươi hai phần trăm mức thu nhập.",
        ),
        ("Lãi suất đầu tư đạt 4,5 % một năm.", "Lãi suất đầu tư đạt bốn phẩy năm phần trăm một năm."),
        (
            "Nhà nước hỗ trợ 50-70% mức đóng bảo hiểm y tế.",
            "Nhà nước hỗ trợ năm mươi đến bảy mươi phần trăm mức đóng bảo hiểm y tế.",
        ),
        (
            "Tỷ lệ hỗ trợ từ 50%–70% tùy đối tượng.",
            "Tỷ lệ hỗ trợ từ năm mươi phần trăm đến bảy mươi phần trăm tùy đối tượng.",
        ),
        ("Tỷ lệ bao phủ đạt khoảng ~95%.", "Tỷ lệ bao phủ đạt khoảng chín mươi lăm phần trăm."),
        (
            "Mức đóng = 22% x mức thu nhập tháng.",
            "Mức đóng bằng hai mươi hai phần trăm nhân mức thu nhập tháng.",
        ),
    ],
)
def test_percentages(text, expected):
    assert spoken(text) == expected


# --- phone numbers ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("digits", "words"),
    [
        ("0912 345 678", "không chín một hai, ba bốn năm, sáu bảy tám"),
        ("0912345678", "không chín một hai, ba bốn năm, sáu bảy tám"),
        ("0912.345.678", "không chín một hai, ba bốn năm, sáu bảy tám"),
        ("0912-345-678", "không chín một hai, ba bốn năm, sáu bảy tám"),
        ("1900 9068", "một chín không không, chín không sáu tám"),
        ("19009068", "một chín không không, chín không sáu tám"),
        ("024 3936 1234", "không hai bốn, ba chín ba sáu, một hai ba bốn"),
        ("+84 912 345 678", "không chín một hai, ba bốn năm, sáu bảy tám"),
    ],
)
def test_phone_words(digits, words):
    assert phone_words(digits) == words


def test_phone_words_refuses_letters():
    with pytest.raises(ValueError):
        phone_words("0912 ABC 678")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mọi thắc mắc xin gọi đường dây nóng 1900 9068.",
            "Mọi thắc mắc xin gọi đường dây nóng một chín không không, chín không sáu tám.",
        ),
        (
            "Liên hệ cán bộ thu theo số 0912 345 678 để được hỗ trợ.",
            "Liên hệ cán bộ thu theo số không chín một hai, ba bốn năm, sáu bảy tám để được hỗ trợ.",
        ),
        (
            "Số điện thoại của Bảo hiểm xã hội huyện là (024) 3936 1234.",
            "Số điện thoại của Bảo hiểm xã hội huyện là không hai bốn, ba chín ba sáu, một hai ba bốn.",
        ),
        (
            "Hotline: 1900.9068. Ngoài giờ gọi 0987654321.",
            "Hotline: một chín không không, chín không sáu tám. Ngoài giờ gọi không chín tám bảy, sáu năm bốn, "
            "ba hai một.",
        ),
        (
            "Gọi 0912 345 678 10 lần không được.",
            "Gọi không chín một hai, ba bốn năm, sáu bảy tám mười lần không được.",
        ),
    ],
)
def test_phone_numbers_in_sentences(text, expected):
    assert spoken(text) == expected


def test_a_range_of_years_is_not_a_hotline():
    assert spoken("Giai đoạn 1900-1945 được nhắc lại.") == (
        "Giai đoạn một nghìn chín trăm đến một nghìn chín trăm bốn mươi lăm được nhắc lại."
    )


# --- document numbers ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Theo Nghị định 158/2025/NĐ-CP, người lao động được hưởng trợ cấp.",
            f"Theo Nghị định số một trăm năm mươi tám năm {Y2025} của Chính phủ, người lao động được hưởng trợ cấp.",
        ),
        (
            "Luật số 41/2024/QH15 có hiệu lực.",
            f"Luật số bốn mươi mốt năm {Y2024} của Quốc hội khóa mười lăm có hiệu lực.",
        ),
        (
            "Luật Bảo hiểm xã hội số 41/2024/QH15 gồm 11 chương.",
            f"Luật Bảo hiểm xã hội số bốn mươi mốt năm {Y2024} của Quốc hội khóa mười lăm gồm mười một chương.",
        ),
        (
            "Nghị định số 158/2025/NĐ-CP của Chính phủ quy định chi tiết.",
            f"Nghị định số một trăm năm mươi tám năm {Y2025} của Chính phủ quy định chi tiết.",
        ),
        (
            "Thông tư 12/2025/TT-BYT hướng dẫn khám chữa bệnh.",
            f"Thông tư số mười hai năm {Y2025} của Bộ Y tế hướng dẫn khám chữa bệnh.",
        ),
        (
            "Thực hiện 12/2025/TT-BLĐTBXH về chế độ.",
            f"Thực hiện thông tư số mười hai năm {Y2025} của Bộ Lao động – Thương binh và Xã hội về chế độ.",
        ),
        (
            "Quyết định số 595/QĐ-BHXH ban hành quy trình thu.",
            "Quyết định số năm trăm chín mươi lăm của Bảo hiểm xã hội Việt Nam ban hành quy trình thu.",
        ),
        (
            "Công văn 1234/BHXH-TST hướng dẫn thu.",
            "Công văn số một nghìn hai trăm ba mươi tư của Bảo hiểm xã hội Việt Nam hướng dẫn thu.",
        ),
        (
            "Quyết định 123/QĐ-UBND của Ủy ban nhân dân tỉnh.",
            "Quyết định số một trăm hai mươi ba của Ủy ban nhân dân tỉnh.",
        ),
        (
            "Quán triệt Nghị quyết 57-NQ/TW về khoa học.",
            "Quán triệt Nghị quyết số năm mươi bảy của Trung ương về khoa học.",
        ),
        (
            "Nghị quyết số 68/2025/UBTVQH15 được thông qua.",
            f"Nghị quyết số sáu mươi tám năm {Y2025} của Ủy ban Thường vụ Quốc hội khóa mười lăm được thông qua.",
        ),
        ("Kế hoạch số 15/2026 của xã.", f"Kế hoạch số mười lăm năm {Y2026} của xã."),
    ],
)
def test_document_numbers(text, expected):
    assert spoken(text) == expected


def test_document_only_abbreviations_stay_in_running_text():
    assert spoken("Phòng TT của trung tâm.") == "Phòng TT của trung tâm."


# --- ranges, signs and ordinals -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Kết quả năm học 2016–2017 được công bố.",
            "Kết quả năm học hai nghìn không trăm mười sáu đến hai nghìn không trăm mười bảy được công bố.",
        ),
        (
            "Kết quả năm học 2016-2017 được công bố.",
            "Kết quả năm học hai nghìn không trăm mười sáu đến hai nghìn không trăm mười bảy được công bố.",
        ),
        ("Người từ 20 - 25 tuổi tham gia.", "Người từ hai mươi đến hai mươi lăm tuổi tham gia."),
        ("Tổng cộng 2 + 3 hồ sơ.", "Tổng cộng hai cộng ba hồ sơ."),
        (
            "Tuyên truyền chính sách BHXH + BHYT cho người dân.",
            "Tuyên truyền chính sách bảo hiểm xã hội và bảo hiểm y tế cho người dân.",
        ),
        ("Chương trình Tin tức & Sự kiện.", "Chương trình Tin tức và Sự kiện."),
        ("Người tham gia và/hoặc thân nhân.", "Người tham gia và hoặc thân nhân."),
        ("Bảo hiểm xã hội tỉnh/thành phố.", "Bảo hiểm xã hội tỉnh hoặc thành phố."),
        ("Diện tích 25 ha và 3,5 km đường.", "Diện tích hai mươi lăm héc ta và ba phẩy năm ki lô mét đường."),
        (
            "Hỗ trợ 1/2 mức đóng, 2/3 số xã, 3/4 số hộ.",
            "Hỗ trợ một phần hai mức đóng, hai phần ba số xã, ba phần tư số hộ.",
        ),
        ("Đã có 63/63 tỉnh hoàn thành.", "Đã có sáu mươi ba trên sáu mươi ba tỉnh hoàn thành."),
        ("Bệnh nhân mắc Covid-19 được điều trị.", "Bệnh nhân mắc Covid mười chín được điều trị."),
    ],
)
def test_ranges_and_signs(text, expected):
    assert spoken(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đây là lần thứ 2 hội nghị được tổ chức.", "Đây là lần thứ hai hội nghị được tổ chức."),
        ("Cán bộ trực vào thứ 4 hằng tuần.", "Cán bộ trực vào thứ tư hằng tuần."),
        ("Xã đạt giải thứ 1 toàn huyện.", "Xã đạt giải thứ nhất toàn huyện."),
        ("Thứ 7 và Chủ nhật vẫn làm việc.", "Thứ bảy và Chủ nhật vẫn làm việc."),
        ("Đây là đại hội lần thứ 14.", "Đây là đại hội lần thứ mười bốn."),
        ("Quốc hội khóa XV thông qua Luật.", "Quốc hội khóa mười lăm thông qua Luật."),
    ],
)
def test_ordinals(text, expected):
    assert spoken(text) == expected


# --- abbreviations ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("BHXH", "bảo hiểm xã hội"),
        ("BHYT", "bảo hiểm y tế"),
        ("BHTN", "bảo hiểm thất nghiệp"),
        ("UBND", "Ủy ban nhân dân"),
        ("HĐND", "Hội đồng nhân dân"),
        ("NĐ-CP", "Nghị định của Chính phủ"),
        ("QH", "Quốc hội"),
        ("TT", "thông tư"),
        ("CCCD", "căn cước công dân"),
        ("CMND", "chứng minh nhân dân"),
        ("ĐVHC", "đơn vị hành chính"),
        ("KCB", "khám chữa bệnh"),
        ("TP.", "thành phố"),
        ("TP.HCM", "thành phố Hồ Chí Minh"),
        ("VSS", "Bảo hiểm xã hội Việt Nam"),
        ("VNĐ", "đồng"),
        ("v.v.", "vân vân"),
        ("STT", "số thứ tự"),
        ("SĐT", "số điện thoại"),
    ],
)
def test_abbreviations_table(key, value):
    assert ABBREVIATIONS[key] == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Người tham gia BHXH tự nguyện được Nhà nước hỗ trợ.",
            "Người tham gia bảo hiểm xã hội tự nguyện được Nhà nước hỗ trợ.",
        ),
        (
            "BHXH tỉnh phối hợp với UBND xã và HĐND huyện.",
            "Bảo hiểm xã hội tỉnh phối hợp với Ủy ban nhân dân xã và Hội đồng nhân dân huyện.",
        ),
        (
            "Người dân dùng CCCD thay thẻ BHYT khi đi KCB.",
            "Người dân dùng căn cước công dân thay thẻ bảo hiểm y tế khi đi khám chữa bệnh.",
        ),
        (
            "Hội nghị tại TP.HCM, TP. HCM và TP. Hà Nội.",
            "Hội nghị tại thành phố Hồ Chí Minh, thành phố Hồ Chí Minh và thành phố Hà Nội.",
        ),
        ("Giám đốc BHXH TP.Huế phát biểu.", "Giám đốc bảo hiểm xã hội thành phố Huế phát biểu."),
        (
            "Mang theo CMND, sổ BHXH, v.v. khi đến làm thủ tục.",
            "Mang theo chứng minh nhân dân, sổ bảo hiểm xã hội, vân vân khi đến làm thủ tục.",
        ),
        (
            "Giấy tờ gồm CCCD, giấy khai sinh, v.v. Người dân nộp tại xã.",
            "Giấy tờ gồm căn cước công dân, giấy khai sinh, vân vân. Người dân nộp tại xã.",
        ),
        ("VSS triển khai ứng dụng mới.", "Bảo hiểm xã hội Việt Nam triển khai ứng dụng mới."),
        (
            "Người lao động mất việc được hưởng BHTN.",
            "Người lao động mất việc được hưởng bảo hiểm thất nghiệp.",
        ),
        ("Ghi rõ STT và SĐT liên hệ.", "Ghi rõ số thứ tự và số điện thoại liên hệ."),
        ("Sắp xếp ĐVHC cấp xã.", "Sắp xếp đơn vị hành chính cấp xã."),
        ("Đơn vị tính: VNĐ.", "Đơn vị tính: đồng."),
        ("Đ/c Nguyễn Văn An phát biểu.", "Đồng chí Nguyễn Văn An phát biểu."),
        ("PGS.TS Trần Văn Bình cho biết.", "Phó Giáo sư, Tiến sĩ Trần Văn Bình cho biết."),
    ],
)
def test_abbreviations_in_sentences(text, expected):
    assert spoken(text) == expected


def test_abbreviations_are_whole_words_and_case_sensitive():
    assert spoken("Tên miền bhxh và mã BHXHVN giữ nguyên.") == "Tên miền bhxh và mã BHXHVN giữ nguyên."


def test_an_acronym_in_parentheses_after_its_long_form_is_not_heard_twice():
    assert spoken("Bảo hiểm xã hội Việt Nam (BHXH) vừa có văn bản.") == "Bảo hiểm xã hội Việt Nam vừa có văn bản."
    assert spoken("Phụ lục (II) kèm theo.") == "Phụ lục (II) kèm theo."


# --- addresses and pauses -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Tra cứu quá trình đóng tại baohiemxahoi.gov.vn.",
            "Tra cứu quá trình đóng tại trang web baohiemxahoi chấm gov chấm vn.",
        ),
        (
            "Xem chi tiết tại https://baohiemxahoi.gov.vn/tintuc/Pages/default.aspx.",
            "Xem chi tiết tại trang web baohiemxahoi chấm gov chấm vn.",
        ),
        (
            "Truy cập website www.dichvucong.gov.vn để nộp hồ sơ.",
            "Truy cập website dichvucong chấm gov chấm vn để nộp hồ sơ.",
        ),
        (
            "Mọi thắc mắc gửi về hotro@baohiemxahoi.gov.vn.",
            "Mọi thắc mắc gửi về hotro a còng baohiemxahoi chấm gov chấm vn.",
        ),
    ],
)
def test_web_and_mail_addresses(text, expected):
    assert spoken(text) == expected


def test_ellipsis_stays_as_a_pause():
    assert spoken("Hội nghị đã diễn ra… Mọi người phấn khởi...") == "Hội nghị đã diễn ra… Mọi người phấn khởi…"


def test_list_bullets_are_dropped():
    assert spoken("- Người lao động\n+ Thân nhân\n• Học sinh") == "Người lao động\nThân nhân\nHọc sinh"


# --- text in words, diacritics, idempotence -----------------------------------------------------------------

ALREADY_SPOKEN = [
    "Bảo hiểm xã hội là trụ cột chính của hệ thống an sinh xã hội.",
    "Người dân có thể tra cứu thông tin trên ứng dụng VssID, nhanh chóng và thuận tiện.",
    "Chủ tịch Ủy ban nhân dân xã phát biểu: “Không để ai bị bỏ lại phía sau!”",
    "Đóng bảo hiểm y tế hộ gia đình, mức đóng giảm dần từ người thứ hai trở đi (theo quy định).",
    "Thứ tư tuần này, cán bộ thu về tận thôn hướng dẫn bà con.",
]


@pytest.mark.parametrize("text", ALREADY_SPOKEN)
def test_text_already_in_words_is_unchanged(text):
    assert spoken(text) == text


ARTICLE = [
    "Mức đóng BHXH tự nguyện từ 01/07/2026 là 22% mức thu nhập chọn, thấp nhất 330.000 đ/tháng.",
    "Theo Nghị định 158/2025/NĐ-CP, Nhà nước hỗ trợ 50-70% mức đóng cho người thuộc hộ nghèo.",
    "Luật số 41/2024/QH15 có hiệu lực từ ngày 1/7/2025; lương cơ sở là 2,53 triệu đồng.",
    "Mọi thắc mắc gọi 1900 9068 hoặc 0912 345 678, email hotro@baohiemxahoi.gov.vn.",
    "Quý I/2026, TP.HCM thu 12.345 tỷ đồng, đạt 103,5% kế hoạch; lần thứ 4 vượt chỉ tiêu.",
    "BHXH tỉnh & UBND xã tuyên truyền ~1.500 lượt, chi 1.500.000 đồng x 12 tháng.",
    "Giai đoạn 2016–2017, tỷ lệ bao phủ BHYT đạt 4,5 %, v.v.",
    "Đ/c Trần Văn An, Giám đốc BHXH TP. Huế, làm việc lúc 8h30 ngày 5 tháng 7.",
]


ODD = [
    "Đoàn công tác QH15 và nhóm F0 làm việc với 3 xã, chỉ số 12.5000 tăng.",
    "Hỗ trợ 1/2 mức đóng; ngày 29/2 và 31/2; mã 0123; 7h30-17h00.",
    "<p>BHXH tỉnh họp ngày 15/8/2025.</p><p>Gọi <b>1900 9068</b>.</p>",
]


@pytest.mark.parametrize("text", ARTICLE + ALREADY_SPOKEN + ODD)
def test_spoken_is_idempotent(text):
    once = spoken(text)
    assert spoken(once) == once


@pytest.mark.parametrize("text", ARTICLE)
def test_spoken_leaves_no_digit_nor_sign(text):
    out = spoken(text)
    assert not any(char.isdigit() or char in "%&/~+=@" for char in out), out


def test_diacritics_are_kept_and_normalised():
    composed = "Bảo hiểm y tế hộ gia đình được giảm trừ mức đóng."
    assert spoken(unicodedata.normalize("NFD", composed)) == composed


def test_empty_text():
    assert spoken("") == ""
    assert sentences("") == []


# --- HTML ---------------------------------------------------------------------------------------------------


def test_plain_text_keeps_paragraphs_and_drops_tags():
    html = (
        "<h2>Tin &amp; sự kiện</h2>"
        "<p>Ngày 15/8/2025, <strong>BHXH</strong> tỉnh&nbsp;tổ chức hội nghị.<br>Hội nghị thành công.</p>"
        "<script>alert('x')</script><style>p {color: red}</style>"
        "<ul><li>Người lao động</li><li>Thân nhân &lt;dưới 18 tuổi&gt;</li></ul>"
        "<blockquote><p>Trích dẫn ý kiến</p></blockquote>"
        '<h3>Hỏi – đáp</h3><h4>Liên hệ</h4><p><a href="/lien-he">Xem thêm</a></p>'
    )
    assert plain_text(html) == (
        "Tin & sự kiện\n"
        "Ngày 15/8/2025, BHXH tỉnh tổ chức hội nghị.\n"
        "Hội nghị thành công.\n"
        "Người lao động\n"
        "Thân nhân <dưới 18 tuổi>\n"
        "Trích dẫn ý kiến\n"
        "Hỏi – đáp\n"
        "Liên hệ\n"
        "Xem thêm"
    )


def test_spoken_accepts_html():
    assert spoken("<p>BHXH tỉnh họp ngày 15/8/2025.</p><p>Gọi <b>1900 9068</b>.</p>") == (
        f"Bảo hiểm xã hội tỉnh họp ngày mười lăm tháng tám năm {Y2025}.\nGọi một chín không không, chín không sáu tám."
    )


# --- sentences ----------------------------------------------------------------------------------------------


def test_sentences_split_at_sentence_ends_but_not_after_tp_or_titles():
    assert sentences("TP. Hà Nội có 30 quận. Ông TS. Nam nói. Thật sao? Đúng vậy!\nTiêu đề không chấm") == [
        "TP. Hà Nội có 30 quận.",
        "Ông TS. Nam nói.",
        "Thật sao?",
        "Đúng vậy!",
        "Tiêu đề không chấm.",
    ]


def test_sentences_do_not_split_inside_numbers():
    assert sentences("Toàn tỉnh có 1.759.995 người, đạt 93,5% dân số.") == [
        "Toàn tỉnh có 1.759.995 người, đạt 93,5% dân số."
    ]


def test_long_sentences_are_cut_at_commas_into_pieces_of_at_most_max_words():
    text = spoken(
        "Theo BHXH Việt Nam, từ ngày 01/7/2025, Luật BHXH có hiệu lực, trong đó có nhiều điểm mới về chính sách "
        "BHXH tự nguyện, chế độ thai sản, hỗ trợ tiền đóng và lương hưu cho người lao động, người dân cần tìm hiểu."
    )
    pieces = sentences(text)
    assert len(pieces) > 1
    assert all(len(piece.split()) <= 25 for piece in pieces)
    assert pieces[0] == f"Theo Bảo hiểm xã hội Việt Nam, từ ngày mùng một tháng bảy năm {Y2025}."
    assert all(piece[0].isupper() and piece[-1] == "." for piece in pieces)
    assert " ".join(p.rstrip(".").lower() for p in pieces).replace(",", "") == (
        text.rstrip(".").lower().replace(",", "")
    )


def test_a_phone_number_is_never_cut():
    text = spoken(
        "Người dân có nhu cầu tìm hiểu thêm về chính sách bảo hiểm xã hội tự nguyện và bảo hiểm y tế hộ gia "
        "đình xin liên hệ số 0912 345 678 trong giờ hành chính."
    )
    pieces = sentences(text, max_words=12)
    assert any("không chín một hai, ba bốn năm, sáu bảy tám" in piece for piece in pieces)


def test_long_sentences_may_be_cut_before_va_but_not_inside_a_name():
    text = (
        "Cán bộ bảo hiểm xã hội huyện đã phối hợp chặt chẽ với Bộ Lao động – Thương binh và Xã hội "
        "trong nhiều năm liền và người dân trong toàn huyện rất đồng tình ủng hộ chủ trương này"
    )
    pieces = sentences(text, max_words=20)
    assert pieces == [
        "Cán bộ bảo hiểm xã hội huyện đã phối hợp chặt chẽ với Bộ Lao động – Thương binh và Xã hội "
        "trong nhiều năm liền.",
        "Và người dân trong toàn huyện rất đồng tình ủng hộ chủ trương này.",
    ]


def test_semicolons_are_preferred_places_to_cut():
    text = (
        "Người tham gia được hỗ trợ tiền đóng, được cộng nối thời gian; được hưởng lương hưu, được cấp thẻ "
        "bảo hiểm y tế miễn phí, được hưởng trợ cấp mai táng"
    )
    assert sentences(text, max_words=20) == [
        "Người tham gia được hỗ trợ tiền đóng, được cộng nối thời gian.",
        "Được hưởng lương hưu, được cấp thẻ bảo hiểm y tế miễn phí, được hưởng trợ cấp mai táng.",
    ]


def test_a_sentence_with_no_place_to_cut_stays_whole():
    text = " ".join(["một"] * 30)
    assert sentences(text) == ["Một " + " ".join(["một"] * 29) + "."]


def test_script_of_an_article_end_to_end():
    html = (
        "<p>Mức đóng BHXH tự nguyện từ 01/07/2026 là 22% mức thu nhập chọn, thấp nhất 330.000 đ/tháng.</p>"
        "<p>Chi tiết gọi 1900 9068.</p>"
    )
    assert sentences(spoken(plain_text(html))) == [
        f"Mức đóng bảo hiểm xã hội tự nguyện từ ngày mùng một tháng bảy năm {Y2026} là hai mươi hai phần trăm "
        "mức thu nhập chọn.",
        "Thấp nhất ba trăm ba mươi nghìn đồng mỗi tháng.",
        "Chi tiết gọi một chín không không, chín không sáu tám.",
    ]
