"""Writes of bulletins: scripts from content, audio requested and produced, templates adapted, broadcasts logged."""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.models import Page

from lantoa import cache
from lantoa.units.models import Unit

from . import card
from .models import Broadcast, BulletinAudio, BulletinItem, BulletinPage

logger = logging.getLogger(__name__)

# The synthetic draft voice follows the way the unit's region speaks (espeak-ng's Vietnamese voices). Province codes
# of the 34 provinces (2025): up to 37 the North, 38 (Thanh Hoá) to 68 the Centre and Central Highlands (Lâm Đồng
# included), from 75 the South. A unit without a province (the centre) gets the northern voice.
CENTRAL_FROM, SOUTH_FROM = 38, 75
# The largest recording accepted (a phone's few minutes are a few MB).
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
BROADCAST_LINK_SALT = "lantoa.bulletins.broadcast"
BROADCAST_LINK_DAYS = 120


def region_of(unit: Unit | None) -> str:
    codes = [code for code in (unit.path if unit else "").split("/") if code]
    if len(codes) < 2 or not codes[1].isdigit():
        return "north"
    province = int(codes[1])
    if province >= SOUTH_FROM:
        return "south"
    return "central" if province >= CENTRAL_FROM else "north"


# --- scripts --------------------------------------------------------------------------------------------------


def _html_of(page) -> str:
    from wagtail.rich_text import expand_db_html

    specific = page.specific
    if hasattr(specific, "answer"):
        return f"<p>{specific.question}</p>{expand_db_html(specific.answer)}"
    body = getattr(specific, "body", None)
    summary = f"<p>{specific.summary}</p>" if getattr(specific, "summary", "") else ""
    return summary + (str(body) if body else "")


def script_of_page(page) -> tuple[str, str]:
    """(heading, script) of an article or Q&A: its text as read aloud, in short sentences."""
    from . import speech

    specific = page.specific
    heading = specific.question if hasattr(specific, "question") else specific.title
    text = speech.spoken(speech.plain_text(_html_of(page)))
    return speech.spoken(heading)[:200], "\n".join(speech.sentences(text))


def script_of_event(event) -> tuple[str, str]:
    """(heading, script) announcing an outreach event: what, when, where."""
    from . import speech

    starts = timezone.localtime(event.starts_at)
    text = _("%(kind)s: %(title)s. Thời gian: %(time)s giờ %(minute)s phút, %(date)s. Địa điểm: %(place)s.") % {
        "kind": event.get_kind_display(),
        "title": event.title,
        "time": starts.hour,
        "minute": f"{starts.minute:02d}",
        "date": starts.strftime("%d/%m/%Y"),
        "place": event.place,
    }
    if event.description:
        text += " " + event.description
    heading = _("Thông báo sự kiện")
    return heading, "\n".join(speech.sentences(speech.spoken(text)))


# An item's script at most (the field's limit): a long article is cut at the last sentence that fits, for staff to
# shorten further; a loudspeaker item is a few minutes.
MAX_SCRIPT_CHARS = 6000


def _fitting(script: str, limit: int = MAX_SCRIPT_CHARS) -> str:
    if len(script) <= limit:
        return script
    cut = script[:limit]
    end = max(cut.rfind("\n"), cut.rfind(". "))
    return cut[: end + 1].rstrip() if end > 0 else cut.rstrip()


def fill_item(item: BulletinItem) -> None:
    """An item without a script gets one from its page or event; a script staff wrote stays as written."""
    if item.script.strip():
        return
    if item.source_id and item.source.live:
        heading, script = script_of_page(item.source)
    elif item.event_id:
        heading, script = script_of_event(item.event)
    else:
        return
    item.script = _fitting(script)
    item.heading = item.heading or heading


# --- audio ----------------------------------------------------------------------------------------------------


def can_edit(user, page: Page) -> bool:
    return page.permissions_for_user(user).can_edit()


def _enqueue(audio: BulletinAudio) -> None:
    from .tasks import produce_bulletin_audio

    transaction.on_commit(lambda: produce_bulletin_audio.enqueue(audio.pk))


