"""The demo plans' data: the 2026 targets, activities, events, registrations and scenarios of the centre,
Hà Nội, Lào Cai and Phường Hoàn Kiếm, as staff would enter them (`plans.load_plans` enters them)."""

import datetime
from dataclasses import dataclass

from lantoa.metrics import Indicator
from lantoa.outreach.models import Event
from lantoa.planning.models import Activity, Channel, Format
from lantoa.units.models import Unit

YEAR = 2026
I = Indicator  # noqa: E741 - short name for the tables below
K = Activity.Kind
S = Activity.Status

# Targets for the unit and everything below it, for the year.
TARGETS = {
    Unit.CENTRE_CODE: {
        I.ARTICLES_PUBLISHED: 12_000,
        I.DOCUMENTS_PUBLISHED: 1_500,
        I.PORTAL_VISITS: 20_000_000,
        I.SOCIAL_POSTS: 24_000,
        I.SOCIAL_REACH: 50_000_000,
        I.EVENTS_HELD: 3_000,
        I.EVENT_ATTENDEES: 300_000,
        I.REGISTRATIONS: 60_000,
        I.REGISTRANTS_ENROLLED_VOLUNTARY_SI: 18_000,
        I.NEW_VOLUNTARY_SI: 250_000,
        I.NEW_HOUSEHOLD_HI: 400_000,
        # The same, as the agency's participant lists count them; and the registrants they show enrolled.
        I.NEW_VOLUNTARY_SI_LISTED: 250_000,
        I.NEW_HOUSEHOLD_HI_LISTED: 400_000,
        I.REGISTRANTS_ENROLLED_VERIFIED: 24_000,
        I.LOUDSPEAKER_BROADCASTS: 150_000,
        I.LEAFLETS_DISTRIBUTED: 3_000_000,
        I.MEDIA_PARTNERSHIPS: 120,
    },
    "01": {
        I.ARTICLES_PUBLISHED: 900,
        I.DOCUMENTS_PUBLISHED: 120,
        I.PORTAL_VISITS: 1_500_000,
        I.SOCIAL_POSTS: 1_800,
        I.SOCIAL_REACH: 3_000_000,
        I.EVENTS_HELD: 180,
        I.EVENT_ATTENDEES: 18_000,
        I.REGISTRATIONS: 4_000,
        I.REGISTRANTS_ENROLLED_VOLUNTARY_SI: 1_200,
        I.NEW_VOLUNTARY_SI: 15_000,
        I.NEW_HOUSEHOLD_HI: 20_000,
        I.LOUDSPEAKER_BROADCASTS: 6_000,
        I.LEAFLETS_DISTRIBUTED: 120_000,
        I.MEDIA_PARTNERSHIPS: 6,
    },
    "15": {
        I.ARTICLES_PUBLISHED: 400,
        I.DOCUMENTS_PUBLISHED: 60,
        I.PORTAL_VISITS: 400_000,
        I.SOCIAL_POSTS: 900,
        I.SOCIAL_REACH: 800_000,
        I.EVENTS_HELD: 120,
        I.EVENT_ATTENDEES: 12_000,
        I.REGISTRATIONS: 1_500,
        I.REGISTRANTS_ENROLLED_VOLUNTARY_SI: 450,
        I.NEW_VOLUNTARY_SI: 4_000,
        I.NEW_HOUSEHOLD_HI: 9_000,
        I.LOUDSPEAKER_BROADCASTS: 5_000,
        I.LEAFLETS_DISTRIBUTED: 60_000,
        I.MEDIA_PARTNERSHIPS: 3,
    },
    "00070": {
        I.ARTICLES_PUBLISHED: 24,
        I.SOCIAL_POSTS: 48,
        I.EVENTS_HELD: 4,
        I.EVENT_ATTENDEES: 300,
        I.REGISTRATIONS: 40,
        I.REGISTRANTS_ENROLLED_VOLUNTARY_SI: 12,
        I.NEW_VOLUNTARY_SI: 60,
        I.NEW_HOUSEHOLD_HI: 90,
        I.LOUDSPEAKER_BROADCASTS: 96,
        I.LEAFLETS_DISTRIBUTED: 3_000,
    },
}


