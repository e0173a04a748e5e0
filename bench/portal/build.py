"""Build a portal with N published articles fast, for the benchmark (needs Django set up).

How: the unit tree, home, topic pages and office pages are made the normal way (`import_units`,
`setup_site`, `ensure_unit_page`); the articles are bulk-inserted, 1,000 at a time:
- `wagtailcore_page` rows through `Page.objects.bulk_create`, with the treebeard materialised path
  computed here (`Page._get_path(parent path, depth, step)`: the next free step below the parent),
  `url_path`, locale, a fresh translation key, `live=True`, `has_unpublished_changes=False`,
  `first_published_at`/`last_published_at` = the article's date; then the parent's `numchild`;
- `content_articlepage` rows through Django's own multi-table insert (`_insert`, what `bulk_create`
  does for each table), the StreamField body as JSON;
- policy-area and target-group links in their through tables;
- a lead image on every article, one of `IMAGES` photographs-like JPEGs (1600×900, made with Pillow) uploaded as
  Wagtail images (`ensure_lead_images`), so that an article's first hit reads its renditions as a real one does.
Like an import, the articles have no revisions (Wagtail creates the first on the first edit) and are
not in Wagtail's admin search index; the portal reads neither. Its own index (`SearchEntry` and the
full-text index) is then built by `manage.py rebuild_search_index`, which the benchmark times.
"""

import datetime
import random
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from wagtail.models import Locale, Page
from wagtail.rich_text import RichText

from lantoa.content.models import ArticlePage, HomePage
from lantoa.content.services import ensure_unit_page, setup_site
from lantoa.demo import corpus
from lantoa.demo.loader import place_name, slug_for
from lantoa.taxonomy.models import PolicyArea, TargetGroup
from lantoa.units.models import Unit

SEED = 2026
BATCH = 1000
COMMUNE_OFFICES = 120  # communes with an office page that publishes news
FIRST_DAY = datetime.date(2018, 1, 1)
LAST_DAY = datetime.date(2026, 11, 20)
# Sentences with figures and dates, so that articles are not all made of the same paragraphs.
FIGURE_SENTENCES = [
    "Tính đến ngày {d}/{m}/{y}, toàn {place} có {n} người tham gia bảo hiểm xã hội tự nguyện, tăng {p}% so với "
    "cùng kỳ năm trước.",
    "Trong {k} tháng đầu năm {y}, {office} đã giải quyết {n} hồ sơ hưởng chế độ ốm đau, thai sản và dưỡng sức "
    "phục hồi sức khỏe cho người lao động.",
    "Số người tham gia bảo hiểm y tế trên địa bàn {place} đạt {n} người, tỷ lệ bao phủ đạt {p}% dân số.",
    "Ngày {d}/{m}/{y}, {office} phối hợp với Ủy ban nhân dân tổ chức {k} buổi đối thoại với {n} người dân.",
    "Năm {y}, quỹ bảo hiểm thất nghiệp đã chi trả trợ cấp cho {n} người lao động ở {place}, hỗ trợ học nghề "
    "cho {k} trăm người.",
    "Đến hết tháng {m}/{y}, số tiền chậm đóng bảo hiểm xã hội trên địa bàn {place} giảm còn {n} triệu đồng.",
]


def article_parents() -> list[tuple[Page, Unit, float]]:
    """(parent page, unit, weight): the home page (centre), every province, a sample of communes."""
    setup_site(with_unit_pages=False)
    vi = Locale.objects.get(language_code="vi")
    home = HomePage.objects.get(locale=vi)
    provinces = list(Unit.objects.filter(level=Unit.Level.PROVINCE, is_active=True).order_by("path"))
    communes = list(Unit.objects.filter(level=Unit.Level.COMMUNE, is_active=True).order_by("path"))
    rng = random.Random(SEED)
    communes = sorted(rng.sample(communes, min(COMMUNE_OFFICES, len(communes))), key=lambda u: u.path)
    parents = [(home, home.unit, 0.2 * max(1, len(provinces)))]
    for unit in provinces:
        parents.append((ensure_unit_page(unit), unit, 0.6))
    for unit in communes:
        parents.append((ensure_unit_page(unit), unit, 0.2 * len(provinces) / max(1, len(communes))))
    return [(Page.objects.get(pk=page.pk), unit, weight) for page, unit, weight in parents]