def request_audio(*, user, page: BulletinPage, recording=None) -> BulletinAudio:
    """Ask for the bulletin's audio: the uploaded recording, or (Vietnamese only) the synthetic draft voice.

    A recording is checked by its content before anything is kept; a bad one raises ValidationError and changes
    nothing (an earlier audio stays)."""
    from . import audio as sound

    if user is not None and not can_edit(user, page):
        raise PermissionDenied
    data = b""
    if recording is not None:
        if recording.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("Tệp quá lớn (tối đa 50 MB)."))
        data = recording.read()
        try:
            sound.check_upload(data, recording.name)
        except sound.AudioError as error:
            raise ValidationError(str(error)) from error
    item, _created = BulletinAudio.objects.get_or_create(page=page)
    if data:
        if item.recording:
            item.recording.delete(save=False)
        item.recording.save("ban-ghi", ContentFile(data), save=False)
        item.source, item.voice = BulletinAudio.Source.RECORDED, ""
    elif page.locale.language_code != "vi":
        # Never a Vietnamese voice pretending to speak a minority language: only a person's recording.
        item.status, item.source = BulletinAudio.Status.NEEDS_RECORDING, ""
        item.message = _("Bản tin tiếng dân tộc chỉ dùng giọng đọc ghi âm: hãy tải lên bản ghi.")
        item.save()
        return item
    else:
        item.source = BulletinAudio.Source.SYNTHETIC
        item.voice = sound.voice_for(region_of(page.unit))
    item.status, item.message = BulletinAudio.Status.QUEUED, ""
    item.save()
    _enqueue(item)
    return item


def produce_audio(audio_id: int) -> BulletinAudio:
    """The task worker's part: synthesise (if no recording), normalise and encode to Opus and MP3, and make the
    video for the social platforms. What it records for staff is in Vietnamese, whatever language the worker
    (or the request that ran it) had active."""
    with translation.override(settings.LANGUAGE_CODE):
        return _produce_audio(audio_id)


def _produce_audio(audio_id: int) -> BulletinAudio:
    from . import audio as sound

    item = BulletinAudio.objects.select_related("page").get(pk=audio_id)
    # What staff asked for when this task was queued: a newer request (a recording uploaded meanwhile) wins.
    asked = (item.source, item.recording.name, item.voice, item.updated_at)
    page = item.page
    # The script as staff last saved it (a draft's latest revision), which the synthetic voice reads.
    script_page = page.get_latest_revision_as_object() if page.has_unpublished_changes else page
    BulletinAudio.objects.filter(pk=item.pk).update(status=BulletinAudio.Status.RUNNING)
    try:
        if item.source == BulletinAudio.Source.RECORDED and item.recording:
            with item.recording.open("rb") as handle:
                source = handle.read()
        else:
            voice = item.voice or sound.voice_for(region_of(page.unit))
            source = sound.synthesise(script_page.script_text(), voice=voice)
        encoded = sound.encode(source)
    except sound.AudioError as error:
        BulletinAudio.objects.filter(pk=item.pk, updated_at=asked[3]).update(
            status=BulletinAudio.Status.FAILED, message=str(error)[:300]
        )
        item.refresh_from_db()
        return item
    # The video the social platforms take; without it the audio is still ready for loudspeakers and the portal.
    video, cover, note = b"", b"", ""
    try:
        cover = card.render(
            title=script_page.title, unit=page.unit, date=script_page.date, language=page.locale.language_code
        )
        video = sound.make_video(encoded.mp3, cover, seconds=encoded.duration_seconds)
    except (sound.AudioError, OSError) as error:
        logger.warning("bulletin %s: no video for the channels (%s)", page.pk, getattr(error, "detail", "") or error)
        note = _("Âm thanh đã sẵn sàng nhưng chưa tạo được video để đăng lên mạng xã hội: %(reason)s") % {
            "reason": str(error)
        }
    with transaction.atomic():
        current = BulletinAudio.objects.select_for_update().get(pk=item.pk)
        if (current.source, current.recording.name, current.voice) != asked[:3]:
            return current  # staff asked again meanwhile: that request's own task produces the audio
        files = (current.opus, current.mp3, current.video, current.cover)
        old = [field.name for field in files if field]
        name = f"ban-tin-{page.pk}-{page.locale.language_code}"
        current.opus.save(f"{name}.opus", ContentFile(encoded.opus), save=False)
        current.mp3.save(f"{name}.mp3", ContentFile(encoded.mp3), save=False)
        if video:
            current.video.save(f"{name}.mp4", ContentFile(video), save=False)
            current.cover.save(f"{name}.jpg", ContentFile(cover), save=False)
        else:
            current.video, current.cover = "", ""
        current.duration, current.opus_size, current.mp3_size, current.video_size = (
            encoded.duration_seconds,
            encoded.opus_size,
            encoded.mp3_size,
            len(video),
        )
        current.script_sha = script_page.script_sha()
        current.status, current.message = BulletinAudio.Status.READY, note[:300]
        # Only what the worker owns: the request's own fields (source, recording, voice) stay as staff left them.
        current.save(
            update_fields=[
                "opus",
                "mp3",
                "video",
                "cover",
                "duration",
                "opus_size",
                "mp3_size",
                "video_size",
                "script_sha",
                "status",
                "message",
                "updated_at",
            ]
        )
        storage = current.opus.storage
        kept = {field.name for field in (current.opus, current.mp3, current.video, current.cover) if field}
        transaction.on_commit(lambda: [storage.delete(path) for path in old if path not in kept])
    item = current
    # The portal's cached page of the bulletin (and its translations) showed "no audio yet": the player now.
    cache.bump(cache.page_tag(page.translation_key))
    return item


