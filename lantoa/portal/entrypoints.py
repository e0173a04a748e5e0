"""Where the portal leads a reader to act: the two calculators, the registration of interest and the events.

The home page, topic pages and articles on voluntary social insurance or household health insurance show these
links; the registration link carries where the reader came from (`trang`, `nguon`, `quan_tam`) the way the
registration form records its source (lantoa/outreach/forms.py), and so does the calculator link, whose result
leads to the registration with the article still attached.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# Policy area slug → (calculator URL name, the registration form's `quan_tam` value).
SCHEMES = {
    "bhxh-tu-nguyen": "calculators:voluntary_si",
    "bhyt-ho-gia-dinh": "calculators:household_hi",
}
LABELS = {
    "calculators:voluntary_si": (
        _("Tính mức đóng bảo hiểm xã hội tự nguyện"),
        _("Số tiền đóng mỗi tháng và phần Nhà nước hỗ trợ theo thu nhập bạn chọn."),
    ),
    "calculators:household_hi": (
        _("Tính mức đóng bảo hiểm y tế hộ gia đình"),
        _("Số tiền cả hộ phải đóng theo số người tham gia."),
    ),
    "outreach:register": (
        _("Đăng ký tư vấn"),
        _("Để lại số điện thoại, cán bộ bảo hiểm xã hội ở xã, phường của bạn sẽ gọi lại."),
    ),
    "outreach:events": (
        _("Sự kiện sắp diễn ra"),
        _("Lễ ra quân, hội nghị, đối thoại về chính sách ở các xã, phường."),
    ),
}


@dataclass(frozen=True)
class EntryPoint:
    name: str  # the URL name, also a stable class for styling and tests
    url: str
    label: str
    description: str

    @property
    def css_name(self) -> str:
        return self.name.replace(":", "-").replace("_", "-")


def _point(name: str, query: dict) -> EntryPoint:
    label, description = LABELS[name]
    url = reverse(name)
    query = {key: value for key, value in query.items() if value not in (None, "")}
    return EntryPoint(name, f"{url}?{urlencode(query)}" if query else url, str(label), str(description))


def matching_schemes(policy_areas) -> list[str]:
    """The policy area slugs among `policy_areas` that have a calculator, in the calculators' order."""
    slugs = set(policy_areas)
    return [slug for slug in SCHEMES if slug in slugs]


def entry_points(*, policy_areas=(), page_id: int | None = None, source: str = "", everything: bool = True):
    """The links to offer, the calculators matching `policy_areas` first.

    `everything` adds the calculators that do not match and the events (home and topic pages); without it
    (an article) only the matching calculators and the registration. `page_id` and `source` are carried to the
    registration form (`trang`, `nguon`) and through the calculators to it.
    """
    matching = matching_schemes(policy_areas)
    calculators = [SCHEMES[slug] for slug in matching]
    if everything:
        calculators += [name for name in SCHEMES.values() if name not in calculators]
    points = [_point(name, {"trang": page_id}) for name in calculators]
    interest = matching[0] if len(matching) == 1 else ""
    points.append(_point("outreach:register", {"nguon": source, "trang": page_id, "quan_tam": interest}))
    if everything:
        points.append(_point("outreach:events", {}))
    return points
