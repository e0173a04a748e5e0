"""A podcast feed (RSS 2.0 with the iTunes tags) of a commune's or province's bulletins, for smart loudspeaker
systems and podcast apps: each bulletin with its MP3 as the enclosure, its duration and its language."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.templatetags.static import static
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lantoa.baseurl import absolute_url
from lantoa.units.models import Unit

from .models import BulletinAudio, BulletinPage

FEED_ITEMS = 50
ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"


def clock(seconds: float) -> str:
    """itunes:duration as H:MM:SS."""
    whole = round(seconds or 0)
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


class PodcastFeed(Rss201rev2Feed):
    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:itunes": ITUNES}

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        handler.addQuickElement("itunes:author", self.feed["author_name"] or "")
        handler.addQuickElement("itunes:explicit", "false")
        handler.addQuickElement("itunes:type", "episodic")
        handler.addQuickElement("itunes:image", "", {"href": self.feed["image"]})
        handler.startElement("itunes:category", {"text": "Government"})
        handler.endElement("itunes:category")

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("itunes:duration", item["duration"])
        handler.addQuickElement("itunes:explicit", "false")
        handler.addQuickElement("itunes:episodeType", "full")


class BulletinFeed(Feed):
    """/truyen-thanh/<unit code>/rss.xml in the reader's language: the unit's own bulletins and, for a commune, its
    province's (a province makes bulletins for its communes), with their audio ready."""

    feed_type = PodcastFeed

    def get_object(self, request, code: str):
        unit = Unit.objects.filter(code=code, is_active=True).exclude(level=Unit.Level.CENTRE).first()
        if unit is None:
            raise Http404
        unit.request = request
        return unit

    def title(self, unit) -> str:
        return _("Bản tin truyền thanh: %(unit)s") % {"unit": unit.office_name}

    def link(self, unit) -> str:
        return absolute_url(f"/truyen-thanh/{unit.code}/rss.xml")

    def feed_url(self, unit) -> str:
        return absolute_url(unit.request.get_full_path())

    def description(self, unit) -> str:
        return _("Bản tin bảo hiểm xã hội, bảo hiểm y tế cho loa truyền thanh cơ sở của %(unit)s.") % {
            "unit": unit.office_name
        }

    def author_name(self, unit) -> str:
        return unit.office_name

    def feed_extra_kwargs(self, unit):
        return {"image": absolute_url(static("bulletins/podcast.png"))}

    def feed_copyright(self, unit) -> str:
        return _("Bảo hiểm xã hội Việt Nam")

    # The channel's <language> is Django's default, the language of the URL (/truyen-thanh/… or /en/truyen-thanh/…).
    def items(self, unit):
        language = (get_language() or "vi").split("-")[0]
        paths = [path for path in Unit.path_prefixes(unit.path) if path.count("/") > 1]
        return list(
            BulletinPage.objects.live()
            .public()
            .filter(locale__language_code=language, unit__path__in=paths, audio__status=BulletinAudio.Status.READY)
            .select_related("audio", "unit")
            .order_by("-date", "-first_published_at")[:FEED_ITEMS]
        )

    def item_title(self, item) -> str:
        return item.title

    def item_description(self, item) -> str:
        note = _(" (giọng đọc máy, bản nháp)") if item.audio.is_synthetic else ""
        return (item.summary or item.title) + note

    def item_link(self, item) -> str:
        return absolute_url(item.url)

    def item_guid(self, item) -> str:
        return absolute_url(f"{item.url}#{item.audio.script_sha[:12] or item.pk}")

    def item_pubdate(self, item):
        return item.first_published_at or timezone.now()

    def item_enclosure_url(self, item) -> str:
        return absolute_url(item.audio.mp3.url)

    def item_enclosure_length(self, item) -> int:
        return item.audio.mp3_size

    def item_enclosure_mime_type(self, item) -> str:
        return "audio/mpeg"

    def item_extra_kwargs(self, item):
        return {"duration": clock(item.audio.duration)}
