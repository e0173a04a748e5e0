"""The demo's texts: Vietnamese news, documents and Q&A on every policy area, with a few English and Hmong versions.

Placeholders: {place} is the unit's short name ("Hà Nội", "phường Hoàn Kiếm"), {office} its office
name. Figures that change by law (rates, reference amounts) are left out on purpose: the
calculators hold them as effective-dated data.
"""

# Per policy area (taxonomy slug): news titles, summaries, body paragraphs, the target groups it
# mostly speaks to, and a quote.
AREAS: dict[str, dict] = {
    "bhxh-bat-buoc": {
        "groups": ["nguoi-lao-dong", "doanh-nghiep"],
        "titles": [
            "{place}: đôn đốc doanh nghiệp nợ đóng bảo hiểm xã hội",
            "Chủ hộ kinh doanh tại {place} tìm hiểu quy định mới về bảo hiểm xã hội bắt buộc",
            "Hội nghị đối thoại chính sách bảo hiểm xã hội với doanh nghiệp ở {place}",
            "{place} phát triển người tham gia bảo hiểm xã hội bắt buộc vượt kế hoạch",
            "Người lao động làm việc theo hợp đồng từ 1 tháng trở lên phải tham gia bảo hiểm xã hội",
        ],
        "summaries": [
            "Từ ngày 1/7/2025, Luật Bảo hiểm xã hội năm 2024 mở rộng đối tượng tham gia bảo hiểm xã hội "
            "bắt buộc, trong đó có chủ hộ kinh doanh có đăng ký kinh doanh và người làm việc không trọn thời gian.",
            "{office} phối hợp với các cơ quan chức năng rà soát, đôn đốc các đơn vị chậm đóng, "
            "bảo đảm quyền lợi cho người lao động.",
        ],
        "paragraphs": [
            "Theo Luật Bảo hiểm xã hội số 41/2024/QH15, người lao động làm việc theo hợp đồng lao động "
            "có thời hạn từ đủ 1 tháng trở lên thuộc đối tượng tham gia bảo hiểm xã hội bắt buộc. Chủ hộ "
            "kinh doanh có đăng ký kinh doanh cũng tham gia theo lộ trình do Chính phủ quy định.",
            "Tại hội nghị, đại diện {office} đã giải đáp nhiều câu hỏi của doanh nghiệp về mức đóng, "
            "thủ tục báo tăng, báo giảm lao động và cách tra cứu quá trình đóng trên ứng dụng VssID.",
            "Việc chậm đóng, trốn đóng bảo hiểm xã hội ảnh hưởng trực tiếp đến quyền lợi của người lao động "
            "khi ốm đau, thai sản, tai nạn lao động hay nghỉ hưu. Luật năm 2024 quy định rõ các biện pháp "
            "xử lý và bảo đảm quyền lợi cho người lao động trong trường hợp này.",
            "Đến nay, số người tham gia bảo hiểm xã hội bắt buộc trên địa bàn {place} tiếp tục tăng so với "
            "cùng kỳ năm trước; tỷ lệ thu đạt khá, số tiền chậm đóng giảm rõ rệt.",
            "Người lao động có thể tự kiểm tra việc đóng bảo hiểm xã hội của mình bất cứ lúc nào qua ứng dụng "
            "VssID hoặc tài khoản định danh điện tử trên VNeID, và phản ánh qua tổng đài 1900 9068 khi phát "
            "hiện doanh nghiệp không đóng hoặc đóng không đủ.",
        ],
        "quote": (
            "Đóng bảo hiểm xã hội đầy đủ cho người lao động là trách nhiệm của doanh nghiệp và cũng là cách giữ chân "
            "người lao động lâu dài.",
            "Lãnh đạo {office}",
        ),
    },
    "bhxh-tu-nguyen": {
        "groups": ["lao-dong-tu-do", "nong-dan", "dan-toc-thieu-so"],
        "titles": [
            "Bảo hiểm xã hội tự nguyện: chỗ dựa khi về già cho người lao động tự do ở {place}",
            "{place} tổ chức hội nghị khách hàng tuyên truyền bảo hiểm xã hội tự nguyện",
            "Người dân {place} được hỗ trợ một phần tiền đóng bảo hiểm xã hội tự nguyện",
            "Tham gia bảo hiểm xã hội tự nguyện được hưởng trợ cấp thai sản từ ngày 1/7/2025",
            "Đại lý thu ở {place} đến từng nhà vận động người dân tham gia bảo hiểm xã hội tự nguyện",
        ],
        "summaries": [
            "Chỉ cần đóng đủ 15 năm, người tham gia bảo hiểm xã hội tự nguyện đã có thể hưởng lương hưu, "
            "kèm theo thẻ bảo hiểm y tế do quỹ bảo hiểm xã hội đóng.",
            "Hội nghị thu hút đông đảo người dân, tiểu thương và người lao động tự do tham dự; nhiều người đã "
            "đăng ký tham gia ngay tại chỗ.",
        ],
        "paragraphs": [
            "Bảo hiểm xã hội tự nguyện dành cho công dân Việt Nam từ đủ 15 tuổi trở lên không thuộc đối tượng "
            "tham gia bảo hiểm xã hội bắt buộc. Người tham gia được chọn mức thu nhập làm căn cứ đóng và "
            "phương thức đóng hằng tháng, hằng quý, 6 tháng, 12 tháng hoặc đóng một lần cho nhiều năm.",
            "Từ ngày 1/7/2025, số năm đóng tối thiểu để hưởng lương hưu giảm từ 20 năm xuống còn 15 năm. "
            "Người tham gia bảo hiểm xã hội tự nguyện còn được hưởng trợ cấp thai sản khi sinh con.",
            "Nhà nước hỗ trợ một phần tiền đóng bảo hiểm xã hội tự nguyện theo tỷ lệ trên mức đóng tính theo "
            "chuẩn nghèo của khu vực nông thôn; người thuộc hộ nghèo, hộ cận nghèo và người dân tộc thiểu số "
            "được hỗ trợ mức cao hơn. Chính quyền địa phương có thể hỗ trợ thêm.",
            "Tại hội nghị ở {place}, cán bộ bảo hiểm xã hội đã phân tích lợi ích của việc tham gia sớm, cách "
            "tính lương hưu và quyền lợi được cấp thẻ bảo hiểm y tế khi hưởng lương hưu.",
            "Các đại lý thu, nhân viên bưu điện và cán bộ hội phụ nữ, hội nông dân ở {place} đã đến từng hộ "
            "gia đình, hướng dẫn người dân kê khai và nộp tiền đóng qua ứng dụng VssID hoặc tại điểm thu.",
            "Nhiều người dân chia sẻ, trước đây họ nghĩ chỉ người làm công ăn lương mới có lương hưu; sau khi "
            "được tư vấn, họ đã yên tâm đăng ký tham gia để có khoản thu nhập ổn định khi về già.",
        ],
        "quote": (
            "Mỗi tháng tôi để dành một khoản nhỏ từ tiền bán rau, mai này về già không phải phụ thuộc con cháu.",
            "Một người dân tham gia bảo hiểm xã hội tự nguyện ở {place}",
        ),
    },
    "bao-hiem-y-te": {
        "groups": ["nguoi-lao-dong", "hoc-sinh-sinh-vien", "vung-kho-khan"],
        "titles": [
            "{place} đẩy mạnh khám chữa bệnh bảo hiểm y tế bằng căn cước công dân",
            "Học sinh, sinh viên ở {place} tham gia bảo hiểm y tế đạt tỷ lệ cao",
            "Những điểm mới của Luật Bảo hiểm y tế sửa đổi có hiệu lực từ ngày 1/7/2025",
            "Bảo hiểm y tế giúp người bệnh hiểm nghèo ở {place} vượt qua gánh nặng chi phí",
            "Hướng dẫn sử dụng thẻ bảo hiểm y tế trên ứng dụng VssID khi đi khám bệnh",
        ],
        "summaries": [
            "Người tham gia bảo hiểm y tế có thể dùng thẻ căn cước hoặc tài khoản định danh điện tử VNeID thay "
            "cho thẻ giấy khi đi khám chữa bệnh.",
            "Luật số 51/2024/QH15 sửa đổi, bổ sung một số điều của Luật Bảo hiểm y tế mở rộng quyền lợi và "
            "tạo thuận lợi hơn cho người bệnh khi chuyển tuyến.",
        ],
        "paragraphs": [
            "Luật sửa đổi, bổ sung một số điều của Luật Bảo hiểm y tế số 51/2024/QH15 có hiệu lực từ ngày "
            "1/7/2025, bổ sung nhiều nhóm đối tượng và quy định rõ hơn việc thanh toán chi phí khám chữa bệnh "
            "khi người bệnh được chuyển cơ sở khám chữa bệnh.",
            "Tại các bệnh viện và trạm y tế ở {place}, người bệnh chỉ cần xuất trình thẻ căn cước hoặc ứng "
            "dụng VNeID để làm thủ tục; thời gian chờ đợi giảm đáng kể so với trước đây.",
            "Quỹ bảo hiểm y tế đã chi trả hàng trăm triệu đồng cho nhiều ca điều trị ung thư, chạy thận nhân "
            "tạo và phẫu thuật tim ở {place}, giúp các gia đình tránh rơi vào cảnh nghèo vì bệnh tật.",
            "Học sinh, sinh viên tham gia bảo hiểm y tế tại trường học; Nhà nước hỗ trợ một phần mức đóng. "
            "Nhà trường và cơ quan bảo hiểm xã hội phối hợp tuyên truyền ngay từ đầu năm học.",
            "Người dân nên kiểm tra thời hạn sử dụng thẻ bảo hiểm y tế trên ứng dụng VssID và gia hạn đúng "
            "hạn để không bị gián đoạn quyền lợi khi ốm đau.",
        ],
        "quote": (
            "Nếu không có thẻ bảo hiểm y tế, gia đình tôi không thể lo nổi chi phí điều trị cho mẹ.",
            "Một người nhà bệnh nhân ở {place}",
        ),
    },
    "bhyt-ho-gia-dinh": {
        "groups": ["ho-gia-dinh", "nong-dan"],
        "titles": [
            "{place} vận động người dân tham gia bảo hiểm y tế hộ gia đình",
            "Tham gia bảo hiểm y tế hộ gia đình: đóng càng nhiều người, mức đóng càng giảm",
            "Tổ dân phố ở {place} đạt tỷ lệ bao phủ bảo hiểm y tế trên 95%",
            "Hỗ trợ thẻ bảo hiểm y tế cho hộ cận nghèo ở {place}",
        ],
        "summaries": [
            "Các thành viên trong hộ gia đình tham gia bảo hiểm y tế cùng nhau được giảm mức đóng từ người "
            "thứ hai trở đi.",
            "Chính quyền và các đoàn thể ở {place} đã phối hợp với cơ quan bảo hiểm xã hội rà soát từng hộ "
            "chưa có thẻ bảo hiểm y tế.",
        ],
        "paragraphs": [
            "Bảo hiểm y tế hộ gia đình dành cho những người có tên trong cùng hộ khẩu, đăng ký cư trú chưa "
            "tham gia bảo hiểm y tế theo nhóm khác. Khi tham gia cùng nhau, mức đóng giảm dần từ người thứ hai.",
            "Cán bộ {office} cùng tổ trưởng tổ dân phố đã đến từng gia đình ở {place}, đối chiếu danh sách "
            "và hướng dẫn người dân gia hạn thẻ trước khi hết hạn.",
            "Người thuộc hộ cận nghèo, hộ nông nghiệp, lâm nghiệp, ngư nghiệp có mức sống trung bình được "
            "Nhà nước hỗ trợ một phần tiền đóng bảo hiểm y tế; nhiều địa phương hỗ trợ thêm từ ngân sách.",
            "Mỗi năm, không ít người chỉ mua thẻ khi đã ốm. Cơ quan bảo hiểm xã hội khuyến cáo người dân "
            "tham gia liên tục để được hưởng đầy đủ quyền lợi, kể cả quyền lợi khi đủ 5 năm liên tục.",
        ],
        "quote": (
            "Cả nhà năm người cùng tham gia, tiền đóng của người sau ít hơn người trước nên gia đình tôi lo được.",
            "Một chủ hộ ở {place}",
        ),
    },
    "bao-hiem-that-nghiep": {
        "groups": ["nguoi-lao-dong", "doanh-nghiep"],
        "titles": [
            "Người lao động mất việc ở {place} được hỗ trợ kịp thời từ bảo hiểm thất nghiệp",
            "Bảo hiểm thất nghiệp: không chỉ là trợ cấp mà còn hỗ trợ học nghề, tìm việc làm",
            "{place} chi trả trợ cấp thất nghiệp đúng hạn cho người lao động",
            "Luật Việc làm năm 2025 và những thay đổi về bảo hiểm thất nghiệp",
        ],
        "summaries": [
            "Ngoài trợ cấp thất nghiệp, người lao động còn được tư vấn, giới thiệu việc làm và hỗ trợ học "
            "nghề để sớm quay lại thị trường lao động.",
            "Luật Việc làm số 74/2025/QH15 có hiệu lực từ ngày 1/1/2026 quy định lại chính sách bảo hiểm thất nghiệp.",
        ],
        "paragraphs": [
            "Người lao động đã đóng bảo hiểm thất nghiệp đủ thời gian theo quy định và nộp hồ sơ tại trung "
            "tâm dịch vụ việc làm trong thời hạn sau khi chấm dứt hợp đồng được xem xét hưởng trợ cấp.",
            "Trong năm qua, {office} đã phối hợp với trung tâm dịch vụ việc làm giải quyết hồ sơ cho hàng "
            "nghìn lượt người lao động, chi trả qua tài khoản ngân hàng nhanh chóng và an toàn.",
            "Người lao động được hỗ trợ học nghề, được tư vấn và giới thiệu việc làm miễn phí; doanh nghiệp "
            "được hỗ trợ đào tạo, bồi dưỡng kỹ năng nghề để duy trì việc làm cho người lao động.",
            "Cơ quan bảo hiểm xã hội khuyến cáo người lao động cân nhắc bảo lưu thời gian đóng bảo hiểm xã "
            "hội thay vì rút một lần, để giữ quyền lợi hưởng lương hưu về sau.",
        ],
        "quote": (
            "Khoản trợ cấp giúp tôi trang trải cuộc sống trong lúc theo học lớp nghề mới.",
            "Một người lao động ở {place}",
        ),
    },
    "tai-nan-lao-dong": {
        "groups": ["nguoi-lao-dong", "doanh-nghiep"],
        "titles": [
            "{place} tuyên truyền chính sách bảo hiểm tai nạn lao động, bệnh nghề nghiệp tại khu công nghiệp",
            "Quyền lợi của người lao động khi bị tai nạn lao động",
            "Doanh nghiệp ở {place} được hỗ trợ phòng ngừa tai nạn lao động",
        ],
        "summaries": [
            "Bảo hiểm tai nạn lao động, bệnh nghề nghiệp giúp người lao động bị tai nạn và gia đình họ ổn "
            "định cuộc sống.",
            "Quỹ bảo hiểm tai nạn lao động, bệnh nghề nghiệp còn hỗ trợ doanh nghiệp khám bệnh nghề nghiệp, "
            "phục hồi chức năng và huấn luyện an toàn.",
        ],
        "paragraphs": [
            "Theo Luật An toàn, vệ sinh lao động, người sử dụng lao động đóng bảo hiểm tai nạn lao động, "
            "bệnh nghề nghiệp cho người lao động; người lao động không phải đóng khoản này.",
            "Khi bị tai nạn lao động, người lao động được giám định mức suy giảm khả năng lao động và hưởng "
            "trợ cấp một lần hoặc hằng tháng, được hỗ trợ phương tiện trợ giúp sinh hoạt nếu cần.",
            "Tại buổi tuyên truyền ở {place}, nhiều công nhân lần đầu biết rằng tai nạn trên đường đi và về "
            "từ nơi làm việc trong thời gian, tuyến đường hợp lý cũng được coi là tai nạn lao động.",
        ],
        "quote": (
            "An toàn lao động là trước hết, nhưng khi rủi ro xảy ra, người lao động không phải đơn độc.",
            "Đại diện {office}",
        ),
    },
    "luong-huu-tro-cap": {
        "groups": ["nguoi-huong-luong-huu", "nguoi-lao-dong"],
        "titles": [
            "{place} chi trả lương hưu, trợ cấp bảo hiểm xã hội qua tài khoản ngân hàng",
            "Trợ cấp hưu trí xã hội cho người từ đủ 75 tuổi từ ngày 1/7/2025",
            "Người hưởng lương hưu ở {place} được điều chỉnh tăng lương hưu",
            "Cẩn trọng với lời mời rút bảo hiểm xã hội một lần",
            "Cập nhật thông tin người hưởng để nhận lương hưu đúng, đủ, kịp thời",
        ],
        "summaries": [
            "Người cao tuổi không có lương hưu, không hưởng trợ cấp bảo hiểm xã hội hằng tháng được nhận trợ cấp "
            "hưu trí xã hội và được cấp thẻ bảo hiểm y tế.",
            "Tỷ lệ người hưởng nhận lương hưu, trợ cấp qua tài khoản cá nhân ở {place} tiếp tục tăng, thuận "
            "tiện và an toàn hơn cho người cao tuổi.",
        ],
        "paragraphs": [
            "Luật Bảo hiểm xã hội năm 2024 bổ sung chế độ trợ cấp hưu trí xã hội cho công dân Việt Nam từ đủ "
            "75 tuổi trở lên không có lương hưu hoặc trợ cấp bảo hiểm xã hội hằng tháng; người thuộc hộ nghèo, "
            "hộ cận nghèo được hưởng từ đủ 70 tuổi.",
            "Tại {place}, cơ quan bảo hiểm xã hội phối hợp với bưu điện và ngân hàng tổ chức chi trả tận nhà "
            "cho người già yếu, neo đơn, bảo đảm không ai bị sót.",
            "Người hưởng lương hưu được cấp thẻ bảo hiểm y tế do quỹ bảo hiểm xã hội đóng, được khám chữa bệnh "
            "và hưởng quyền lợi theo quy định.",
            "Thời gian gần đây xuất hiện các đối tượng mạo danh cơ quan bảo hiểm xã hội, mời người dân rút "
            "bảo hiểm xã hội một lần hoặc đòi cung cấp mã OTP. Người dân tuyệt đối không cung cấp thông tin "
            "cá nhân và báo ngay cho cơ quan bảo hiểm xã hội gần nhất.",
            "Hằng năm, người hưởng cần kiểm tra, cập nhật số điện thoại và thông tin tài khoản trên ứng dụng "
            "VssID để nhận thông báo kịp thời.",
        ],
        "quote": (
            "Lương hưu mỗi tháng về tài khoản đúng ngày, tôi không phải đi lại vất vả như trước.",
            "Một cán bộ hưu trí ở {place}",
        ),
    },
}

