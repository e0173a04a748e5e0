"""The demo's news: per policy area titles, summaries and paragraphs, general paragraphs, event news.

Placeholders: {place} is the unit's short name ("Hà Nội", "phường Hoàn Kiếm"), {office} its office name."""

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
