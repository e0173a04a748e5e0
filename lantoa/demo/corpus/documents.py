"""The demo's legal documents: national ones with real numbers, issuers and dates, and the units' own."""

# National legal documents (under the centre): real numbers, issuers and dates.
# (key, title, number, issuer, issued, effective, status, areas, summary, related [(key, relation)])
NATIONAL_DOCUMENTS = [
    (
        "luat-bhxh-2014",
        "Luật Bảo hiểm xã hội năm 2014",
        "58/2014/QH13",
        "Quốc hội",
        "2014-11-20",
        "2016-01-01",
        "expired",
        ["bhxh-bat-buoc", "bhxh-tu-nguyen", "luong-huu-tro-cap"],
        "Luật quy định chế độ, chính sách bảo hiểm xã hội; hết hiệu lực từ ngày 1/7/2025, được thay thế bởi "
        "Luật Bảo hiểm xã hội số 41/2024/QH15.",
        [],
    ),
    (
        "luat-bhxh-2024",
        "Luật Bảo hiểm xã hội năm 2024",
        "41/2024/QH15",
        "Quốc hội",
        "2024-06-29",
        "2025-07-01",
        "in_force",
        ["bhxh-bat-buoc", "bhxh-tu-nguyen", "luong-huu-tro-cap"],
        "Luật mở rộng đối tượng tham gia bảo hiểm xã hội bắt buộc, giảm số năm đóng tối thiểu để hưởng lương "
        "hưu xuống 15 năm, bổ sung trợ cấp hưu trí xã hội và chế độ thai sản cho người tham gia tự nguyện.",
        [("luat-bhxh-2014", "thay thế")],
    ),
    (
        "luat-bhyt-2008",
        "Luật Bảo hiểm y tế",
        "25/2008/QH12",
        "Quốc hội",
        "2008-11-14",
        "2009-07-01",
        "partly",
        ["bao-hiem-y-te", "bhyt-ho-gia-dinh"],
        "Luật quy định về chế độ, chính sách bảo hiểm y tế; đã được sửa đổi, bổ sung nhiều lần.",
        [],
    ),
    (
        "luat-bhyt-2024",
        "Luật sửa đổi, bổ sung một số điều của Luật Bảo hiểm y tế",
        "51/2024/QH15",
        "Quốc hội",
        "2024-11-27",
        "2025-07-01",
        "in_force",
        ["bao-hiem-y-te", "bhyt-ho-gia-dinh"],
        "Luật bổ sung đối tượng tham gia, điều chỉnh phạm vi quyền lợi và việc thanh toán chi phí khám bệnh, "
        "chữa bệnh bảo hiểm y tế khi chuyển cơ sở khám chữa bệnh.",
        [("luat-bhyt-2008", "sửa đổi, bổ sung")],
    ),
    (
        "luat-atvsld",
        "Luật An toàn, vệ sinh lao động",
        "84/2015/QH13",
        "Quốc hội",
        "2015-06-25",
        "2016-07-01",
        "in_force",
        ["tai-nan-lao-dong"],
        "Luật quy định chế độ bảo hiểm tai nạn lao động, bệnh nghề nghiệp bắt buộc và trách nhiệm bảo đảm an "
        "toàn, vệ sinh lao động.",
        [],
    ),
    (
        "luat-viec-lam-2025",
        "Luật Việc làm",
        "74/2025/QH15",
        "Quốc hội",
        "2025-06-16",
        "2026-01-01",
        "in_force",
        ["bao-hiem-that-nghiep"],
        "Luật quy định chính sách hỗ trợ tạo việc làm, thông tin thị trường lao động và bảo hiểm thất nghiệp.",
        [],
    ),
    (
        "nd-158-2025",
        "Nghị định quy định chi tiết và hướng dẫn thi hành một số điều của Luật Bảo hiểm xã hội về bảo hiểm "
        "xã hội bắt buộc",
        "158/2025/NĐ-CP",
        "Chính phủ",
        "2025-06-25",
        "2025-07-01",
        "in_force",
        ["bhxh-bat-buoc"],
        "Nghị định hướng dẫn đối tượng tham gia, tiền lương làm căn cứ đóng và các chế độ bảo hiểm xã hội bắt "
        "buộc theo Luật Bảo hiểm xã hội năm 2024.",
        [("luat-bhxh-2024", "hướng dẫn thi hành")],
    ),
    (
        "nd-159-2025",
        "Nghị định quy định chi tiết và hướng dẫn thi hành một số điều của Luật Bảo hiểm xã hội về bảo hiểm "
        "xã hội tự nguyện",
        "159/2025/NĐ-CP",
        "Chính phủ",
        "2025-06-25",
        "2025-07-01",
        "in_force",
        ["bhxh-tu-nguyen"],
        "Nghị định hướng dẫn mức đóng, phương thức đóng, mức hỗ trợ tiền đóng của Nhà nước và chế độ hưởng của "
        "người tham gia bảo hiểm xã hội tự nguyện.",
        [("luat-bhxh-2024", "hướng dẫn thi hành")],
    ),
    (
        "nd-176-2025",
        "Nghị định quy định chi tiết về trợ cấp hưu trí xã hội",
        "176/2025/NĐ-CP",
        "Chính phủ",
        "2025-06-30",
        "2025-07-01",
        "in_force",
        ["luong-huu-tro-cap"],
        "Nghị định quy định đối tượng, mức trợ cấp hưu trí xã hội, hồ sơ, thủ tục hưởng và việc cấp thẻ bảo "
        "hiểm y tế cho người hưởng.",
        [("luat-bhxh-2024", "hướng dẫn thi hành")],
    ),
    (
        "nd-188-2025",
        "Nghị định quy định chi tiết và hướng dẫn biện pháp thi hành Luật Bảo hiểm y tế",
        "188/2025/NĐ-CP",
        "Chính phủ",
        "2025-07-01",
        "2025-07-01",
        "in_force",
        ["bao-hiem-y-te", "bhyt-ho-gia-dinh"],
        "Nghị định hướng dẫn đối tượng, mức đóng, trách nhiệm đóng, mức hưởng và thủ tục khám bệnh, chữa bệnh "
        "bảo hiểm y tế.",
        [("luat-bhyt-2024", "hướng dẫn thi hành"), ("luat-bhyt-2008", "hướng dẫn thi hành")],
    ),
]