# Paragraphs about communication work that fit any area: added to give articles some length.
GENERAL_PARAGRAPHS = [
    "Để thông tin đến gần hơn với người dân, {office} đã phát sóng các bản tin chính sách trên hệ thống "
    "loa truyền thanh cơ sở, đăng tải trên trang Facebook, kênh Zalo và nhóm cộng tác viên ở từng khu dân cư.",
    "Công tác tuyên truyền được triển khai theo kế hoạch năm, gắn với từng nhóm đối tượng: người lao động "
    "trong doanh nghiệp, lao động tự do, nông dân, học sinh, sinh viên và đồng bào dân tộc thiểu số.",
    "Ủy ban nhân dân, Mặt trận Tổ quốc, Hội Liên hiệp Phụ nữ, Hội Nông dân, Đoàn Thanh niên và bưu điện ở "
    "{place} cùng tham gia vận động, giúp chính sách bảo hiểm xã hội, bảo hiểm y tế lan tỏa đến từng hộ gia đình.",
    "Người dân cần tư vấn có thể gọi tổng đài 1900 9068, nhắn tin qua Zalo của cơ quan bảo hiểm xã hội hoặc "
    "đến trực tiếp bộ phận một cửa để được hướng dẫn.",
    "Thời gian tới, {office} tiếp tục đổi mới hình thức truyền thông, ưu tiên các nội dung ngắn, dễ hiểu, "
    "bằng tiếng Việt và tiếng dân tộc, phù hợp với người xem trên điện thoại.",
    "Sau hội nghị, nhiều người đã để lại thông tin để được cán bộ liên hệ tư vấn thêm; danh sách được chuyển "
    "cho cán bộ phụ trách ở từng xã, phường theo dõi đến khi người dân tham gia.",
]

