"""Fixtures of the channels tests: the fake platforms, a real local SMTP server, accounts and a published article."""

import socket
import threading

import pytest
from aiosmtpd.controller import Controller

from lantoa.channels import services
from lantoa.channels.models import Platform
from lantoa.content.models import ArticlePage
from lantoa.units.roles import Role

from .fake_platforms import FakePlatformServer

FACEBOOK_TOKEN = "EAAG-page-token-1234"
ZALO_TOKEN = "zalo-oa-token-5678"
YOUTUBE_TOKEN = "ya29.youtube-token-9012"
TIKTOK_TOKEN = "act.tiktok-token-3456"
SMS_KEY = "sms-api-key-7890"
PUBLIC_ADDRESS = "http://localhost"


@pytest.fixture(autouse=True)
def public_address(settings):
    """Posts validate their links as public URLs, which the test client's host `testserver` is not: here the site's
    public address (LANTOA_BASE_URL, which every link, image and unsubscribe address starts with) is localhost."""
    settings.LANTOA_BASE_URL = settings.WAGTAILADMIN_BASE_URL = PUBLIC_ADDRESS


@pytest.fixture
def platforms(settings):
    """The fake Graph API and Zalo API on 127.0.0.1, with the adapters pointed at them."""
    with FakePlatformServer() as state:
        settings.LANTOA_CHANNELS_FACEBOOK_URL = f"{state.url}/graph"
        settings.LANTOA_CHANNELS_ZALO_URL = f"{state.url}/zalo"
        settings.LANTOA_CHANNELS_YOUTUBE_URL = f"{state.url}/youtube"
        settings.LANTOA_CHANNELS_YOUTUBE_UPLOAD_URL = f"{state.url}/youtube-upload"
        settings.LANTOA_CHANNELS_TIKTOK_URL = f"{state.url}/tiktok"
        settings.LANTOA_CHANNELS_SMS_URL = f"{state.url}/sms"
        settings.LANTOA_CHANNELS_TIMEOUT = 5
        yield state


class _Inbox:
    def __init__(self):
        self.messages: list = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append(envelope)
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_inbox(settings):
    """A real SMTP server (aiosmtpd) on 127.0.0.1; Django's SMTP backend sends to it."""
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    inbox.port = controller.port
    yield inbox
    controller.stop()


@pytest.fixture
def approver(units, make_staff):
    """Hà Nội's approver: may publish posts on the province's accounts."""
    return make_staff(units["hanoi"], Role.APPROVER)


@pytest.fixture
def hanoi_admin(units, make_staff):
    return make_staff(units["hanoi"], Role.UNIT_ADMIN)


@pytest.fixture
def accounts(units, hanoi_admin, platforms):
    """Hà Nội's Facebook, Zalo and e-mail accounts, their tokens checked by the fake platforms when saved."""
    hanoi = units["hanoi"]
    saved = {
        "facebook": services.save_account(
            user=hanoi_admin,
            unit=hanoi,
            platform=Platform.FACEBOOK,
            name="BHXH Hà Nội",
            external_id="104857600",
            secret=FACEBOOK_TOKEN,
        ),
        "zalo": services.save_account(
            user=hanoi_admin,
            unit=hanoi,
            platform=Platform.ZALO,
            name="BHXH Hà Nội OA",
            external_id="2891112223334",
            secret=ZALO_TOKEN,
        ),
        "email": services.save_account(
            user=hanoi_admin, unit=hanoi, platform=Platform.EMAIL, name="Bản tin BHXH Hà Nội"
        ),
    }
    platforms.received.clear()  # the token checks made when saving: tests look at what follows
    return saved


@pytest.fixture
def media_accounts(units, hanoi_admin, platforms):
    """YouTube, TikTok and SMS accounts of Hà Nội."""
    hanoi = units["hanoi"]
    save = services.save_account
    saved = {
        "youtube": save(
            user=hanoi_admin,
            unit=hanoi,
            platform=Platform.YOUTUBE,
            name="BHXH Hà Nội TV",
            external_id="UCbhxhhanoi",
            secret=YOUTUBE_TOKEN,
        ),
        "tiktok": save(user=hanoi_admin, unit=hanoi, platform=Platform.TIKTOK, name="@bhxhhanoi", secret=TIKTOK_TOKEN),
        "sms": save(
            user=hanoi_admin,
            unit=hanoi,
            platform=Platform.SMS,
            name="SMS BHXH Hà Nội",
            external_id="BHXH-HN",
            secret=SMS_KEY,
        ),
    }
    platforms.received.clear()  # the token checks made when saving: tests look at what follows
    return saved


@pytest.fixture
def article(site):
    page = ArticlePage(
        title="Hà Nội: hơn 10.000 người tham gia BHXH tự nguyện",
        slug="bhxh-tu-nguyen-ha-noi",
        kind=ArticlePage.Kind.NEWS,
        summary="Sáu tháng đầu năm, số người tham gia bảo hiểm xã hội tự nguyện tăng gấp đôi.",
    )
    return site["hanoi"].add_child(instance=page)
