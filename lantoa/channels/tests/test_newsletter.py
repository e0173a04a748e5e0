"""Newsletter: double opt-in on the portal, sending through a real local SMTP server, one-click unsubscribe."""

import email
import email.policy
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from lantoa.channels import services
from lantoa.channels.models import ChannelPost, DeliveryChunk, RecipientDelivery, Subscriber
from lantoa.channels.tasks import publish_post
from lantoa.taxonomy.models import TargetGroup
from lantoa.units.roles import Role


def _parse(envelope):
    return email.message_from_bytes(envelope.content, policy=email.policy.default)


def _link(text: str, name: str) -> str:
    match = re.search(rf"http://localhost(/ban-tin/{name}/[^/\s]+/)", text)
    assert match, text
    return match.group(1)


@pytest.fixture
def farmers(db):
    return TargetGroup.objects.get(slug="nong-dan")


def test_signing_up_sends_a_confirmation_and_only_the_link_confirms(
    client, units, smtp_inbox, farmers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("channels:subscribe"),
            {
                "email": "Lan.Nguyen@example.vn",
                "unit": units["hanoi"].pk,
                "language": "vi",
                "target_groups": [farmers.pk],
                "consent": "on",
            },
        )
    assert response.status_code == 200
    assert "Hãy kiểm tra hộp thư" in response.text
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.PENDING
    [envelope] = smtp_inbox.messages
    assert envelope.rcpt_tos == ["lan.nguyen@example.vn"]
    message = _parse(envelope)
    assert message["Subject"].strip() == "Xác nhận đăng ký nhận bản tin Lan Toả"

    response = client.get(_link(message.get_content(), "xac-nhan"))

    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED


def test_sign_up_without_consent_is_refused_in_vietnamese_and_nothing_is_sent(client, units, smtp_inbox):
    response = client.post(reverse("channels:subscribe"), {"email": "a@example.vn", "unit": units["hue"].pk})

    assert response.status_code == 422
    assert "Cần có sự đồng ý của bạn để gửi bản tin." in response.text
    assert Subscriber.objects.count() == 0
    assert smtp_inbox.messages == []


def _confirmed(email_address, unit, language="vi", groups=()):
    subscriber = Subscriber.objects.create(
        email=email_address, unit=unit, language=language, status=Subscriber.Status.CONFIRMED
    )
    subscriber.target_groups.set(groups)
    return subscriber


@pytest.fixture
def audience(units, farmers):
    retirees = TargetGroup.objects.get(slug="nguoi-huong-luong-huu")
    return {
        "hanoi_farmer": _confirmed("farmer@example.vn", units["hanoi"], groups=[farmers]),
        "hanoi_everything": _confirmed("all@example.vn", units["hanoi"]),
        "hanoi_retiree": _confirmed("retiree@example.vn", units["hanoi"], groups=[retirees]),
        "hanoi_english": _confirmed("en@example.vn", units["hanoi"], language="en"),
        "hue": _confirmed("hue@example.vn", units["hue"]),
        "pending": Subscriber.objects.create(email="pending@example.vn", unit=units["hanoi"]),
    }


def _newsletter(accounts, article, farmers, units, make_staff) -> ChannelPost:
    approver = make_staff(units["hanoi"], Role.APPROVER)
    article.target_groups.add(farmers)
    [post] = services.compose_posts(user=approver, page=article, accounts=[accounts["email"]])
    services.schedule_post(user=approver, post=post)
    return post


def test_newsletter_reaches_confirmed_subscribers_of_the_unit_language_and_group_with_one_click_unsubscribe(
    accounts, article, farmers, units, make_staff, audience, smtp_inbox
):
    post = _newsletter(accounts, article, farmers, units, make_staff)

    publish_post.call(post.pk)

    post.refresh_from_db()
    assert post.status == ChannelPost.Status.SENT
    assert post.platform_post_id == "2 người nhận, 0 bị từ chối"
    recipients = sorted(rcpt for envelope in smtp_inbox.messages for rcpt in envelope.rcpt_tos)
    assert recipients == ["all@example.vn", "farmer@example.vn"]
    message = _parse(smtp_inbox.messages[0])
    assert message["Subject"].strip() == article.title
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe_url = message["List-Unsubscribe"].strip().strip("<>")
    assert unsubscribe_url.startswith("http://localhost/ban-tin/huy/")
    assert post.link in message.get_content()


def test_one_click_unsubscribe_is_a_post_without_csrf_and_a_get_only_asks(accounts, audience, units):
    from django.test import Client

    subscriber = audience["hanoi_farmer"]
    url = reverse("channels:unsubscribe", args=[subscriber.token])
    client = Client(enforce_csrf_checks=True)

    assert client.get(url).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED

    response = client.post(url, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_a_newsletter_retried_after_a_crash_does_not_mail_anyone_twice(
    accounts, article, farmers, units, make_staff, audience, smtp_inbox
):
    post = _newsletter(accounts, article, farmers, units, make_staff)
    # A first run reached one subscriber before its worker died.
    RecipientDelivery.objects.create(post=post, subscriber=audience["hanoi_farmer"], sent_at=timezone.now())
    ChannelPost.objects.filter(pk=post.pk).update(status=ChannelPost.Status.RETRYING)

    publish_post.call(post.pk)
    publish_post.call(post.pk)

    recipients = [rcpt for envelope in smtp_inbox.messages for rcpt in envelope.rcpt_tos]
    assert recipients == ["all@example.vn"]
    post.refresh_from_db()
    assert post.status == ChannelPost.Status.SENT


def test_an_unreachable_mail_server_is_a_transient_failure(
    accounts, article, farmers, units, make_staff, audience, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 1  # nothing listens there
    post = _newsletter(accounts, article, farmers, units, make_staff)

    publish_post.call(post.pk)

    # The campaign stays open; its chunk waits for another try, and the error shows on the post.
    post.refresh_from_db()
    assert post.status == ChannelPost.Status.SENDING
    assert "Không kết nối được máy chủ thư" in post.last_error
    [chunk] = post.chunks.all()
    assert chunk.status == DeliveryChunk.Status.RETRYING
    assert chunk.attempts == 1


def test_addresses_never_reach_the_logs(accounts, article, farmers, units, make_staff, audience, smtp_inbox, caplog):
    caplog.set_level("DEBUG")
    post = _newsletter(accounts, article, farmers, units, make_staff)

    publish_post.call(post.pk)

    # aiosmtpd, playing the mail server, logs recipients by design; everything of ours must not.
    ours = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("mail.log"))
    assert "channel post" in ours
    assert "@example.vn" not in ours