# Kinds of communication activity for the provinces' and communes' own news.
EVENT_TITLES = [
    ("Hội nghị khách hàng về bảo hiểm xã hội tự nguyện, bảo hiểm y tế hộ gia đình tại {place}", "bhxh-tu-nguyen"),
    ("{place} ra quân cao điểm tuyên truyền, phát triển người tham gia bảo hiểm xã hội", "bhxh-bat-buoc"),
    ("Đối thoại chính sách bảo hiểm xã hội với đồng bào dân tộc thiểu số ở {place}", "bhxh-tu-nguyen"),
    ("Tập huấn nghiệp vụ cho đại lý thu, cộng tác viên ở {place}", "bao-hiem-y-te"),
    ("{place} tuyên truyền bảo hiểm y tế học sinh, sinh viên đầu năm học", "bao-hiem-y-te"),
    ("Phát bản tin bảo hiểm xã hội trên loa truyền thanh các thôn, tổ dân phố ở {place}", "luong-huu-tro-cap"),
    ("Tuyên truyền chính sách bảo hiểm thất nghiệp cho công nhân tại {place}", "bao-hiem-that-nghiep"),
    ("Ngày hội bảo hiểm xã hội tự nguyện lần thứ nhất tại {place}", "bhxh-tu-nguyen"),
]

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

