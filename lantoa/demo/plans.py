"""Demo plans: the centre's 2026 national communication plan, Hà Nội's, Lào Cai's and Phường Hoàn Kiếm's derived
from it, two scenario templates with Lào Cai's adaptation, and the outreach events (with a few registrations) that
carry out the plans' activities.

Everything goes through the planning and outreach services, as staff would do it, and is looked up before it is
created: a second run creates nothing.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from lantoa import phones
from lantoa.content.models import ArticlePage
from lantoa.metrics import Indicator
from lantoa.outreach import services as outreach
from lantoa.outreach.models import Event, Registration, Source
from lantoa.planning import services as planning
from lantoa.planning.models import Activity, Channel, Format, Plan, Scenario
from lantoa.taxonomy.models import ContentLanguage, PolicyArea, TargetGroup
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


@dataclass
class PlansResult:
    plans: int = 0
    activities: int = 0
    scenarios: int = 0
    events: int = 0
    registrations: int = 0


def staff(username: str):
    return get_user_model().objects.get(username=username)


def _unit(code: str) -> Unit:
    level = Unit.Level.CENTRE if code == VSS else Unit.Level.PROVINCE if len(code) == 2 else Unit.Level.COMMUNE
    return Unit.objects.get(level=level, code=code)


EDITORS = {VSS: "trunguong.bientap", "01": "hanoi.bientap", "15": "laocai.bientap", "00070": "hoankiem.bientap"}
# Who follows registrations up in each commune (a commune without staff of its own: the province's).
FOLLOW_UP = {"00070": "hoankiem.tacgia", "00073": "hanoi.tacgia", "03006": "sapa.tacgia"}


def _place(unit: Unit) -> str:
    kind, _sep, rest = unit.name.partition(" ")
    return f"{kind.lower()} {rest}"


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
COMMUNE_KINDS_EN = {"Phường": "ward", "Xã": "commune", "Đặc": "special zone"}


def _place_en(unit: Unit) -> str:
    kind, _sep, rest = unit.name.partition(" ")
    if kind == "Đặc":  # "Đặc khu X"
        rest = rest.partition(" ")[2]
    return f"Cultural house, {rest} {COMMUNE_KINDS_EN.get(kind, '')}".strip()


def _at(day: datetime.date, hour: int = 8) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class _Vocab:
    def __init__(self):
        self.groups = {g.slug: g for g in TargetGroup.objects.all()}
        self.areas = {a.slug: a for a in PolicyArea.objects.all()}
        self.languages = {lang.code: lang for lang in ContentLanguage.objects.all()}

    def pick(self, table: dict, keys) -> list:
        return [table[key] for key in keys if key in table]


def ensure_plans(result: PlansResult, vocab: _Vocab) -> dict[str, Plan]:
    plans = {}
    for code in (VSS, "01", "15", "00070"):  # parents first: each derives from the one above
        unit = _unit(code)
        plan = Plan.objects.filter(unit=unit, year=YEAR).first()
        if plan is None:
            plan = planning.create_plan(user=staff(EDITORS[code]), unit=unit, year=YEAR)
            result.plans += 1
            if code == VSS:
                plan.summary = (
                    "Đưa chính sách BHXH, BHYT đến mọi người dân, chú trọng lao động tự do, nông dân, đồng bào "
                    "dân tộc thiểu số; chuyển mạnh sang truyền thông số, đo được kết quả."
                )
                plan.save(update_fields=["summary"])
            # A derived plan starts from its parent's targets: the unit sets its own and drops the others.
            for indicator, value in TARGETS[code].items():
                planning.save_target(user=staff(EDITORS[code]), plan=plan, indicator=indicator, value=value)
            for target in plan.targets.exclude(indicator__in=TARGETS[code]):
                planning.delete_target(user=staff(EDITORS[code]), target=target)
            # The centre's activities copied into the plan that ended before the summer were carried out.
            plan.activities.filter(derived_from__isnull=False, ends_on__lt=d(7, 1)).update(status=S.DONE)
        plans[code] = plan
        for item in (a for a in ACTIVITIES if a.unit == code):
            if plan.activities.filter(title=item.title, derived_from__isnull=True).exists():
                continue
            activity = Activity(
                plan=plan,
                kind=item.kind,
                title=item.title,
                description=item.description,
                starts_on=item.starts_on,
                ends_on=item.ends_on,
                budget=item.budget,
                responsible_unit=_unit(item.responsible),
                status=item.status,
                quantity=item.quantity,
            )
            planning.save_activity(
                user=staff(EDITORS[code]),
                activity=activity,
                partners=item.partners,
                channels=item.channels,
                target_groups=vocab.pick(vocab.groups, item.groups),
                policy_areas=vocab.pick(vocab.areas, item.areas),
                languages=vocab.pick(vocab.languages, item.languages),
            )
            result.activities += 1
    return plans


def ensure_events(result: PlansResult, vocab: _Vocab, plans: dict[str, Plan]) -> None:
    for commune, organiser, kind, title, month, day, attendees, expected, (plan_code, activity_title) in EVENTS:
        starts_at = _at(d(month, day))
        event = Event.objects.filter(commune=_unit(commune), title=title, starts_at=starts_at).first()
        if event is not None and not event.title_en and title in EVENT_TITLES_EN:
            # A demo loaded before events had English fields gets them once.
            Event.objects.filter(pk=event.pk).update(
                title_en=EVENT_TITLES_EN[title], place_en=_place_en(_unit(commune))
            )
        if event is None:
            activity = plans[plan_code].activities.filter(title=activity_title).order_by("pk").first()
            event = Event(
                unit=_unit(organiser),
                commune=_unit(commune),
                kind=kind,
                title=title,
                starts_at=starts_at,
                place=f"Nhà văn hoá {_place(_unit(commune))}",
                title_en=EVENT_TITLES_EN.get(title, ""),
                place_en=_place_en(_unit(commune)),
                expected_attendees=expected,
                actual_attendees=attendees,
                materials=activity.description if activity else "",
            )
            outreach.save_event(
                user=staff(EDITORS[organiser]),
                event=event,
                partners=list(activity.partners) if activity else [],
                target_groups=list(activity.target_groups.all()) if activity else [],
                policy_areas=list(activity.policy_areas.all()) if activity else [],
            )
            result.events += 1
            if activity is not None:
                linked = list(Event.objects.filter(plan_link__activity=activity))
                planning.link_events(activity=activity, events=[*linked, event])
    for commune, phone, name, interest, event_title, day, enrolled_on in REGISTRATIONS:
        if Registration.objects.filter(phone=phones.normalise(phone), interest=interest).exists():
            continue
        event = Event.objects.filter(commune=_unit(commune), title=event_title).first()
        registration, _created = outreach.register_interest(
            name=name,
            phone=phone,
            commune=_unit(commune),
            interest=interest,
            contact_time="any",
            consent_text="Tôi đồng ý để cơ quan BHXH liên hệ tư vấn (dữ liệu mẫu).",
            source=Source.EVENT,
            event=event,
            now=_at(day, 10),
        )
        result.registrations += 1
        if enrolled_on is not None:
            officer = staff(FOLLOW_UP[commune])
            outreach.transition(registration=registration, user=officer, to_status=Registration.Status.CONTACTED)
            outreach.transition(
                registration=registration,
                user=officer,
                to_status=Registration.Status.ENROLLED,
                scheme=interest,
                enrolled_on=enrolled_on,
            )


def ensure_scenarios(result: PlansResult, vocab: _Vocab) -> None:
    centre, editor = _unit(VSS), staff(EDITORS[VSS])
    templates = {}
    for spec in SCENARIOS:
        group = vocab.groups[spec["group"]]
        template = Scenario.objects.filter(unit=centre, is_template=True, title=spec["title"]).first()
        if template is None:
            template = Scenario(
                unit=centre,
                target_group=group,
                title=spec["title"],
                key_messages=spec["key_messages"],
                channels=spec["channels"],
                formats=spec["formats"],
                timing=spec["timing"],
                is_template=True,
                is_published=True,
            )
            materials = ArticlePage.objects.live().filter(unit=centre, target_groups=group).order_by("pk")[:2]
            planning.save_scenario(
                user=editor,
                scenario=template,
                languages=vocab.pick(vocab.languages, spec["languages"]),
                materials=list(materials),
            )
            result.scenarios += 1
        templates[spec["group"]] = template
    template = templates[ADAPTATION["group"]]
    province = _unit(ADAPTATION["unit"])
    if not Scenario.objects.filter(unit=province, template=template).exists():
        officer = staff(EDITORS[ADAPTATION["unit"]])
        adapted = planning.adapt_scenario(user=officer, template=template, unit=province, title=ADAPTATION["title"])
        adapted.key_messages = ADAPTATION["key_messages"]
        planning.save_scenario(
            user=officer,
            scenario=adapted,
            languages=list(adapted.languages.all()),
            materials=list(adapted.materials.all()),
        )
        result.scenarios += 1
        template.timing = TEMPLATE_UPDATE
        planning.save_scenario(
            user=editor,
            scenario=template,
            languages=list(template.languages.all()),
            materials=list(template.materials.all()),
        )


def load_plans() -> PlansResult:
    """The 2026 plans, scenarios, events and registrations of the demo; idempotent."""
    result = PlansResult()
    vocab = _Vocab()
    with transaction.atomic():
        plans = ensure_plans(result, vocab)
        ensure_events(result, vocab, plans)
        ensure_scenarios(result, vocab)
    return result
