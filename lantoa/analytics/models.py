"""What analytics keeps: raw pageview and engagement events (append-only), daily rollups, the day's salt,
imported totals."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from lantoa.units.models import Unit


class LateDay(models.Model):
    """A day that received events after it was rolled up (a late batch, a queue written after an outage): the
    next rollup recomputes it, whatever store holds the events, then forgets it."""

    day = models.DateField(unique=True)
    marked_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ngày có số liệu đến muộn")

    def __str__(self) -> str:
        return self.day.isoformat()


class DailySalt(models.Model):
    """The secret mixed into today's visitor hashes; deleted once the day is over, so days cannot be linked."""

    day = models.DateField(unique=True)
    secret = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("muối băm trong ngày")

    def __str__(self) -> str:
        return self.day.isoformat()


class PageviewEvent(models.Model):
    """One pageview as collected: no IP, no user agent, no cookie; the visitor is a hash valid for one day."""

    occurred_at = models.DateTimeField()
    day = models.DateField()
    site = models.CharField(max_length=100)
    visitor = models.CharField(max_length=16)
    path = models.CharField(max_length=300)
    page_id = models.IntegerField(null=True)
    page_title = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=40, blank=True)
    unit_path = models.CharField(max_length=64, blank=True)
    # Slugs between bars ("|bhxh-tu-nguyen|bhyt|"), so one row holds all and a LIKE finds one.
    policy_areas = models.CharField(max_length=400, blank=True)
    target_groups = models.CharField(max_length=400, blank=True)
    language = models.CharField(max_length=12, blank=True)
    source_kind = models.CharField(max_length=12)
    source = models.CharField(max_length=100, blank=True)
    utm_medium = models.CharField(max_length=100, blank=True)
    utm_campaign = models.CharField(max_length=100, blank=True)
    device = models.CharField(max_length=8)

    class Meta:
        verbose_name = _("lượt xem trang")
        indexes = [models.Index(fields=["day", "visitor", "occurred_at"], name="analytics_event_day_visitor")]

    def __str__(self) -> str:
        return f"{self.day} {self.path}"


class EngagementEvent(models.Model):
    """The seconds a pageview was visible, as the page's ping reported them when it was hidden. Nothing links it to
    a pageview but what the rollup matches: the same visitor hash, path and day (the latest pageview before it)."""

    occurred_at = models.DateTimeField()
    day = models.DateField()
    visitor = models.CharField(max_length=16)
    path = models.CharField(max_length=300)
    seconds = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("thời gian xem trang")
        indexes = [models.Index(fields=["day", "visitor", "path"], name="analytics_engagement_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.path} {self.seconds}s"


class StatFigures(models.Model):
    """The figures a rollup row holds for one scope and one key of one dimension; shared by day and month rows."""

    # The unit path whose subtree of content the row counts: each event counts for its unit and every unit above.
    scope = models.CharField(max_length=64)
    dimension = models.CharField(max_length=16)
    key = models.CharField(max_length=300)
    label = models.CharField(max_length=255, blank=True)
    visits = models.PositiveBigIntegerField(default=0)
    visitors = models.PositiveBigIntegerField(default=0)
    pageviews = models.PositiveBigIntegerField(default=0)
    bounces = models.PositiveBigIntegerField(default=0)
    # Seconds on a page (to the next pageview of the visit, else the page's engagement ping) and how many pageviews
    # had one.
    duration_total = models.PositiveBigIntegerField(default=0)
    duration_count = models.PositiveBigIntegerField(default=0)

    class Meta:
        abstract = True


class DailyStat(StatFigures):
    """Figures of one day for one scope (a unit's subtree) and one key of one dimension ("total" has key "")."""

    day = models.DateField()

    class Meta(StatFigures.Meta):
        verbose_name = _("số liệu ngày")
        constraints = [
            models.UniqueConstraint(fields=["day", "scope", "dimension", "key"], name="analytics_stat_unique"),
        ]
        indexes = [models.Index(fields=["scope", "dimension", "day"], name="analytics_stat_scope_dim_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.scope} {self.dimension}={self.key}"


class CollectionCount(models.Model):
    """How many beacons were accepted, refused or dropped each day, and why: the collection's health."""

    day = models.DateField()
    reason = models.CharField(max_length=24)
    count = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("số đếm thu thập")
        constraints = [models.UniqueConstraint(fields=["day", "reason"], name="analytics_count_unique")]

    def __str__(self) -> str:
        return f"{self.day} {self.reason}: {self.count}"


class HistoricalTotal(models.Model):
    """A total imported for a year or a month before the system existed, so comparisons work from day one."""

    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    # Null for a whole year's total.
    month = models.PositiveSmallIntegerField(_("tháng"), null=True, blank=True)
    visits = models.PositiveBigIntegerField(_("lượt truy cập"))
    visitors = models.PositiveBigIntegerField(_("khách truy cập"), null=True, blank=True)
    pageviews = models.PositiveBigIntegerField(_("lượt xem trang"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    imported_at = models.DateTimeField(_("ngày nhập"), auto_now=True)

    class Meta:
        verbose_name = _("số liệu lịch sử")
        verbose_name_plural = _("số liệu lịch sử")
        ordering = ["unit__path", "year", "month"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "month"], name="analytics_history_unique"),
            models.UniqueConstraint(
                fields=["unit", "year"], condition=models.Q(month__isnull=True), name="analytics_history_year_unique"
            ),
        ]

    def __str__(self) -> str:
        period = f"{self.month:02d}/{self.year}" if self.month else str(self.year)
        return f"{self.unit} {period}"


class MonthlyStat(StatFigures):
    """The sum of a month's DailyStat rows: a year's top content reads 12 rows per key instead of 365."""

    month = models.DateField()  # the first day of the month

    class Meta(StatFigures.Meta):
        verbose_name = _("số liệu tháng")
        constraints = [
            models.UniqueConstraint(fields=["month", "scope", "dimension", "key"], name="analytics_month_unique"),
        ]
        indexes = [models.Index(fields=["scope", "dimension", "month"], name="analytics_month_scope_dim")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.scope} {self.dimension}={self.key}"
