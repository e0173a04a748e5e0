import datetime
import re

import feedparser
import pytest
from defusedxml import ElementTree as ET
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from lantoa.bulletins import services
from lantoa.bulletins.models import Broadcast, BulletinAudio, BulletinItem, BulletinPage
from lantoa.metrics import Indicator, compute
from lantoa.units.roles import Role

ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"


def detail_url(page):
    return reverse("bulletins_admin:detail", args=[page.pk])


def broadcast_post(unit, *, day="02/07/2026", time="06:30", clusters="3", villages="Thôn 1, Thôn 2"):
    return {
        "action": "broadcast",
        "unit": unit.pk,
        "day": day,
        "time": time,
        "clusters": clusters,
        "villages": villages,
    }


# --- the script and the page ------------------------------------------------------------------------------------


def test_the_script_reads_the_opening_each_item_and_the_closing_in_order(bulletin):
    text = bulletin.script_text()
    assert text.index("Thưa bà con") < text.index("Mức đóng mới") < text.index("Cảm ơn bà con")
    assert len(bulletin.script_sha()) == 64


def test_an_item_must_be_approved_content(site, article):
    from django.core.exceptions import ValidationError

    draft = site["hanoi_a"].add_child(instance=type(article)(title="Nháp", slug="nhap", live=False))
    item = BulletinItem(source=draft)
    with pytest.raises(ValidationError, match="đã được duyệt"):
        item.clean()
    with pytest.raises(ValidationError, match="Hãy chọn"):
        BulletinItem().clean()


def test_only_the_centre_publishes_templates(site, article):
    from django.core.exceptions import ValidationError

    page = BulletinPage(title="Mẫu", slug="mau", is_template=True)
    page.items = [BulletinItem(script="Lời đọc.")]
    with pytest.raises(ValidationError, match="trung ương"):
        site["hanoi"].add_child(instance=page)