class Writer:
    """Generates and inserts articles below the given parents, continuing their numbering."""

    def __init__(self, parents: list[tuple[Page, Unit, float]], *, seed: int):
        self.rng = random.Random(seed)
        self.parents = parents
        self.weights = [w for _p, _u, w in parents]
        self.vi = Locale.objects.get(language_code="vi")
        self.content_type = ContentType.objects.get_for_model(ArticlePage)
        self.areas = {a.slug: a.pk for a in PolicyArea.objects.all()}
        self.groups = {g.slug: g.pk for g in TargetGroup.objects.all()}
        self.area_items = [(slug, data) for slug, data in corpus.AREAS.items() if slug in self.areas]
        self.next_step = {}
        for parent, _unit, _w in parents:
            last = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).order_by("-path").first()
            self.next_step[parent.pk] = (Page._str2int(last.path[-Page.steplen :]) + 1) if last else 1
        self.serial = ArticlePage.objects.count()

    def _text(self, unit: Unit) -> dict:
        rng = self.rng
        slug, area = rng.choice(self.area_items)
        place, office = place_name(unit), unit.office_name
        day = FIRST_DAY + datetime.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))

        def fill(template: str) -> str:
            text = template.format(
                place=place,
                office=office,
                d=rng.randint(1, 28),
                m=rng.randint(1, 12),
                y=day.year,
                n=f"{rng.randint(120, 98000):,}".replace(",", "."),
                p=rng.randint(2, 97),
                k=rng.randint(2, 11),
            )
            return text[0].upper() + text[1:]

        if rng.random() < 0.3:
            title_template, slug = rng.choice(corpus.EVENT_TITLES)
            area = corpus.AREAS.get(slug, area)
        else:
            title_template = rng.choice(area["titles"])
        paragraphs = rng.sample(area["paragraphs"], min(len(area["paragraphs"]), rng.randint(3, 6)))
        paragraphs += rng.sample(corpus.GENERAL_PARAGRAPHS, rng.randint(2, 4))
        for _ in range(rng.randint(1, 3)):
            paragraphs.insert(rng.randrange(len(paragraphs) + 1), fill(rng.choice(FIGURE_SENTENCES)))
        quote, who = area["quote"]
        if rng.random() < 0.5:
            paragraphs.append(f"“{fill(quote)}” – {fill(who)}.")
        groups = [g for g in area["groups"] if g in self.groups]
        return {
            "title": fill(title_template),
            "summary": fill(rng.choice(area["summaries"])),
            "paragraphs": [fill(p) for p in paragraphs],
            "date": day,
            "areas": [slug] if slug in self.areas else [],
            "groups": rng.sample(groups, min(len(groups), rng.randint(1, 2))),
        }

    def write(self, count: int) -> int:
        """Insert `count` more live articles; returns how many exist now."""
        done = 0
        while done < count:
            n = min(BATCH, count - done)
            with transaction.atomic():
                self._batch(n)
            done += n
        return ArticlePage.objects.count()

    def _batch(self, n: int) -> None:
        chosen = self.rng.choices(range(len(self.parents)), weights=self.weights, k=n)
        pages, texts, children = [], [], {}
        for index in chosen:
            parent, unit, _w = self.parents[index]
            text = self._text(unit)
            self.serial += 1
            step = self.next_step[parent.pk]
            self.next_step[parent.pk] = step + 1
            children[parent.pk] = children.get(parent.pk, 0) + 1
            slug = f"{slug_for(text['title'], 60)}-{self.serial}"
            published = datetime.datetime.combine(text["date"], datetime.time(8, 0), tzinfo=datetime.UTC)
            pages.append(
                Page(
                    path=Page._get_path(parent.path, parent.depth + 1, step),
                    depth=parent.depth + 1,
                    numchild=0,
                    translation_key=uuid.UUID(int=self.rng.getrandbits(128), version=4),
                    locale=self.vi,
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=published,
                    last_published_at=published,
                    title=text["title"][:255],
                    draft_title=text["title"][:255],
                    slug=slug,
                    content_type=self.content_type,
                    url_path=f"{parent.url_path}{slug}/",
                )
            )
            texts.append((text, unit))
        pages = Page.objects.bulk_create(pages)
        articles, area_links, group_links = [], [], []
        for page, (text, unit) in zip(pages, texts, strict=True):
            body = [("paragraph", RichText("".join(f"<p>{p}</p>" for p in text["paragraphs"])))]
            article = ArticlePage(
                page_ptr_id=page.pk,
                unit_id=unit.pk,
                date=text["date"],
                summary=text["summary"][:600],
                kind=ArticlePage.Kind.NEWS,
                lead_image_alt="",
                body=body,
            )
            # The stored form of each field, as Model.save() would write it.
            articles.append(article)
            area_links += [(page.pk, self.areas[s]) for s in text["areas"]]
            group_links += [(page.pk, self.groups[s]) for s in text["groups"]]
        fields = ArticlePage._meta.local_concrete_fields
        ArticlePage.objects._insert(articles, fields=fields, using="default")
        for name, links in (("policy_areas", area_links), ("target_groups", group_links)):
            field = ArticlePage._meta.get_field(name)
            through = field.remote_field.through
            source, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
            through.objects.bulk_create([through(**{source: p, target: t}) for p, t in links])
        for parent_id, added in children.items():
            Page.objects.filter(pk=parent_id).update(numchild=F("numchild") + added)


