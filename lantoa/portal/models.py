"""The portal's own tables: the search index of published pages and the page-cache generation."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page


class SearchEntry(models.Model):
    """One live, public page as search, listings and feeds read it; kept in sync by signals."""

    class Kind(models.TextChoices):
        ARTICLE = "article", _("Tin tức, bài viết")
        DOCUMENT = "document", _("Văn bản")
        QUESTION = "question", _("Hỏi đáp")
        TOPIC = "topic", _("Chủ đề")
        UNIT = "unit", _("Đơn vị")

    page = models.OneToOneField(Page, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=12, db_index=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    # The owning unit's materialised path ("VSS/01/00070/"): a province filter is a prefix match.
    unit_path = models.CharField(max_length=64, blank=True, db_index=True)
    # Slugs wrapped in bars ("|bao-hiem-y-te|ho-gia-dinh|"): one filter is one LIKE on one table.
    policy_areas = models.CharField(max_length=1000, blank=True)
    target_groups = models.CharField(max_length=1000, blank=True)
    # On PostgreSQL, stored search documents are generated from title, body, title_folded and body_folded
    # (migration 0006, not on this model): a later migration that changes or removes one of these columns
    # must drop those documents first and make them again (PostgreSQL refuses, SQLite would not notice).
    title = models.CharField(max_length=255)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    # Whole-word token strings, padded with spaces: " bảo hiểm " ranks exact words, the folded
    # " bao hiem that nghiep " is what queries match on.
    title_tokens = models.TextField(blank=True)
    title_folded = models.TextField(blank=True)
    body_folded = models.TextField(blank=True)
    # Which word pairs the body holds, as a Bloom filter (`phrases.body_filter`): ranking tells from it, without the
    # body, which bodies cannot hold the phrase searched for. Empty for an entry indexed before it existed.
    body_pairs = models.BinaryField(blank=True, default=b"", editable=False)
    date = models.DateField()
    published_at = models.DateTimeField()
    # Newest first as one integer, the date then the page (`services.sort_key`): the full-text
    # index returns matches in this order, so "the newest N matches" stops after N.
    sort_key = models.BigIntegerField(unique=True)
    # Filter words for the full-text index on SQLite ("lang_vi kind_article area_… unit_vss_01"),
    # so that filtered searches are answered by the index alone (`services.facet_words`).
    facets = models.TextField(blank=True)

    class Meta:
        verbose_name = _("mục chỉ mục tìm kiếm")
        verbose_name_plural = _("chỉ mục tìm kiếm")
        indexes = [
            models.Index(fields=["language", "kind", "-date"], name="portal_entry_lang_kind_date"),
            models.Index(fields=["language", "-date", "-published_at"], name="portal_entry_lang_date"),
            # Ranking reads its candidates' titles and body filters by sort key from this index alone, not the wide
            # rows (an index-only scan on PostgreSQL; on SQLite the strings sit after the body, on its overflow pages).
            models.Index(
                fields=["sort_key", "title_tokens", "title_folded", "body_pairs"], name="portal_entry_titles_pairs"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class CacheTag(models.Model):
    """The version of one cache tag (`lantoa.cache`): what cached portal pages showing it were rendered with.

    Kept in the database rather than in the cache so that every web process sees the same value, so that it
    changes in the same transaction as the content it stands for, and so that it is never evicted.
    """

    name = models.CharField(max_length=200, primary_key=True)
    version = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("thẻ bộ nhớ đệm")

    def __str__(self) -> str:
        return f"{self.name}={self.version}"