@dataclass
class PlannedActivity:
    unit: str  # the plan's unit code
    responsible: str  # the responsible unit's code
    kind: str
    title: str
    description: str
    starts_on: datetime.date
    ends_on: datetime.date
    budget: int = 0
    status: str = S.PLANNED
    quantity: int | None = None
    channels: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    languages: tuple[str, ...] = ("vi",)


def d(month: int, day: int) -> datetime.date:
    return datetime.date(YEAR, month, day)


VSS = Unit.CENTRE_CODE
# Activities the centre leads are copied into each province's plan when it is created (and a province's into its
# communes'); the others stay in their plan and count for their responsible unit.
ACTIVITIES = [
    PlannedActivity(
        VSS,
        VSS,
        K.KICK_OFF,
        "Phát động “Tháng vận động triển khai BHXH toàn dân” năm 2026",
        "Lễ phát động cấp quốc gia và tại các tỉnh, thành phố; truyền hình trực tiếp, đưa tin trên cổng thông tin "
        "và mạng xã hội của ngành.",
        d(3, 1),
        d(3, 31),
        budget=450_000_000,
        status=S.DONE,
        channels=(Channel.PRESS, Channel.PORTAL, Channel.FACEBOOK, Channel.DIRECT),
        groups=("lao-dong-tu-do", "nong-dan", "ho-gia-dinh"),
        areas=("bhxh-tu-nguyen", "bhyt-ho-gia-dinh"),
    ),
    PlannedActivity(
        VSS,
        VSS,
        K.ARTICLE_SERIES,
        "Loạt tin, bài “Luật BHXH 2024: những điểm mới có lợi cho người lao động”",
        "Mỗi tháng ít nhất hai bài giải thích một quy định mới, kèm hỏi – đáp và infographic.",
        d(1, 5),
        d(12, 31),
        budget=180_000_000,
        status=S.IN_PROGRESS,
        channels=(Channel.PORTAL, Channel.FACEBOOK, Channel.ZALO),
        groups=("nguoi-lao-dong", "lao-dong-tu-do"),
        areas=("bhxh-bat-buoc", "bhxh-tu-nguyen"),
    ),
    PlannedActivity(
        VSS,
        VSS,
        K.SOCIAL_CAMPAIGN,
        "Chiến dịch “BHXH tự nguyện – chỗ dựa khi về già” trên mạng xã hội",
        "Video ngắn, câu chuyện người thật việc thật và công cụ tính mức đóng, dẫn về mẫu đăng ký tư vấn.",
        d(7, 1),
        d(9, 30),
        budget=320_000_000,
        status=S.DONE,
        channels=(Channel.FACEBOOK, Channel.ZALO, Channel.TIKTOK, Channel.YOUTUBE),
        groups=("lao-dong-tu-do",),
        areas=("bhxh-tu-nguyen",),
    ),
    PlannedActivity(
        VSS,
        VSS,
        K.MEDIA_PARTNERSHIP,
        "Phối hợp tuyên truyền với Đài Truyền hình Việt Nam và Đài Tiếng nói Việt Nam",
        "Chuyên mục “BHXH, BHYT – An sinh cho mọi người” phát hằng tuần.",
        d(1, 15),
        d(6, 30),
        budget=1_200_000_000,
        status=S.DONE,
        quantity=2,
        channels=(Channel.PRESS,),
        areas=("bhxh-bat-buoc", "bao-hiem-y-te"),
    ),
    # Given by the centre to one province: it stays in the national plan and counts for Lào Cai.
    PlannedActivity(
        VSS,
        "15",
        K.DIALOGUE,
        "Đối thoại chính sách BHYT với đồng bào dân tộc thiểu số vùng cao",
        "Thí điểm đối thoại bằng tiếng Mông, tài liệu song ngữ Việt – Mông.",
        d(8, 1),
        d(11, 30),
        budget=90_000_000,
        status=S.IN_PROGRESS,
        channels=(Channel.DIRECT, Channel.LOUDSPEAKER),
        partners=("peoples_committee", "womens_union"),
        groups=("dan-toc-thieu-so", "vung-kho-khan"),
        areas=("bao-hiem-y-te", "bhyt-ho-gia-dinh"),
        languages=("vi", "hmn"),
    ),
    # Hà Nội's own work.
    PlannedActivity(
        "01",
        "00073",
        K.CONFERENCE,
        "Hội nghị tuyên truyền BHXH tự nguyện cho lao động tự do phường Cửa Nam",
        "Phối hợp UBND phường và Hội Liên hiệp Phụ nữ; tư vấn, đăng ký tại chỗ.",
        d(9, 1),
        d(9, 30),
        budget=25_000_000,
        status=S.DONE,
        channels=(Channel.DIRECT,),
        partners=("peoples_committee", "womens_union"),
        groups=("lao-dong-tu-do",),
        areas=("bhxh-tu-nguyen",),
    ),
    PlannedActivity(
        "01",
        "00073",
        K.LOUDSPEAKER,
        "Phát thanh về BHYT hộ gia đình trên loa truyền thanh phường Cửa Nam",
        "Ba buổi mỗi tuần trong quý III.",
        d(7, 1),
        d(9, 30),
        budget=6_000_000,
        status=S.DONE,
        quantity=36,
        channels=(Channel.LOUDSPEAKER,),
        areas=("bhyt-ho-gia-dinh",),
    ),
    PlannedActivity(
        "01",
        "01",
        K.MEDIA_PARTNERSHIP,
        "Phối hợp với Báo Hà Nội Mới và Đài Phát thanh – Truyền hình Hà Nội",
        "Chuyên trang BHXH, BHYT hằng tháng.",
        d(2, 1),
        d(8, 31),
        budget=240_000_000,
        status=S.DONE,
        quantity=2,
        channels=(Channel.PRESS,),
    ),
    # Phường Hoàn Kiếm's own work.
    PlannedActivity(
        "00070",
        "00070",
        K.DIALOGUE,
        "Đối thoại chính sách BHXH tự nguyện với tiểu thương chợ Hàng Da",
        "Giải đáp mức đóng, hỗ trợ của Nhà nước và quyền lợi hưu trí; đăng ký tư vấn tại chỗ.",
        d(8, 1),
        d(8, 31),
        budget=8_000_000,
        status=S.DONE,
        channels=(Channel.DIRECT,),
        partners=("peoples_committee", "trade_union"),
        groups=("lao-dong-tu-do",),
        areas=("bhxh-tu-nguyen",),
    ),
    PlannedActivity(
        "00070",
        "00070",
        K.LOUDSPEAKER,
        "Bản tin BHXH, BHYT trên loa truyền thanh phường",
        "Hai buổi mỗi tuần, lồng ghép bản tin phường.",
        d(7, 1),
        d(9, 30),
        budget=3_000_000,
        status=S.DONE,
        quantity=24,
        channels=(Channel.LOUDSPEAKER,),
        areas=("bhyt-ho-gia-dinh", "bhxh-tu-nguyen"),
    ),
    PlannedActivity(
        "00070",
        "00070",
        K.LEAFLETS,
        "Phát tờ rơi “Những điều cần biết về BHYT hộ gia đình”",
        "Phát tại các tổ dân phố và chợ.",
        d(7, 15),
        d(9, 15),
        budget=4_500_000,
        status=S.DONE,
        quantity=1_500,
        channels=(Channel.PRINT,),
        partners=("womens_union",),
        groups=("ho-gia-dinh",),
        areas=("bhyt-ho-gia-dinh",),
    ),
    PlannedActivity(
        "00070",
        "00070",
        K.CONFERENCE,
        "Hội nghị tuyên truyền chính sách BHXH cho hộ kinh doanh",
        "Dự kiến tháng 12.",
        d(12, 1),
        d(12, 20),
        budget=10_000_000,
        channels=(Channel.DIRECT,),
        groups=("doanh-nghiep", "lao-dong-tu-do"),
        areas=("bhxh-bat-buoc",),
    ),
    # Lào Cai's own work.
    PlannedActivity(
        "15",
        "03037",
        K.LEAFLETS,
        "Tờ gấp song ngữ Việt – Mông về BHYT hộ gia đình",
        "In và phát tại các thôn của xã Tả Van.",
        d(7, 1),
        d(8, 31),
        budget=12_000_000,
        status=S.DONE,
        quantity=3_000,
        channels=(Channel.PRINT,),
        groups=("dan-toc-thieu-so",),
        areas=("bhyt-ho-gia-dinh",),
        languages=("vi", "hmn"),
    ),
    PlannedActivity(
        "15",
        "03006",
        K.LOUDSPEAKER,
        "Phát thanh bằng tiếng Mông trên loa truyền thanh phường Sa Pa",
        "Hai buổi mỗi tuần.",
        d(7, 1),
        d(9, 30),
        budget=5_000_000,
        status=S.DONE,
        quantity=26,
        channels=(Channel.LOUDSPEAKER,),
        groups=("dan-toc-thieu-so",),
        languages=("hmn",),
    ),
]