# A unit's own documents: (title, number pattern, kind, areas, summary). {n} is a running number,
# {year} the year of issue, {place} the unit.
UNIT_DOCUMENTS = [
    (
        "Kế hoạch truyền thông chính sách bảo hiểm xã hội, bảo hiểm y tế năm {year}",
        "{n}/KH-BHXH",
        ["bhxh-bat-buoc", "bhxh-tu-nguyen", "bao-hiem-y-te"],
        "Kế hoạch xác định mục tiêu, nhóm đối tượng, thông điệp và kênh truyền thông của {office} trong năm {year}.",
    ),
    (
        "Công văn hướng dẫn thực hiện Luật Bảo hiểm xã hội năm 2024 trên địa bàn {place}",
        "{n}/BHXH-QLT",
        ["bhxh-bat-buoc"],
        "Hướng dẫn các đơn vị sử dụng lao động về đối tượng tham gia mới và thủ tục đăng ký từ ngày 1/7/2025.",
    ),
    (
        "Thông báo lịch chi trả lương hưu, trợ cấp bảo hiểm xã hội tháng {month}/{year}",
        "{n}/TB-BHXH",
        ["luong-huu-tro-cap"],
        "Lịch chi trả tại các điểm chi trả của bưu điện và qua tài khoản ngân hàng trên địa bàn {place}.",
    ),
    (
        "Kế hoạch phát triển người tham gia bảo hiểm y tế hộ gia đình năm {year}",
        "{n}/KH-BHXH",
        ["bhyt-ho-gia-dinh"],
        "Chỉ tiêu và giải pháp nâng tỷ lệ bao phủ bảo hiểm y tế hộ gia đình của {place}.",
    ),
    (
        "Quyết định giao chỉ tiêu phát triển người tham gia bảo hiểm xã hội tự nguyện năm {year}",
        "{n}/QĐ-BHXH",
        ["bhxh-tu-nguyen"],
        "Giao chỉ tiêu cho các xã, phường và đại lý thu trên địa bàn {place}.",
    ),
]
COMMUNE_DOCUMENTS = [
    (
        "Kế hoạch tuyên truyền, vận động người dân tham gia bảo hiểm xã hội tự nguyện, bảo hiểm y tế năm {year}",
        "{n}/KH-UBND",
        ["bhxh-tu-nguyen", "bhyt-ho-gia-dinh"],
        "Ủy ban nhân dân {place} phân công các đoàn thể, tổ dân phố và cộng tác viên vận động người dân.",
    ),
    (
        "Thông báo tổ chức hội nghị đối thoại chính sách bảo hiểm xã hội tháng {month}/{year}",
        "{n}/TB-UBND",
        ["bhxh-tu-nguyen"],
        "Thời gian, địa điểm và thành phần dự hội nghị đối thoại tại {place}.",
    ),
]
