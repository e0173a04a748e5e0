"""A bulletin on the social platforms: the worker makes its video, and compose posts it with the script as caption."""

import pytest
from django.urls import reverse

from lantoa.bulletins import audio as sound
from lantoa.bulletins import services
from lantoa.bulletins.models import BulletinAudio
from lantoa.channels import services as channels
from lantoa.channels.tests.conftest import PUBLIC_ADDRESS
from lantoa.units.roles import Role


@pytest.fixture(autouse=True)
def public_address(settings):
    """Posts carry public addresses only (see the channels' tests)."""
    settings.LANTOA_BASE_URL = settings.WAGTAILADMIN_BASE_URL = PUBLIC_ADDRESS


def produce(bulletin) -> BulletinAudio:
    audio = BulletinAudio.objects.get(page=bulletin)
    services.produce_audio(audio.pk)
    audio.refresh_from_db()
    return audio


def test_the_worker_makes_the_video_and_its_card_beside_the_audio(bulletin, fake_sound):
    audio = produce(bulletin)

    assert audio.status == BulletinAudio.Status.READY and audio.message == ""
    assert audio.video.name.endswith(".mp4") and audio.cover.name.endswith(".jpg")
    assert audio.video_size == audio.video.size > 0
    [(_step, mp3_size, picture_head, seconds)] = [step for step in fake_sound if step[0] == "video"]
    assert (mp3_size, picture_head, seconds) == (12, b"\xff\xd8\xff", 125.4)  # the MP3 under the JPEG card


def test_a_video_that_cannot_be_made_leaves_the_audio_ready_and_says_why(bulletin, fake_sound, monkeypatch):
    def broken(mp3, picture, *, seconds):
        raise sound.AudioError("Không tạo được video của bản tin để đăng lên mạng xã hội.")

    monkeypatch.setattr(sound, "make_video", broken)
    audio = produce(bulletin)

    assert audio.status == BulletinAudio.Status.READY and audio.mp3
    assert not audio.video and audio.video_size == 0
    assert audio.message.startswith("Âm thanh đã sẵn sàng nhưng chưa tạo được video")
    assert bulletin.channel_media() is None


def test_a_bulletin_is_posted_as_its_video_with_the_script_as_caption_where_the_platform_takes_video(
    bulletin, fake_sound, accounts, approver
):
    audio = produce(bulletin)

    facebook, zalo, email = channels.compose_posts(
        user=approver, page=bulletin, accounts=[accounts["facebook"], accounts["zalo"], accounts["email"]]
    )

    for post in (facebook, zalo):
        assert post.video_url == f"{PUBLIC_ADDRESS}{audio.video.url}"
        assert post.image_url == f"{PUBLIC_ADDRESS}{audio.cover.url}"
        assert "ba trăm ba mươi nghìn đồng mỗi tháng" in post.message  # the script, as read
        assert post.message.startswith(bulletin.title)
        assert "utm_content=" in post.link and post.link.startswith(f"{PUBLIC_ADDRESS}/")
    assert email.video_url == "" and "ba trăm ba mươi" not in email.message  # a newsletter links to the page


def test_before_its_video_is_made_a_bulletin_is_posted_as_a_link_to_its_page(bulletin, accounts, approver):
    [post] = channels.compose_posts(user=approver, page=bulletin, accounts=[accounts["facebook"]])

    assert post.video_url == "" and post.link


def test_the_bulletin_screen_offers_its_video_and_sharing_to_staff_with_a_channel_account(
    client, bulletin, fake_sound, accounts, approver, make_staff, units
):
    audio = produce(bulletin)
    client.force_login(approver)
    page = client.get(reverse("bulletins_admin:detail", args=[bulletin.pk])).text
    assert audio.video.url in page
    assert reverse("channels_compose", args=[bulletin.pk]) in page

    # A commune author reaches the bulletin but no channel account: the video, not the share button.
    author = make_staff(units["hanoi_a"], Role.AUTHOR)
    client.force_login(author)
    page = client.get(reverse("bulletins_admin:detail", args=[bulletin.pk])).text
    assert audio.video.url in page and reverse("channels_compose", args=[bulletin.pk]) not in page


def test_what_the_worker_records_for_staff_is_in_vietnamese_whatever_language_is_active(
    bulletin, fake_sound, monkeypatch
):
    from django.utils import translation

    def broken(mp3, picture, *, seconds):
        raise sound.AudioError(sound._("Không tạo được video của bản tin để đăng lên mạng xã hội."))

    monkeypatch.setattr(sound, "make_video", broken)
    with translation.override("en"):
        audio = produce(bulletin)

    assert audio.message.startswith("Âm thanh đã sẵn sàng nhưng chưa tạo được video")
    assert audio.message.endswith("Không tạo được video của bản tin để đăng lên mạng xã hội.")