# (commune code, organiser code, kind, title, month, day, attendees, expected, activity (plan unit, title) it carries)
EVENTS = [
    ("00070", "00070", Event.Kind.DIALOGUE, ACTIVITIES[8].title, 8, 14, 85, 100, ("00070", ACTIVITIES[8].title)),
    ("00073", "01", Event.Kind.CONFERENCE, ACTIVITIES[5].title, 9, 10, 120, 150, ("01", ACTIVITIES[5].title)),
    (
        "03006",
        "15",
        Event.Kind.DIALOGUE,
        "Đối thoại chính sách BHYT với đồng bào Mông phường Sa Pa",
        7,
        22,
        140,
        120,
        (VSS, ACTIVITIES[4].title),
    ),
    (
        "03037",
        "15",
        Event.Kind.KICK_OFF,
        "Lễ ra quân vận động BHYT hộ gia đình xã Tả Van",
        3,
        12,
        200,
        200,
        ("15", ACTIVITIES[0].title),
    ),
    ("00070", "00070", Event.Kind.CONFERENCE, ACTIVITIES[11].title, 12, 10, None, 150, ("00070", ACTIVITIES[11].title)),
]

# (commune, phone, name, interest, the event's title, day in Q3, enrolled on (or None))
REGISTRATIONS = [
    ("00070", "0912 600 101", "Trần Thị Hoa", "bhxh-tu-nguyen", ACTIVITIES[8].title, d(8, 14), d(9, 2)),
    ("00070", "0912 600 102", "Lê Văn Minh", "bhxh-tu-nguyen", ACTIVITIES[8].title, d(8, 14), None),
    ("00070", "0912 600 103", "Phạm Thu Trang", "bhyt-ho-gia-dinh", ACTIVITIES[8].title, d(8, 14), d(8, 28)),
    ("00073", "0912 600 104", "Nguyễn Văn Tùng", "bhxh-tu-nguyen", ACTIVITIES[5].title, d(9, 10), d(9, 25)),
    ("00073", "0912 600 105", "Đỗ Thị Mai", "bhyt-ho-gia-dinh", ACTIVITIES[5].title, d(9, 10), None),
    ("03006", "0912 600 106", "Giàng Thị Mỷ", "bhyt-ho-gia-dinh", EVENTS[2][3], d(7, 22), d(8, 5)),
    ("03006", "0912 600 107", "Lý A Sùng", "bhyt-ho-gia-dinh", EVENTS[2][3], d(7, 22), None),
]