# Questions and answers: (area, groups, title, question, answer paragraphs).
QUESTIONS = [
    (
        "bhxh-tu-nguyen",
        ["lao-dong-tu-do"],
        "Lao động tự do có được tham gia bảo hiểm xã hội tự nguyện không?",
        "Tôi bán hàng ở chợ, không có hợp đồng lao động. Tôi có được tham gia bảo hiểm xã hội tự nguyện "
        "và sau này có lương hưu không?",
        [
            "Công dân Việt Nam từ đủ 15 tuổi trở lên, không thuộc đối tượng tham gia bảo hiểm xã hội bắt "
            "buộc, được tham gia bảo hiểm xã hội tự nguyện.",
            "Khi đủ tuổi nghỉ hưu và có từ đủ 15 năm đóng bảo hiểm xã hội trở lên, bạn được hưởng lương hưu "
            "hằng tháng và được cấp thẻ bảo hiểm y tế.",
        ],
    ),
    (
        "bhxh-tu-nguyen",
        ["lao-dong-tu-do", "nong-dan"],
        "Có thể đóng bảo hiểm xã hội tự nguyện theo năm không?",
        "Thu nhập của tôi theo mùa vụ. Tôi có thể đóng bảo hiểm xã hội tự nguyện một lần cho cả năm không?",
        [
            "Người tham gia được chọn đóng hằng tháng, 3 tháng, 6 tháng, 12 tháng một lần, hoặc đóng một lần "
            "cho nhiều năm về sau.",
            "Bạn có thể thay đổi phương thức đóng và mức thu nhập làm căn cứ đóng; hãy liên hệ đại lý thu "
            "hoặc cơ quan bảo hiểm xã hội nơi cư trú để được hướng dẫn.",
        ],
    ),
    (
        "bhxh-tu-nguyen",
        ["ho-gia-dinh"],
        "Người tham gia tự nguyện có được hưởng thai sản không?",
        "Tôi đang đóng bảo hiểm xã hội tự nguyện và sắp sinh con. Tôi có được nhận trợ cấp gì không?",
        [
            "Từ ngày 1/7/2025, theo Luật Bảo hiểm xã hội năm 2024, người tham gia bảo hiểm xã hội tự nguyện "
            "được hưởng trợ cấp thai sản khi sinh con nếu đáp ứng điều kiện về thời gian đóng.",
            "Hồ sơ gồm bản sao giấy khai sinh hoặc trích lục khai sinh của con; bạn nộp tại cơ quan bảo hiểm "
            "xã hội hoặc qua Cổng dịch vụ công quốc gia.",
        ],
    ),
    (
        "bhxh-bat-buoc",
        ["nguoi-lao-dong"],
        "Làm sao biết công ty có đóng bảo hiểm xã hội cho tôi?",
        "Công ty có trừ tiền bảo hiểm trong lương nhưng tôi không rõ đã đóng chưa. Tôi kiểm tra ở đâu?",
        [
            "Bạn có thể tra cứu quá trình đóng bảo hiểm xã hội trên ứng dụng VssID, trên Cổng thông tin điện tử "
            "Bảo hiểm xã hội Việt Nam hoặc qua tài khoản định danh điện tử mức 2 trên VNeID.",
            "Nếu phát hiện công ty không đóng hoặc đóng không đủ, hãy phản ánh qua tổng đài 1900 9068 hoặc "
            "với cơ quan bảo hiểm xã hội nơi công ty đăng ký tham gia.",
        ],
    ),
    (
        "bhxh-bat-buoc",
        ["doanh-nghiep"],
        "Chủ hộ kinh doanh có phải tham gia bảo hiểm xã hội bắt buộc?",
        "Tôi có giấy đăng ký hộ kinh doanh. Từ năm 2025 tôi có phải đóng bảo hiểm xã hội bắt buộc không?",
        [
            "Luật Bảo hiểm xã hội năm 2024 bổ sung chủ hộ kinh doanh của hộ kinh doanh có đăng ký kinh doanh "
            "vào đối tượng tham gia bảo hiểm xã hội bắt buộc, thực hiện theo lộ trình do Chính phủ quy định.",
            "Chủ hộ kinh doanh được chọn mức thu nhập làm căn cứ đóng trong khung quy định.",
        ],
    ),
    (
        "bhxh-bat-buoc",
        ["nguoi-lao-dong", "hoc-sinh-sinh-vien"],
        "Làm việc bán thời gian có phải đóng bảo hiểm xã hội?",
        "Tôi là sinh viên làm thêm theo hợp đồng 3 tháng ở cửa hàng tiện lợi. Tôi có phải đóng bảo hiểm xã hội không?",
        [
            "Người làm việc theo hợp đồng lao động từ đủ 1 tháng trở lên, kể cả làm việc không trọn thời gian, "
            "thuộc đối tượng tham gia bảo hiểm xã hội bắt buộc nếu tiền lương bằng hoặc cao hơn mức thấp nhất "
            "làm căn cứ đóng theo quy định.",
        ],
    ),
    (
        "bao-hiem-y-te",
        ["nguoi-lao-dong"],
        "Đi khám bệnh không mang thẻ bảo hiểm y tế giấy có được không?",
        "Tôi để quên thẻ bảo hiểm y tế ở nhà. Tôi có thể dùng căn cước để khám bệnh không?",
        [
            "Được. Bạn có thể xuất trình thẻ căn cước có gắn chip, tài khoản định danh điện tử trên VNeID hoặc "
            "hình ảnh thẻ bảo hiểm y tế trên ứng dụng VssID khi làm thủ tục khám bệnh.",
        ],
    ),
    (
        "bao-hiem-y-te",
        ["vung-kho-khan", "dan-toc-thieu-so"],
        "Người dân vùng khó khăn có được cấp thẻ bảo hiểm y tế miễn phí?",
        "Gia đình tôi sống ở xã vùng cao. Chúng tôi có được Nhà nước đóng bảo hiểm y tế không?",
        [
            "Người dân tộc thiểu số đang sinh sống ở vùng có điều kiện kinh tế - xã hội đặc biệt khó khăn và "
            "người sống ở xã đảo, huyện đảo thuộc nhóm do ngân sách nhà nước đóng bảo hiểm y tế.",
            "Danh sách do Ủy ban nhân dân cấp xã lập; bạn liên hệ cán bộ xã để được kiểm tra.",
        ],
    ),
    (
        "bao-hiem-y-te",
        ["hoc-sinh-sinh-vien"],
        "Sinh viên đã có bảo hiểm y tế hộ gia đình có phải mua ở trường nữa không?",
        "Con tôi đã có thẻ bảo hiểm y tế theo hộ gia đình. Khi nhập học, cháu có phải mua thêm không?",
        [
            "Mỗi người chỉ tham gia bảo hiểm y tế theo một nhóm. Nếu thẻ của cháu còn hạn, cháu không phải mua "
            "thêm; khi thẻ hết hạn, cháu tham gia theo nhóm học sinh, sinh viên tại trường để được Nhà nước hỗ trợ.",
        ],
    ),
    (
        "bhyt-ho-gia-dinh",
        ["ho-gia-dinh"],
        "Mua bảo hiểm y tế hộ gia đình có phải mua cho tất cả mọi người?",
        "Nhà tôi có 5 người, 2 người đã có thẻ ở công ty. Tôi có phải mua cho cả nhà không?",
        [
            "Bảo hiểm y tế hộ gia đình áp dụng cho những người trong hộ chưa tham gia theo nhóm khác. Những "
            "người đã có thẻ ở công ty không phải tham gia lại.",
            "Ba người còn lại tham gia cùng nhau sẽ được giảm mức đóng từ người thứ hai trở đi.",
        ],
    ),
    (
        "bhyt-ho-gia-dinh",
        ["ho-gia-dinh", "nong-dan"],
        "Thẻ bảo hiểm y tế hộ gia đình có giá trị từ khi nào?",
        "Tôi vừa đóng tiền bảo hiểm y tế hộ gia đình lần đầu. Khi nào thẻ có giá trị sử dụng?",
        [
            "Với người tham gia lần đầu hoặc tham gia không liên tục, thẻ có giá trị sau 30 ngày kể từ ngày "
            "đóng tiền. Vì vậy nên gia hạn trước khi thẻ hết hạn để không bị gián đoạn quyền lợi.",
        ],
    ),
    (
        "bao-hiem-that-nghiep",
        ["nguoi-lao-dong"],
        "Bao lâu sau khi nghỉ việc phải nộp hồ sơ hưởng trợ cấp thất nghiệp?",
        "Tôi vừa chấm dứt hợp đồng lao động. Tôi phải nộp hồ sơ hưởng trợ cấp thất nghiệp trong thời hạn nào?",
        [
            "Bạn nộp hồ sơ tại trung tâm dịch vụ việc làm trong thời hạn 3 tháng kể từ ngày chấm dứt hợp đồng "
            "lao động. Quá thời hạn này, thời gian đóng được bảo lưu cho lần hưởng sau.",
        ],
    ),
    (
        "bao-hiem-that-nghiep",
        ["nguoi-lao-dong"],
        "Đang hưởng trợ cấp thất nghiệp mà tìm được việc thì sao?",
        "Tôi đang hưởng trợ cấp thất nghiệp thì có việc làm mới. Tôi phải làm gì?",
        [
            "Bạn phải thông báo với trung tâm dịch vụ việc làm trong thời hạn quy định; trợ cấp sẽ chấm dứt "
            "và thời gian đóng tương ứng với số tháng chưa hưởng được bảo lưu.",
        ],
    ),
    (
        "tai-nan-lao-dong",
        ["nguoi-lao-dong"],
        "Bị tai nạn trên đường đi làm có được hưởng chế độ tai nạn lao động?",
        "Tôi bị ngã xe trên đường từ nhà đến công ty. Tôi có được hưởng chế độ tai nạn lao động không?",
        [
            "Tai nạn xảy ra trên tuyến đường đi từ nơi ở đến nơi làm việc trong khoảng thời gian và tuyến "
            "đường hợp lý được xem xét là tai nạn lao động.",
            "Bạn cần có biên bản khám nghiệm hiện trường hoặc xác nhận của cơ quan công an và được giám định "
            "mức suy giảm khả năng lao động.",
        ],
    ),
    (
        "luong-huu-tro-cap",
        ["nguoi-huong-luong-huu"],
        "Ai được hưởng trợ cấp hưu trí xã hội?",
        "Mẹ tôi 76 tuổi, không có lương hưu. Bà có được nhận trợ cấp gì không?",
        [
            "Công dân Việt Nam từ đủ 75 tuổi trở lên, không hưởng lương hưu hoặc trợ cấp bảo hiểm xã hội hằng "
            "tháng, được hưởng trợ cấp hưu trí xã hội theo Luật Bảo hiểm xã hội năm 2024 và Nghị định "
            "176/2025/NĐ-CP.",
            "Người hưởng được Nhà nước đóng bảo hiểm y tế. Gia đình liên hệ Ủy ban nhân dân cấp xã để làm hồ sơ.",
        ],
    ),
    (
        "luong-huu-tro-cap",
        ["nguoi-lao-dong"],
        "Đóng bảo hiểm xã hội 15 năm có được hưởng lương hưu không?",
        "Tôi 58 tuổi, đã đóng bảo hiểm xã hội được 15 năm. Khi đủ tuổi nghỉ hưu tôi có được lương hưu không?",
        [
            "Từ ngày 1/7/2025, người lao động đủ tuổi nghỉ hưu và có từ đủ 15 năm đóng bảo hiểm xã hội trở "
            "lên được hưởng lương hưu hằng tháng.",
            "Mức lương hưu phụ thuộc vào số năm đóng và mức bình quân tiền lương, thu nhập làm căn cứ đóng.",
        ],
    ),
    (
        "luong-huu-tro-cap",
        ["nguoi-huong-luong-huu"],
        "Thay đổi nơi nhận lương hưu như thế nào?",
        "Tôi chuyển về sống với con ở tỉnh khác. Tôi làm thế nào để nhận lương hưu ở nơi mới?",
        [
            "Bạn nộp đề nghị chuyển nơi hưởng tại cơ quan bảo hiểm xã hội nơi đang hưởng hoặc nơi chuyển đến, "
            "hoặc nộp trực tuyến qua Cổng dịch vụ công quốc gia; việc chi trả ở nơi mới được thực hiện từ tháng "
            "tiếp theo.",
        ],
    ),
    (
        "bhxh-tu-nguyen",
        ["dan-toc-thieu-so", "vung-kho-khan"],
        "Người dân tộc thiểu số được hỗ trợ bao nhiêu khi đóng bảo hiểm xã hội tự nguyện?",
        "Tôi là người Hmông ở xã vùng cao. Khi tham gia bảo hiểm xã hội tự nguyện tôi có được hỗ trợ không?",
        [
            "Người dân tộc thiểu số được Nhà nước hỗ trợ tiền đóng bảo hiểm xã hội tự nguyện ở mức cao hơn "
            "người tham gia thông thường; mức hỗ trợ cụ thể được quy định tại Nghị định 159/2025/NĐ-CP.",
            "Ngoài ra, nhiều tỉnh có chính sách hỗ trợ thêm; cán bộ bảo hiểm xã hội ở xã sẽ hướng dẫn bạn.",
        ],
    ),
]

