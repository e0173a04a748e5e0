"""The demo's questions and answers, and the people who ask them."""

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
