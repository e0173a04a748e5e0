"""The demo's featured articles, with their English and Hmong versions."""

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