def audio_on_publish(page: BulletinPage) -> None:
    """A Vietnamese bulletin published without audio (or with a synthetic one for an older script) gets its
    synthetic draft voice; a recording is never replaced by a machine."""
    if page.locale.language_code != "vi":
        if not BulletinAudio.objects.filter(page=page).exists():
            request_audio(user=None, page=page)
        return
    item = BulletinAudio.objects.filter(page=page).first()
    if item is None or (item.source != BulletinAudio.Source.RECORDED and not item.is_current):
        request_audio(user=None, page=page)


# --- templates ------------------------------------------------------------------------------------------------


def adapt(*, user, template: BulletinPage, parent: Page) -> BulletinPage:
    """A draft copy of the centre's template under `parent` (a unit's page), linked to it: the unit edits it for
    its place and sends it through its own approval."""
    from lantoa.content.models import UnitPage

    if not template.is_template or not template.live:
        raise ValidationError(_("Chỉ điều chỉnh được bản tin mẫu đã công bố."))
    parent = parent.specific
    if not isinstance(parent, UnitPage) or not BulletinPage.can_create_at(parent):
        raise ValidationError(_("Chỉ tạo bản tin dưới trang của một đơn vị."))
    if not parent.permissions_for_user(user).can_add_subpage():
        raise PermissionDenied
    copy = template.copy(
        to=parent,
        update_attrs={
            "slug": f"{template.slug}-{parent.specific.unit.code}".lower()[:250],
            "is_template": False,
            "template": template,
        },
        keep_live=False,
        user=user,
        copy_revisions=False,
        log_action="wagtail.copy",
    )
    return copy.specific


# --- broadcasts -----------------------------------------------------------------------------------------------


@dataclass
class BroadcastInput:
    played_at: object
    clusters: int
    villages: str = ""
    note: str = ""


def log_broadcast(*, bulletin: BulletinPage, unit: Unit, data: BroadcastInput, user=None, via_link=False):
    """Record one playing; the same bulletin, commune and minute twice is one broadcast (a double tap)."""
    if unit.level != Unit.Level.COMMUNE:
        raise ValidationError(_("Buổi phát thanh được ghi cho một xã, phường."))
    if not bulletin.live:
        raise ValidationError(_("Bản tin chưa được xuất bản."))
    played_at = data.played_at.replace(second=0, microsecond=0)
    if timezone.localtime(played_at).date() < bulletin.date:
        # A leaked link must not rewrite closed periods: nothing is played before the bulletin's own date.
        raise ValidationError(
            _("Thời gian phát trước ngày của bản tin (%(date)s).") % {"date": bulletin.date.strftime("%d/%m/%Y")}
        )
    broadcast = Broadcast(
        bulletin=bulletin,
        unit=unit,
        played_at=played_at,
        clusters=data.clusters,
        villages=data.villages.strip()[:500],
        note=data.note.strip()[:300],
        recorded_by=user,
        via_link=via_link,
    )
    broadcast.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            broadcast.save()
    except IntegrityError:
        return Broadcast.objects.get(bulletin=bulletin, unit=unit, played_at=played_at), False
    return broadcast, True


def broadcast_token(bulletin: BulletinPage, unit: Unit) -> str:
    """The signed part of the phone link: which bulletin and commune, nothing personal."""
    return signing.dumps({"b": bulletin.pk, "u": unit.pk}, salt=BROADCAST_LINK_SALT, compress=True)


def read_broadcast_token(token: str) -> tuple[BulletinPage, Unit]:
    """The bulletin and commune of a phone link; ValidationError when forged, damaged or older than 120 days."""
    try:
        data = signing.loads(token, salt=BROADCAST_LINK_SALT, max_age=BROADCAST_LINK_DAYS * 86400)
        bulletin = BulletinPage.objects.live().get(pk=int(data["b"]))
        unit = Unit.objects.get(pk=int(data["u"]), level=Unit.Level.COMMUNE)
    except (signing.BadSignature, KeyError, TypeError, ValueError, BulletinPage.DoesNotExist, Unit.DoesNotExist):
        raise ValidationError(_("Đường dẫn không hợp lệ hoặc đã hết hạn. Hãy xin đường dẫn mới.")) from None
    return bulletin, unit
