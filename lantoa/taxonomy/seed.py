"""The vocabularies the product starts with (PRODUCT.md); loaded by a migration, editable after."""

POLICY_AREAS = [
    ("bhxh-bat-buoc", "Bảo hiểm xã hội bắt buộc", "Compulsory social insurance"),
    ("bhxh-tu-nguyen", "Bảo hiểm xã hội tự nguyện", "Voluntary social insurance"),
    ("bao-hiem-y-te", "Bảo hiểm y tế", "Health insurance"),
    ("bhyt-ho-gia-dinh", "Bảo hiểm y tế hộ gia đình", "Household health insurance"),
    ("bao-hiem-that-nghiep", "Bảo hiểm thất nghiệp", "Unemployment insurance"),
    ("tai-nan-lao-dong", "Bảo hiểm tai nạn lao động, bệnh nghề nghiệp", "Occupational accident and disease insurance"),
    ("luong-huu-tro-cap", "Lương hưu và trợ cấp", "Pensions and benefits"),
]

TARGET_GROUPS = [
    ("nguoi-lao-dong", "Người lao động", "Employees", "Tôi là người lao động", "I am an employee"),
    (
        "doanh-nghiep",
        "Người sử dụng lao động, doanh nghiệp",
        "Employers and enterprises",
        "Tôi là chủ doanh nghiệp",
        "I am an employer",
    ),
    (
        "lao-dong-tu-do",
        "Lao động tự do, phi chính thức",
        "Informal and self-employed workers",
        "Tôi làm nghề tự do",
        "I am self-employed",
    ),
    ("nong-dan", "Nông dân", "Farmers", "Tôi là nông dân", "I am a farmer"),
    (
        "hoc-sinh-sinh-vien",
        "Học sinh, sinh viên",
        "Students and pupils",
        "Tôi là học sinh, sinh viên",
        "I am a student",
    ),
    ("ho-gia-dinh", "Hộ gia đình", "Households", "Gia đình tôi", "My household"),
    (
        "nguoi-huong-luong-huu",
        "Người nghỉ hưu, hưởng chế độ",
        "Retirees and beneficiaries",
        "Tôi đã nghỉ hưu",
        "I am retired",
    ),
    (
        "dan-toc-thieu-so",
        "Đồng bào dân tộc thiểu số",
        "Ethnic minorities",
        "Tôi là người dân tộc thiểu số",
        "I belong to an ethnic minority",
    ),
    (
        "vung-kho-khan",
        "Người dân vùng khó khăn, biên giới, hải đảo",
        "People in difficult, border, remote and island areas",
        "Tôi sống ở vùng khó khăn",
        "I live in a remote area",
    ),
]

LANGUAGES = [
    # code, name (Vietnamese), native name, is_minority
    ("vi", "Tiếng Việt", "Tiếng Việt", False),
    ("en", "Tiếng Anh", "English", False),
    ("hmn", "Tiếng Hmông", "Hmoob", True),
    ("tyz", "Tiếng Tày", "Tày", True),
    ("blt", "Tiếng Thái", "Tai Dam", True),
    ("km", "Tiếng Khmer", "ខ្មែរ", True),
    ("rad", "Tiếng Ê Đê", "Rhadé", True),
    ("jra", "Tiếng Jrai", "Jarai", True),
    ("bdq", "Tiếng Bahnar", "Bahnar", True),
    ("cmo", "Tiếng Mnông", "Mnông", True),
]


def seed(apps) -> None:
    """Create what is missing; never overwrite what the centre has edited."""
    PolicyArea = apps.get_model("taxonomy", "PolicyArea")
    TargetGroup = apps.get_model("taxonomy", "TargetGroup")
    ContentLanguage = apps.get_model("taxonomy", "ContentLanguage")
    for position, (slug, name, name_en) in enumerate(POLICY_AREAS):
        PolicyArea.objects.get_or_create(slug=slug, defaults={"name": name, "name_en": name_en, "position": position})
    for position, (slug, name, name_en, label, label_en) in enumerate(TARGET_GROUPS):
        TargetGroup.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "name_en": name_en,
                "position": position,
                "audience_label": label,
                "audience_label_en": label_en,
            },
        )
    for position, (code, name, native, minority) in enumerate(LANGUAGES):
        ContentLanguage.objects.get_or_create(
            code=code, defaults={"name": name, "native_name": native, "is_minority": minority, "position": position}
        )