SCENARIOS = [
    {
        "group": "lao-dong-tu-do",
        "title": "Kịch bản truyền thông BHXH tự nguyện cho lao động tự do",
        "key_messages": (
            "Đóng BHXH tự nguyện để có lương hưu khi về già, như người làm công ăn lương.\n"
            "Nhà nước hỗ trợ một phần tiền đóng; mức đóng linh hoạt theo thu nhập.\n"
            "Có thể đóng hằng tháng, 3 tháng, 6 tháng hoặc một lần cho nhiều năm."
        ),
        "channels": [Channel.FACEBOOK, Channel.ZALO, Channel.TIKTOK, Channel.DIRECT],
        "formats": [Format.SHORT_VIDEO, Format.INFOGRAPHIC, Format.QA],
        "languages": ["vi"],
        "timing": "Cao điểm tháng 3 (Tháng vận động) và quý III; buổi tối và cuối tuần trên mạng xã hội.",
    },
    {
        "group": "dan-toc-thieu-so",
        "title": "Kịch bản truyền thông BHYT cho đồng bào dân tộc thiểu số",
        "key_messages": (
            "Thẻ BHYT giúp khám, chữa bệnh ở trạm y tế xã và bệnh viện huyện, tỉnh.\n"
            "Nhà nước đóng hoặc hỗ trợ tiền mua thẻ BHYT cho người dân vùng khó khăn.\n"
            "Mang thẻ BHYT hoặc ứng dụng VssID khi đi khám bệnh."
        ),
        "channels": [Channel.LOUDSPEAKER, Channel.DIRECT, Channel.PRINT],
        "formats": [Format.AUDIO, Format.LEAFLET, Format.PRESENTATION],
        "languages": ["vi", "hmn"],
        "timing": "Sau mùa vụ, vào ngày chợ phiên; phát thanh buổi sáng sớm và buổi tối.",
    },
]
ADAPTATION = {
    "unit": "15",
    "group": "dan-toc-thieu-so",
    "title": "Kịch bản truyền thông BHYT cho đồng bào Mông tại Lào Cai",
    "key_messages": (
        "Thẻ BHYT giúp khám, chữa bệnh ở trạm y tế xã và bệnh viện huyện, tỉnh.\n"
        "Nhà nước đóng tiền mua thẻ BHYT cho người dân các xã vùng III của Lào Cai.\n"
        "Hỏi cán bộ BHXH hoặc trưởng thôn bằng tiếng Mông khi cần hỗ trợ."
    ),
}
# What the centre changes in its template after Lào Cai adapted it: the adaptation shows "Cập nhật từ mẫu".
TEMPLATE_UPDATE = "Sau mùa vụ, vào ngày chợ phiên và dịp Tết Nguyên đán; phát thanh buổi sáng sớm và buổi tối."


# English for /en/: the events' titles, and the venue from the commune's kind ("Phường" → ward).
EVENT_TITLES_EN = {
    "Hội nghị tuyên truyền chính sách BHXH cho hộ kinh doanh": (
        "Conference on social insurance policy for household businesses"
    ),
    "Hội nghị tuyên truyền BHXH tự nguyện cho lao động tự do phường Cửa Nam": (
        "Conference on voluntary social insurance for self-employed workers, Cửa Nam ward"
    ),
    "Đối thoại chính sách BHXH tự nguyện với tiểu thương chợ Hàng Da": (
        "Policy dialogue on voluntary social insurance with the traders of Hàng Da market"
    ),
    "Đối thoại chính sách BHYT với đồng bào Mông phường Sa Pa": (
        "Health insurance policy dialogue with the Hmong community of Sa Pa ward"
    ),
    "Lễ ra quân vận động BHYT hộ gia đình xã Tả Van": (
        "Kick-off of the household health insurance campaign, Tả Van commune"
    ),
}
