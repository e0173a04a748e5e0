"""Fixtures of the bulletin tests: a published article, a published bulletin of a commune, fake audio."""

import datetime

import pytest
from django.utils import timezone

from lantoa.bulletins.models import BulletinItem, BulletinPage
from lantoa.channels.tests.conftest import (  # noqa: F401 (the channels' fixtures, for a bulletin sent through them)
    accounts,
    approver,
    hanoi_admin,
    platforms,
)
from lantoa.content.models import ArticlePage


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def article(site):
    page = ArticlePage(
        title="Mức đóng BHXH tự nguyện từ 01/07/2026",
        slug="muc-dong",
        summary="Người tham gia BHXH tự nguyện đóng 22% mức thu nhập chọn, thấp nhất 330.000 đ/tháng.",
    )
    site["hanoi_a"].add_child(instance=page)
    return publish(page)


@pytest.fixture
def bulletin(site, article):
    page = BulletinPage(
        title="Bản tin tháng 7",
        slug="ban-tin-thang-7",
        intro="Thưa bà con, sau đây là bản tin bảo hiểm xã hội.",
        outro="Cảm ơn bà con đã lắng nghe.",
        date=datetime.date(2026, 1, 5),
    )
    page.items = [
        BulletinItem(
            source=article, heading="Mức đóng mới", script="Mức đóng thấp nhất là ba trăm ba mươi nghìn đồng mỗi tháng."
        )
    ]
    site["hanoi_a"].add_child(instance=page)
    return publish(page)


@pytest.fixture
def fake_sound(monkeypatch):
    """The audio tools replaced by small stand-ins (the real ones are tested in test_audio.py and the slow test)."""
    from lantoa.bulletins import audio

    made = []

    def synthesise(text, *, voice, words_per_minute=150):
        made.append(("synth", voice, text))
        return b"RIFF....WAVEfmt fake"

    def encode(source):
        made.append(("encode", len(source)))
        return audio.Encoded(
            opus=b"OggS fake opus", mp3=b"ID3 fake mp3", duration_seconds=125.4, opus_size=14, mp3_size=12
        )

    def make_video(mp3, picture, *, seconds):
        made.append(("video", len(mp3), picture[:3], seconds))
        return b"\x00\x00\x00\x18ftypisom fake video"

    monkeypatch.setattr(audio, "synthesise", synthesise)
    monkeypatch.setattr(audio, "make_video", make_video)
    monkeypatch.setattr(audio, "encode", encode)
    monkeypatch.setattr(audio, "check_upload", lambda data, filename: "ogg")
    return made


@pytest.fixture
def now():
    return timezone.now()