def test_the_portal_page_shows_the_script_and_an_audio_that_loads_only_on_play(client, bulletin, fake_sound):
    services.request_audio(user=None, page=bulletin)
    services.produce_audio(bulletin.audio.pk)
    response = client.get(bulletin.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<audio controls preload="none"' in html
    assert "ba trăm ba mươi nghìn đồng" in html
    assert "Giọng đọc máy (bản nháp)" in html
    assert "2 phút 05 giây" in html
    # Light enough for 2G: the page without its audio (the HTML; styles are cached site-wide).
    assert len(response.content) < 50 * 1024


# --- audio ---------------------------------------------------------------------------------------------------


def test_a_vietnamese_bulletin_gets_a_synthetic_draft_voice_by_its_region_when_published(bulletin, fake_sound):
    audio = BulletinAudio.objects.get(page=bulletin)  # published in the fixture: the signal asked for it
    assert audio.source == BulletinAudio.Source.SYNTHETIC and audio.voice == "vi"
    services.produce_audio(audio.pk)
    audio.refresh_from_db()
    assert audio.status == BulletinAudio.Status.READY and audio.is_current
    assert (audio.duration, audio.mp3_size) == (125.4, 12)
    assert any(step[0] == "synth" and "ba trăm ba mươi nghìn đồng" in step[2] for step in fake_sound)


def test_the_region_picks_the_voice():
    from lantoa.units.models import Unit

    assert services.region_of(Unit(path="VSS/01/00070/")) == "north"
    assert services.region_of(Unit(path="VSS/46/")) == "central"
    assert services.region_of(Unit(path="VSS/79/26734/")) == "south"
    assert services.region_of(Unit(path="VSS/")) == "north"


def test_a_minority_language_bulletin_never_gets_a_synthetic_voice(bulletin, fake_sound):
    from wagtail.models import Locale

    locale, _created = Locale.objects.get_or_create(language_code="hmn")
    translated = bulletin.copy_for_translation(locale, copy_parents=True)
    audio = services.request_audio(user=None, page=translated)
    assert audio.status == BulletinAudio.Status.NEEDS_RECORDING
    assert not any(step[0] == "synth" for step in fake_sound[1:])


def test_a_recording_replaces_the_synthetic_voice_and_is_kept_on_a_new_publish(
    client, bulletin, fake_sound, make_staff, units
):
    client.force_login(make_staff(units["hanoi_a"], Role.AUTHOR))
    upload = SimpleUploadedFile("ghi-am.m4a", b"....ftypM4A fake", content_type="audio/mp4")
    response = client.post(detail_url(bulletin), {"action": "audio", "recording": upload})
    assert response.status_code == 302
    audio = BulletinAudio.objects.get(page=bulletin)
    assert audio.source == BulletinAudio.Source.RECORDED and audio.status == BulletinAudio.Status.QUEUED
    services.produce_audio(audio.pk)
    bulletin.save_revision().publish()
    audio.refresh_from_db()
    assert audio.source == BulletinAudio.Source.RECORDED and audio.status == BulletinAudio.Status.READY


def test_an_upload_that_is_not_audio_is_refused_in_vietnamese_and_keeps_the_audio(
    client, bulletin, fake_sound, monkeypatch, make_staff, units
):
    from lantoa.bulletins import audio as sound

    def refuse(data, filename):
        raise sound.AudioError("Tệp không phải âm thanh.")

    monkeypatch.setattr(sound, "check_upload", refuse)
    before = BulletinAudio.objects.get(page=bulletin).source
    client.force_login(make_staff(units["hanoi_a"], Role.AUTHOR))
    upload = SimpleUploadedFile("x.mp3", b"\x89PNG\r\n\x1a\n", content_type="audio/mpeg")
    response = client.post(detail_url(bulletin), {"action": "audio", "recording": upload})
    assert response.status_code == 200
    assert "Tệp không phải âm thanh." in response.content.decode()
    assert BulletinAudio.objects.get(page=bulletin).source == before


def test_another_unit_s_staff_cannot_open_or_change_the_bulletin(client, bulletin, make_staff, units):
    client.force_login(make_staff(units["hue_a"], Role.APPROVER))

    def refused(response):
        # Wagtail answers a PermissionDenied in its admin by sending the user back to the dashboard.
        return response.status_code == 302 and response.url == "/admin/"

    assert refused(client.get(detail_url(bulletin)))
    upload = SimpleUploadedFile("a.ogg", b"OggS", content_type="audio/ogg")
    assert refused(client.post(detail_url(bulletin), {"action": "audio", "recording": upload}))
    assert refused(client.post(detail_url(bulletin), broadcast_post(units["hanoi_a"])))
    assert not Broadcast.objects.exists()


# --- broadcasts and the indicator ----------------------------------------------------------------------------


def test_a_commune_logs_a_broadcast_in_the_admin_and_the_indicator_counts_it_up_the_tree(
    client, bulletin, make_staff, units
):
    client.force_login(make_staff(units["hanoi_a"], Role.AUTHOR))
    assert client.post(detail_url(bulletin), broadcast_post(units["hanoi_a"])).status_code == 302
    assert client.post(detail_url(bulletin), broadcast_post(units["hanoi_a"])).status_code == 302  # a double tap
    broadcast = Broadcast.objects.get()
    assert (broadcast.clusters, broadcast.villages, broadcast.via_link) == (3, "Thôn 1, Thôn 2", False)
    day = datetime.date(2026, 7, 2)
    for unit, expected in (("hanoi_a", 1), ("hanoi", 1), ("centre", 1), ("hue", 0), ("hanoi_b", 0)):
        assert compute(Indicator.LOUDSPEAKER_BROADCASTS, units[unit], day, day) == expected
    assert (
        compute(Indicator.LOUDSPEAKER_BROADCASTS, units["hanoi"], day + datetime.timedelta(days=1), day.replace(day=31))
        == 0
    )


def test_a_broadcast_in_the_future_or_with_no_loudspeaker_is_refused(client, bulletin, make_staff, units):
    client.force_login(make_staff(units["hanoi_a"], Role.AUTHOR))
    tomorrow = (timezone.localdate() + datetime.timedelta(days=2)).strftime("%d/%m/%Y")
    page = client.post(detail_url(bulletin), broadcast_post(units["hanoi_a"], day=tomorrow)).content.decode()
    assert "không thể ở tương lai" in page
    page = client.post(detail_url(bulletin), broadcast_post(units["hanoi_a"], clusters="0")).content.decode()
    assert "lớn hơn hoặc bằng với 1" in page
    page = client.post(detail_url(bulletin), broadcast_post(units["hanoi_a"], day="31/02/2026")).content.decode()
    assert "ngày hợp lệ" in page
    assert not Broadcast.objects.exists()


def test_the_signed_phone_link_logs_a_broadcast_without_signing_in(client, bulletin, units):
    token = services.broadcast_token(bulletin, units["hanoi_a"])
    url = reverse("bulletins:log_by_link", args=[token])
    page = client.get(url).content.decode()
    assert "Bản tin tháng 7" in page and 'name="clusters"' in page
    response = client.post(url, {"day": "02/07/2026", "time": "17:00", "clusters": "2", "villages": "Bản Mông"})
    assert "Đã ghi buổi phát." in response.content.decode()
    broadcast = Broadcast.objects.get()
    assert broadcast.via_link and broadcast.unit == units["hanoi_a"] and broadcast.recorded_by is None


@pytest.mark.parametrize("token", ["", "abc", "x" * 300, "<script>alert(1)</script>", "eyJiIjoxfQ:1:2"])
def test_a_forged_or_damaged_link_logs_nothing(client, bulletin, token):
    url = f"/truyen-thanh/ghi-phat/{token}/" if token else "/truyen-thanh/ghi-phat/-/"
    response = client.post(url, {"day": "02/07/2026", "time": "17:00", "clusters": "2"})
    assert response.status_code == 404
    assert "<script>alert" not in response.content.decode()
    assert not Broadcast.objects.exists()


def test_a_link_for_another_bulletin_cannot_be_made_by_changing_its_numbers(client, bulletin, units):
    token = services.broadcast_token(bulletin, units["hanoi_a"])
    head, _sep, tail = token.partition(":")
    forged = head[:-2] + ("AA" if head[-2:] != "AA" else "BB") + ":" + tail
    assert client.get(reverse("bulletins:log_by_link", args=[forged])).status_code == 404


def test_the_phone_link_is_rate_limited(client, bulletin, units, settings):
    settings.LANTOA_BROADCAST_LINK_RATE_LIMIT = 2
    url = reverse("bulletins:log_by_link", args=[services.broadcast_token(bulletin, units["hanoi_a"])])
    statuses = [
        client.post(url, {"day": "02/07/2026", "time": f"1{n}:00", "clusters": "1"}).status_code for n in range(4)
    ]
    assert statuses[-1] == 429
    assert Broadcast.objects.count() == 2


# --- the feed ------------------------------------------------------------------------------------------------


def test_the_commune_feed_is_a_podcast_with_the_mp3_its_duration_and_language(client, bulletin, fake_sound, units):
    services.produce_audio(BulletinAudio.objects.get(page=bulletin).pk)
    response = client.get(f"/truyen-thanh/{units['hanoi_a'].code}/rss.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    assert channel.findtext("language") == "vi"
    assert channel.find(f"{ITUNES}image").get("href").endswith(".png")
    item = channel.find("item")
    assert item.findtext("title") == "Bản tin tháng 7"
    enclosure = item.find("enclosure")
    assert enclosure.get("type") == "audio/mpeg" and enclosure.get("length") == "12"
    assert re.search(r"/media/bulletins/audio/.+\.mp3$", enclosure.get("url"))
    assert item.findtext(f"{ITUNES}duration") == "0:02:05"
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo and parsed.entries[0].enclosures[0].type == "audio/mpeg"


def test_the_province_feed_does_not_carry_its_communes_bulletins_and_a_commune_feed_carries_its_province_s(
    client, bulletin, fake_sound, units
):
    services.produce_audio(BulletinAudio.objects.get(page=bulletin).pk)
    province = feedparser.parse(client.get(f"/truyen-thanh/{units['hanoi'].code}/rss.xml").content)
    other = feedparser.parse(client.get(f"/truyen-thanh/{units['hanoi_b'].code}/rss.xml").content)
    assert province.entries == [] and other.entries == []
    assert client.get("/truyen-thanh/khong-co/rss.xml").status_code == 404


# --- templates -----------------------------------------------------------------------------------------------


def test_a_commune_adapts_a_centre_template_into_its_own_draft(client, site, article, make_staff, units):
    template = BulletinPage(title="Bản tin mẫu BHYT hộ gia đình", slug="mau-bhyt", is_template=True)
    template.items = [BulletinItem(script="Mức đóng bảo hiểm y tế hộ gia đình.")]
    site["centre"].add_child(instance=template)
    template.save_revision().publish()
    client.force_login(make_staff(units["hanoi_a"], Role.AUTHOR))
    listing = client.get(reverse("bulletins_admin:templates")).content.decode()
    assert "Bản tin mẫu BHYT hộ gia đình" in listing
    response = client.post(reverse("bulletins_admin:adapt", args=[template.pk]), {"parent": site["hanoi_a"].pk})
    copy = BulletinPage.objects.get(template=template)
    assert response.status_code == 302 and response.url.endswith(f"/pages/{copy.pk}/edit/")
    assert not copy.live and not copy.is_template and copy.unit == units["hanoi_a"]
    assert copy.get_parent().pk == site["hanoi_a"].pk
    # Not under another commune's page.
    response = client.post(reverse("bulletins_admin:adapt", args=[template.pk]), {"parent": site["hue_a"].pk})
    assert response.status_code == 302 and response.url == "/admin/"
    assert BulletinPage.objects.filter(template=template).count() == 1


def test_an_item_without_a_script_is_written_from_its_article_as_it_is_read(site, article, fake_sound):
    page = BulletinPage(title="Bản tin tự soạn", slug="tu-soan")
    page.items = [BulletinItem(source=article)]
    site["hanoi_a"].add_child(instance=page)
    item = page.items.get()
    assert item.heading.startswith("Mức đóng bảo hiểm xã hội tự nguyện từ ngày mùng một tháng bảy")
    assert "hai mươi hai phần trăm" in item.script
    assert "ba trăm ba mươi nghìn đồng mỗi tháng" in item.script
    assert not re.search(r"\d", item.script)  # nothing left for the voice to spell out


def test_an_event_item_announces_what_when_and_where(site, units, fake_sound):
    from lantoa.outreach.models import Event

    starts = timezone.make_aware(datetime.datetime(2026, 12, 20, 8, 0))
    event = Event.objects.create(
        unit=units["hanoi_a"],
        commune=units["hanoi_a"],
        kind=Event.Kind.DIALOGUE,
        title="Đối thoại BHYT hộ gia đình",
        starts_at=starts,
        place="Nhà văn hoá tổ 5",
    )
    page = BulletinPage(title="Thông báo", slug="thong-bao")
    page.items = [BulletinItem(event=event)]
    site["hanoi_a"].add_child(instance=page)
    script = page.items.get().script
    assert "Đối thoại bảo hiểm y tế hộ gia đình" in script
    assert "ngày hai mươi tháng mười hai năm hai nghìn không trăm hai mươi sáu" in script
    assert "Nhà văn hoá tổ năm" in script or "Nhà văn hoá tổ 5" not in script


def test_a_minority_language_version_shows_its_text_and_the_vietnamese_beside_it(client, bulletin, fake_sound):
    from wagtail.models import Locale

    locale, _created = Locale.objects.get_or_create(language_code="hmn")
    translated = bulletin.copy_for_translation(locale, copy_parents=True)
    translated.intro = "Nyob zoo txhua tus."
    translated.save_revision().publish()
    html = client.get(translated.url).content.decode()
    assert "Nyob zoo txhua tus." in html
    assert 'lang="vi"' in html and "Thưa bà con, sau đây là bản tin bảo hiểm xã hội." in html
    assert "<audio" not in html  # no recording yet, and never a synthetic voice for Hmong


def test_the_script_of_an_item_left_empty_is_in_the_revision_the_reviewers_read(
    client, site, article, make_staff, units
):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    client.force_login(make_staff(units["hanoi_a"], Role.AUTHOR))
    data = nested_form_data(
        {
            "title": "Bản tin soạn trong trình sửa",
            "slug": "soan-trong-trinh-sua",
            "date": "01/07/2026",
            "summary": "",
            "intro": "Thưa bà con.",
            "outro": "",
            "items": inline_formset([{"source": article.pk, "event": "", "heading": "", "script": ""}]),
        }
    )
    response = client.post(f"/admin/pages/add/bulletins/bulletinpage/{site['hanoi_a'].pk}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = BulletinPage.objects.get(slug="soan-trong-trinh-sua")
    draft = page.get_latest_revision_as_object()
    script = draft.items.all()[0].script
    assert "ba trăm ba mươi nghìn đồng" in script and "hai mươi hai phần trăm" in script


def test_a_bulletin_with_logged_broadcasts_cannot_be_deleted(client, bulletin, units, django_user_model):
    services.log_broadcast(
        bulletin=bulletin,
        unit=units["hanoi_a"],
        data=services.BroadcastInput(played_at=timezone.make_aware(datetime.datetime(2026, 7, 2, 6, 30)), clusters=2),
    )
    client.force_login(django_user_model.objects.create_superuser("goc", "goc@example.com", "mat-khau-goc-1"))
    response = client.post(f"/admin/pages/{bulletin.pk}/delete/")
    assert response.status_code == 302 and response.url.endswith(f"/pages/{bulletin.pk}/edit/")
    assert BulletinPage.objects.filter(pk=bulletin.pk).exists()


def test_a_broadcast_before_the_bulletin_s_date_is_refused(bulletin, units):
    from django.core.exceptions import ValidationError

    early = timezone.make_aware(datetime.datetime(2026, 1, 4, 23, 0))
    with pytest.raises(ValidationError, match="trước ngày của bản tin"):
        services.log_broadcast(
            bulletin=bulletin, unit=units["hanoi_a"], data=services.BroadcastInput(played_at=early, clusters=1)
        )


def test_a_recording_uploaded_while_the_synthetic_voice_is_made_is_not_overwritten(bulletin, fake_sound, monkeypatch):
    from lantoa.bulletins import audio as sound

    audio = BulletinAudio.objects.get(page=bulletin)  # synthetic, queued at publish
    real_encode = sound.encode

    def upload_meanwhile(source):
        services.request_audio(user=None, page=bulletin, recording=SimpleUploadedFile("a.m4a", b"....ftypM4A"))
        return real_encode(source)

    monkeypatch.setattr(sound, "encode", upload_meanwhile)
    services.produce_audio(audio.pk)
    audio.refresh_from_db()
    assert audio.source == BulletinAudio.Source.RECORDED and audio.status == BulletinAudio.Status.QUEUED
    assert audio.recording
