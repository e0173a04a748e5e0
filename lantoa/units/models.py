"""The unit tree and the memberships that give staff a role in a unit."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from lantoa.folding import fold

from .roles import Role

# How official province-level names begin (Resolution 202/2025/QH15): set aside to sort and to show short.
PROVINCE_PREFIXES = ("Thành phố ", "Tỉnh ")
# A unit's name in another language: the place name stays as written, the kind of division is translated
# (and placed as that language places it). Without a translation the Vietnamese name is shown unchanged.
DIVISION_NAMES = {
    "tỉnh": gettext_noop("Tỉnh %(place)s"),
    "thành phố trung ương": gettext_noop("Thành phố %(place)s"),
    "thành phố": gettext_noop("Thành phố %(place)s"),
    "phường": gettext_noop("Phường %(place)s"),
    "xã": gettext_noop("Xã %(place)s"),
    "đặc khu": gettext_noop("Đặc khu %(place)s"),
}
CENTRE_NAME = gettext_noop("Bảo hiểm xã hội Việt Nam")
OFFICE_NAME = gettext_noop("Bảo hiểm xã hội %(unit)s")


class Unit(index.Indexed, models.Model):
    """An office of the agency: the centre, a province-level office or a commune-level office."""

    class Level(models.TextChoices):
        CENTRE = "centre", _("Trung ương")
        PROVINCE = "province", _("Tỉnh, thành phố")
        COMMUNE = "commune", _("Xã, phường, đặc khu")

    CENTRE_CODE = "VSS"

    level = models.CharField(_("cấp"), max_length=16, choices=Level.choices)
    code = models.CharField(_("mã"), max_length=16, help_text=_("Mã đơn vị hành chính chính thức."))
    name = models.CharField(_("tên"), max_length=200)
    division_type = models.CharField(_("loại đơn vị hành chính"), max_length=40, blank=True)
    codename = models.SlugField(_("tên mã"), max_length=120, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialised path of codes ("VSS/01/00070/"): subtree queries are one indexed prefix match.
    path = models.CharField(max_length=64, unique=True, editable=False)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    # The unit's image and document collection (nested like the unit tree), set when first needed.
    collection = models.OneToOneField(
        "wagtailcore.Collection",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="unit",
    )

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("level"),
    ]

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["path"]
        constraints = [models.UniqueConstraint(fields=["level", "code"], name="unit_unique_level_code")]

    def __str__(self) -> str:
        return self.office_name

    def save(self, *args, **kwargs):
        self.path = self.build_path()
        super().save(*args, **kwargs)

    @property
    def short_name(self) -> str:
        """The name without "Thành phố"/"Tỉnh": "Hà Nội", "An Giang", as a reader looks a province up."""
        for prefix in PROVINCE_PREFIXES:
            if self.level == self.Level.PROVINCE and self.name.startswith(prefix):
                return self.name[len(prefix) :]
        return self.name

    @property
    def sort_key(self) -> tuple[str, str]:
        """Alphabetical order as a Vietnamese reader expects it: by the short name, diacritics folded, đ with d."""
        return fold(self.short_name), self.short_name

    @property
    def display_name(self) -> str:
        """The unit's name in the active language: "Phường Hoàn Kiếm" reads "Hoàn Kiếm Ward" in English.

        Only the kind of division is translated; a language without a vetted translation of it gets the
        Vietnamese name as it is.
        """
        template = DIVISION_NAMES.get(self.division_type.strip().lower())
        if template is None:
            return self.name
        translated = gettext(template)
        if translated == template:
            return self.name
        prefix = template.removesuffix("%(place)s").lower()  # "phường "
        place = " ".join(self.name.split())
        if place.lower().startswith(prefix):
            place = place[len(prefix) :]
        return translated % {"place": place}

    @property
    def official_office_name(self) -> str:
        """The office's official name, in Vietnamese whatever the language: "Bảo hiểm xã hội Phường Hoàn Kiếm"."""
        return self.name if self.level == self.Level.CENTRE else OFFICE_NAME % {"unit": self.name}

    @property
    def office_name(self) -> str:
        """The office as readers and staff name it: "Bảo hiểm xã hội Phường Hoàn Kiếm", in the active language."""
        if self.level == self.Level.CENTRE:
            return gettext(CENTRE_NAME) if self.name == CENTRE_NAME else self.name
        template = gettext(OFFICE_NAME)
        if template == OFFICE_NAME:  # Vietnamese, or a language without this translation
            return self.official_office_name
        return template % {"unit": self.display_name}

    def build_path(self) -> str:
        return f"{self.parent.path if self.parent_id else ''}{self.code}/"

    def is_within(self, other: "Unit") -> bool:
        """True when this unit is `other` or below it."""
        return self.path.startswith(other.path)

    @property
    def depth(self) -> int:
        return self.path.count("/")

    def ancestor_paths(self, *, include_self: bool = True) -> list[str]:
        """The paths of the units above this one, the centre first, and this unit's own path last unless
        `include_self` is false: "VSS/01/00070/" → ["VSS/", "VSS/01/", "VSS/01/00070/"].

        Read from the materialised path, without a query; `Unit.objects.filter(path__in=…)` gives the units.
        """
        paths = Unit.path_prefixes(self.path)
        return paths if include_self else paths[:-1]

    @staticmethod
    def path_prefixes(path: str) -> list[str]:
        """The same from a path alone, for code that holds no Unit (the analytics rollup reads events)."""
        codes = [code for code in path.split("/") if code]
        return ["".join(f"{code}/" for code in codes[: depth + 1]) for depth in range(len(codes))]


class Membership(models.Model):
    """A staff member's role in a unit; it reaches the unit and everything below it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices)
    created_at = models.DateTimeField(_("ngày cấp"), auto_now_add=True)

    class Meta:
        verbose_name = _("thành viên đơn vị")
        verbose_name_plural = _("thành viên đơn vị")
        constraints = [models.UniqueConstraint(fields=["user", "unit"], name="membership_one_role_per_unit")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"


class StaffImport(models.Model):
    """One upload of a staff sheet: its checked rows until applied, then what was done.

    The rows (names, e-mails, phones) are kept only from the preview to the end of the import; a
    finished import keeps its counts. Previews never confirmed are deleted after a day.
    """

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Chờ xác nhận")
        QUEUED = "queued", _("Đang chờ chạy")
        RUNNING = "running", _("Đang nhập")
        DONE = "done", _("Đã xong")
        FAILED = "failed", _("Không thành công")

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    file_name = models.CharField(max_length=255)
    rows = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PREVIEW)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=dict, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lần nhập nhân sự")
        verbose_name_plural = _("lần nhập nhân sự")

    def __str__(self) -> str:
        return f"{self.file_name} · {self.get_status_display()}"

    @property
    def percent(self) -> int:
        return 100 if self.status == self.Status.DONE else int(100 * self.done / self.total) if self.total else 0