ASKERS = [
    "Ông Nguyễn Văn Hùng",
    "Bà Trần Thị Lan",
    "Chị Phạm Thu Hà",
    "Anh Lê Minh Tuấn",
    "Bà Hoàng Thị Mai",
    "Anh Vàng A Dình",
    "Chị Lò Thị Xuân",
    "Ông Đặng Văn Sơn",
]

# Articles with their English and Hmong versions, written for the centre and the provinces.
# Hmong (White Hmong, RPA) versions are demo text and want a native speaker's review.
FEATURED = [
    {
        "area": "bhxh-tu-nguyen",
        "groups": ["lao-dong-tu-do", "nong-dan"],
        "vi": {
            "title": "Giảm số năm đóng tối thiểu để hưởng lương hưu xuống còn 15 năm",
            "summary": "Từ ngày 1/7/2025, người tham gia bảo hiểm xã hội chỉ cần đóng đủ 15 năm là có thể hưởng "
            "lương hưu khi đủ tuổi nghỉ hưu.",
            "paragraphs": [
                "Luật Bảo hiểm xã hội số 41/2024/QH15 giảm số năm đóng bảo hiểm xã hội tối thiểu để hưởng lương "
                "hưu từ 20 năm xuống còn 15 năm, áp dụng cho cả người tham gia bắt buộc và tự nguyện.",
                "Quy định mới tạo cơ hội cho người lao động lớn tuổi, người tham gia muộn có lương hưu hằng tháng "
                "và được cấp thẻ bảo hiểm y tế do quỹ bảo hiểm xã hội đóng.",
            ],
        },
        "en": {
            "title": "Minimum contribution period for a pension cut to 15 years",
            "summary": "From 1 July 2025, people who have paid social insurance for 15 years can draw a pension "
            "once they reach retirement age.",
            "paragraphs": [
                "The Social Insurance Law No. 41/2024/QH15 lowers the minimum contribution period for a pension "
                "from 20 to 15 years, for both compulsory and voluntary participants.",
                "Older workers and late joiners can now receive a monthly pension and a health insurance card "
                "paid for by the social insurance fund.",
            ],
        },
        "hmn": {
            "title": "Them nyiaj pov hwm 15 xyoos xwb los yeej tau nyiaj laus",
            "summary": "Txij hnub tim 1/7/2025, tus neeg them nyiaj pov hwm kev sib raug zoo txog 15 xyoos yuav "
            "tau nyiaj laus thaum txog hnub nyoog so haujlwm.",
            "paragraphs": [
                "Txoj cai lij choj Pov Hwm Kev Sib Raug Zoo tus lej 41/2024/QH15 txo lub sijhawm them nyiaj "
                "kom tau nyiaj laus los ntawm 20 xyoos mus rau 15 xyoos.",
                "Cov neeg laus thiab cov neeg pib them lig yuav tau nyiaj laus txhua lub hli thiab tau daim npav "
                "pov hwm kev noj qab haus huv.",
            ],
        },
    },
    {
        "area": "luong-huu-tro-cap",
        "groups": ["nguoi-huong-luong-huu"],
        "vi": {
            "title": "Người từ đủ 75 tuổi không có lương hưu được hưởng trợ cấp hưu trí xã hội",
            "summary": "Trợ cấp hưu trí xã hội là tầng bảo vệ mới của hệ thống bảo hiểm xã hội đa tầng, giúp "
            "người cao tuổi có thu nhập hằng tháng.",
            "paragraphs": [
                "Theo Luật Bảo hiểm xã hội năm 2024 và Nghị định 176/2025/NĐ-CP, công dân Việt Nam từ đủ 75 tuổi "
                "trở lên không có lương hưu, trợ cấp bảo hiểm xã hội hằng tháng được hưởng trợ cấp hưu trí xã hội.",
                "Người thuộc hộ nghèo, hộ cận nghèo được hưởng từ đủ 70 tuổi. Người hưởng được Nhà nước đóng "
                "bảo hiểm y tế.",
            ],
        },
        "en": {
            "title": "People aged 75 and over without a pension receive a social pension",
            "summary": "The social pension is a new tier of the multi-tier social insurance system, giving older "
            "people a monthly income.",
            "paragraphs": [
                "Under the 2024 Social Insurance Law and Decree 176/2025/ND-CP, Vietnamese citizens aged 75 or "
                "over who receive no pension or monthly social insurance benefit are entitled to a social pension.",
                "People from poor and near-poor households qualify from the age of 70. The State pays their "
                "health insurance.",
            ],
        },
        "hmn": {
            "title": "Cov neeg muaj 75 xyoos tsis muaj nyiaj laus yuav tau nyiaj pab laus",
            "summary": "Nyiaj pab laus yog ib txoj kev pab tshiab kom cov neeg laus muaj nyiaj siv txhua lub hli.",
            "paragraphs": [
                "Cov pej xeem Nyab Laj muaj 75 xyoos rov saud uas tsis tau nyiaj laus yuav tau nyiaj pab laus.",
                "Cov tsev neeg pluag yuav tau txij thaum muaj 70 xyoos. Lub Xeev them nyiaj pov hwm kev noj qab "
                "haus huv rau lawv.",
            ],
        },
    },
    {
        "area": "bao-hiem-y-te",
        "groups": ["nguoi-lao-dong", "ho-gia-dinh"],
        "vi": {
            "title": "Khám chữa bệnh bảo hiểm y tế bằng thẻ căn cước và VNeID",
            "summary": "Người bệnh không cần mang thẻ bảo hiểm y tế giấy; thẻ căn cước có gắn chip hoặc ứng dụng "
            "VNeID là đủ để làm thủ tục.",
            "paragraphs": [
                "Hầu hết cơ sở khám chữa bệnh bảo hiểm y tế trên cả nước đã tra cứu được thông tin thẻ bảo hiểm y "
                "tế bằng số định danh cá nhân.",
                "Người dân nên kích hoạt tài khoản định danh điện tử mức 2 và tích hợp thông tin bảo hiểm y tế "
                "để việc khám chữa bệnh nhanh chóng, thuận tiện hơn.",
            ],
        },
        "en": {
            "title": "Using your citizen ID card or VNeID for health insurance visits",
            "summary": "Patients no longer need the paper health insurance card: a chip-based citizen ID card or "
            "the VNeID app is enough to register.",
            "paragraphs": [
                "Almost every health facility that accepts health insurance can now look up a patient's card by "
                "their personal identification number.",
                "Activate a level-2 electronic identity account and link your health insurance details to make "
                "visits quicker and easier.",
            ],
        },
        "hmn": {
            "title": "Siv daim npav pej xeem los yog VNeID thaum mus kuaj mob",
            "summary": "Thaum mus kuaj mob, koj tsis tas nqa daim npav pov hwm kev noj qab haus huv ntawv; siv "
            "daim npav pej xeem los yog VNeID xwb.",
            "paragraphs": [
                "Yuav luag txhua lub tsev kho mob twb nrhiav tau koj cov ntaub ntawv pov hwm los ntawm koj tus "
                "lej pej xeem.",
                "Koj yuav tsum qhib koj tus as khauj VNeID kom mus kuaj mob tau sai thiab yooj yim.",
            ],
        },
    },
    {
        "area": "bhyt-ho-gia-dinh",
        "groups": ["ho-gia-dinh", "dan-toc-thieu-so"],
        "vi": {
            "title": "Bảo hiểm y tế hộ gia đình: cả nhà cùng tham gia, mức đóng giảm dần",
            "summary": "Khi các thành viên trong hộ cùng tham gia bảo hiểm y tế, mức đóng của người thứ hai trở "
            "đi được giảm.",
            "paragraphs": [
                "Bảo hiểm y tế hộ gia đình dành cho những người cùng đăng ký cư trú chưa có thẻ theo nhóm khác.",
                "Người thứ hai, thứ ba, thứ tư đóng thấp hơn người thứ nhất; từ người thứ năm trở đi mức đóng "
                "thấp nhất. Mức đóng cụ thể do Nghị định 188/2025/NĐ-CP quy định.",
            ],
        },
        "en": {
            "title": "Household health insurance: the more members join, the less each pays",
            "summary": "When household members join health insurance together, the contribution falls from the "
            "second member on.",
            "paragraphs": [
                "Household health insurance covers people registered at the same residence who are not insured "
                "through another group.",
                "The second, third and fourth members pay less than the first, and the fifth member onwards pays "
                "the least. Rates are set by Decree 188/2025/ND-CP.",
            ],
        },
        "hmn": {
            "title": "Pov hwm kev noj qab haus huv rau tsev neeg: koom ua ke, them tsawg zuj zus",
            "summary": "Thaum tag nrho tsev neeg koom nrog, tus thib ob mus them nyiaj tsawg dua.",
            "paragraphs": [
                "Pov hwm kev noj qab haus huv rau tsev neeg yog rau cov neeg nyob tib lub tsev uas tseem tsis "
                "tau muaj daim npav.",
                "Tus thib ob, thib peb thiab thib plaub them tsawg dua tus thib ib.",
            ],
        },
    },
    {
        "area": "bao-hiem-that-nghiep",
        "groups": ["nguoi-lao-dong"],
        "vi": {
            "title": "Ba quyền lợi của người tham gia bảo hiểm thất nghiệp",
            "summary": "Người tham gia bảo hiểm thất nghiệp được trợ cấp, được hỗ trợ học nghề và được tư vấn, "
            "giới thiệu việc làm miễn phí.",
            "paragraphs": [
                "Khi mất việc, người lao động đủ điều kiện được hưởng trợ cấp thất nghiệp hằng tháng và được cấp "
                "thẻ bảo hiểm y tế trong thời gian hưởng.",
                "Trung tâm dịch vụ việc làm tư vấn, giới thiệu việc làm và hỗ trợ học nghề để người lao động sớm "
                "có việc làm mới.",
            ],
        },
        "en": {
            "title": "Three benefits of unemployment insurance",
            "summary": "Unemployment insurance pays a benefit, supports vocational training and offers free job "
            "counselling and placement.",
            "paragraphs": [
                "Workers who lose their job and meet the conditions receive a monthly benefit and a health "
                "insurance card while they draw it.",
                "Employment service centres give advice, job referrals and training support to help people back "
                "into work.",
            ],
        },
    },
    {
        "area": "bhxh-bat-buoc",
        "groups": ["doanh-nghiep", "nguoi-lao-dong"],
        "vi": {
            "title": "Doanh nghiệp cần biết: đối tượng tham gia bảo hiểm xã hội bắt buộc từ ngày 1/7/2025",
            "summary": "Luật Bảo hiểm xã hội năm 2024 bổ sung nhiều nhóm đối tượng mới tham gia bảo hiểm xã hội "
            "bắt buộc.",
            "paragraphs": [
                "Người làm việc theo hợp đồng lao động từ đủ 1 tháng trở lên, người làm việc không trọn thời gian "
                "có tiền lương từ mức thấp nhất làm căn cứ đóng, chủ hộ kinh doanh có đăng ký kinh doanh đều "
                "thuộc đối tượng tham gia.",
                "Doanh nghiệp đăng ký tham gia và điều chỉnh lao động qua giao dịch điện tử với cơ quan bảo hiểm "
                "xã hội; hướng dẫn chi tiết tại Nghị định 158/2025/NĐ-CP.",
            ],
        },
        "en": {
            "title": "For employers: who must join compulsory social insurance from 1 July 2025",
            "summary": "The 2024 Social Insurance Law adds several new groups to compulsory social insurance.",
            "paragraphs": [
                "Workers on contracts of one month or more, part-time workers earning at least the minimum "
                "contribution base, and owners of registered household businesses must all take part.",
                "Employers register and report staff changes electronically; Decree 158/2025/ND-CP gives the details.",
            ],
        },
    },
]