def grow(total: int, *, progress=None) -> int:
    """Make the site hold `total` live articles (adds only what is missing); returns the count."""
    have = ArticlePage.objects.count()
    if have >= total:
        return have
    writer = Writer(article_parents(), seed=SEED + have)
    while have < total:
        have = writer.write(min(10 * BATCH, total - have))
        if progress:
            progress(have, total)
    return have


def sample_article_urls(count: int, *, seed: int = SEED) -> list[str]:
    """Paths of `count` live articles spread over the whole site (for the page benchmarks)."""
    ids = list(ArticlePage.objects.live().order_by("pk").values_list("pk", flat=True))
    ids = random.Random(seed).sample(ids, min(count, len(ids)))
    pages = ArticlePage.objects.in_bulk(ids)
    return [pages[i].url for i in ids]


def check_tree() -> list[str]:
    """Problems treebeard and Wagtail would find in the page tree (empty when it is sound)."""
    problems = []
    for parent in Page.objects.filter(numchild__gt=0).only("path", "depth", "numchild"):
        real = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).count()
        if real != parent.numchild:
            problems.append(f"{parent.path}: numchild {parent.numchild}, children {real}")
    return problems


IMAGES = 24


def _picture(n: int) -> bytes:
    """A 1600×900 JPEG with gradients and shapes (not one flat colour, so it weighs what a photograph does)."""
    import io

    from PIL import Image as Picture
    from PIL import ImageDraw

    rng = random.Random(SEED + n)
    picture = Picture.new("RGB", (1600, 900))
    draw = ImageDraw.Draw(picture)
    top, bottom = [rng.randint(0, 255) for _ in range(3)], [rng.randint(0, 255) for _ in range(3)]
    for y in range(900):
        t = y / 899
        draw.line([(0, y), (1600, y)], fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)))
    for _ in range(40):
        x, y, r = rng.randint(0, 1600), rng.randint(0, 900), rng.randint(20, 160)
        draw.ellipse([(x - r, y - r), (x + r, y + r)], fill=tuple(rng.randint(0, 255) for _ in range(3)))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=85)
    return out.getvalue()


def ensure_lead_images() -> int:
    """`IMAGES` bench images, and one of them as the lead image of every article without one; returns how many
    articles got one now."""
    from django.core.files.images import ImageFile
    from wagtail.images.models import Image

    images = list(Image.objects.filter(title__startswith="Ảnh minh hoạ bench").order_by("pk"))
    for n in range(len(images), IMAGES):
        import io

        images.append(
            Image.objects.create(
                title=f"Ảnh minh hoạ bench {n + 1}", file=ImageFile(io.BytesIO(_picture(n)), name=f"bench-{n + 1}.jpg")
            )
        )
    updated = 0
    missing = ArticlePage.objects.filter(lead_image__isnull=True)
    with transaction.atomic():
        for k, image in enumerate(images):
            updated += (
                missing.alias(slot=F("page_ptr_id") % IMAGES)
                .filter(slot=k)
                .update(lead_image=image, lead_image_alt="Cán bộ bảo hiểm xã hội tư vấn cho người dân")
            )
    return updated
