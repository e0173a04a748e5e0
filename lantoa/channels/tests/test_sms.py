"""SMS campaigns through the HTTP gateway's batch endpoint, in chunks, each person texted once."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lantoa.channels import services
from lantoa.channels.models import ChannelAccount, ChannelPost, DeliveryChunk, RecipientDelivery, Subscriber

from .conftest import SMS_KEY


@pytest.fixture
def phones(units):
    """Five confirmed SMS subscribers in Hà Nội (one with a number the gateway refuses), one in Huế, one pending."""
    make = Subscriber.objects.create
    confirmed = Subscriber.Status.CONFIRMED
    people = [make(phone=f"8491234500{i}", unit=units["hanoi_a"], status=confirmed) for i in range(4)]
    people.append(make(phone="0000", unit=units["hanoi"], status=confirmed))
    make(phone="84912345099", unit=units["hue"], status=confirmed)
    make(phone="84912345098", unit=units["hanoi"])
    return people


@pytest.fixture
def small_chunks(settings):
    settings.LANTOA_CHANNELS_CHUNK_SIZE = 3
    settings.LANTOA_CHANNELS_SMS_BATCH_SIZE = 2


def _campaign(approver, article, account, django_capture_on_commit_callbacks) -> ChannelPost:
    [post] = services.compose_posts(user=approver, page=article, accounts=[account])
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_post(user=approver, post=post)
    post.refresh_from_db()
    return post


def test_an_sms_campaign_texts_each_confirmed_subscriber_of_the_unit_once_in_batches(
    platforms, media_accounts, article, approver, phones, small_chunks, django_capture_on_commit_callbacks
):
    post = _campaign(approver, article, media_accounts["sms"], django_capture_on_commit_callbacks)

    assert post.status == ChannelPost.Status.SENT
    assert post.platform_post_id == "4 người nhận, 1 bị từ chối"
    assert sorted(m["to"] for m in platforms.sms_sent) == [f"8491234500{i}" for i in range(4)]
    # Five recipients, chunks of three, batches of two: requests of 2, 1, 2.
    batches = platforms.publishing_requests()
    assert [len(r.json["messages"]) for r in batches] == [2, 1, 2]
    first = batches[0]
    assert first.headers["authorization"] == f"Bearer {SMS_KEY}"
    assert first.headers["content-type"] == "application/json; charset=utf-8"
    key = post.idempotency_key.hex
    # Every message tells the reader how to stop them, and still fits three UCS-2 segments.
    text = f"{post.message}\nSoạn TC gửi BHXH-HN để ngừng nhận tin."
    assert len(text) <= 201
    expected = {
        "brandname": "BHXH-HN",
        "unicode": True,
        "messages": [
            {"ref": f"{key}-{phones[0].pk}", "to": "84912345000", "text": text},
            {"ref": f"{key}-{phones[1].pk}", "to": "84912345001", "text": text},
        ],
    }
    assert first.body == json.dumps(expected, ensure_ascii=False, separators=(",", ":")).encode()
    refused = RecipientDelivery.objects.get(post=post, subscriber=phones[4])
    assert (refused.sent_at, refused.error) == (None, "Số không hợp lệ")
    sent = RecipientDelivery.objects.get(post=post, subscriber=phones[0])
    assert sent.reference == "gw1"
    assert len(post.message) <= 201 and post.message.endswith(post.link)


def test_a_batch_whose_reply_was_lost_is_retried_and_the_gateway_sends_nobody_a_second_sms(
    platforms, media_accounts, article, approver, phones, small_chunks, django_capture_on_commit_callbacks
):
    platforms.fail_next("accept_then_500")
    post = _campaign(approver, article, media_accounts["sms"], django_capture_on_commit_callbacks)

    first_chunk = post.chunks.get(number=1)
    assert first_chunk.status == DeliveryChunk.Status.RETRYING
    assert post.status == ChannelPost.Status.SENDING
    assert post.last_error == "Lỗi hệ thống"
    DeliveryChunk.objects.filter(pk=first_chunk.pk).update(next_attempt_at=timezone.now())

    services.send_chunk(chunk_id=first_chunk.pk)

    post.refresh_from_db()
    assert post.status == ChannelPost.Status.SENT
    assert sorted(m["to"] for m in platforms.sms_sent) == [f"8491234500{i}" for i in range(4)]
    # The first batch went to the gateway twice (same refs); the gateway answered "duplicate" the second time.
    refs = [m["ref"] for r in platforms.publishing_requests() for m in r.json["messages"]]
    assert refs.count(f"{post.idempotency_key.hex}-{phones[0].pk}") == 2
    assert RecipientDelivery.objects.filter(post=post, sent_at__isnull=False).count() == 4


def test_a_rate_limited_gateway_is_retried_no_sooner_than_retry_after(
    platforms, media_accounts, article, approver, phones, small_chunks, django_capture_on_commit_callbacks
):
    platforms.retry_after = 120
    platforms.fail_next("rate_limit")
    before = timezone.now()

    post = _campaign(approver, article, media_accounts["sms"], django_capture_on_commit_callbacks)

    chunk = post.chunks.get(number=1)
    assert chunk.status == DeliveryChunk.Status.RETRYING
    assert chunk.next_attempt_at >= before + datetime.timedelta(seconds=120)
    assert chunk.last_error == "Cổng SMS giới hạn tần suất gửi."


def test_an_expired_key_fails_the_campaign_and_flags_the_account(
    platforms, media_accounts, article, approver, phones, small_chunks, django_capture_on_commit_callbacks
):
    platforms.fail_next("expired")

    post = _campaign(approver, article, media_accounts["sms"], django_capture_on_commit_callbacks)

    assert post.status == ChannelPost.Status.FAILED
    assert post.last_error == "Phần 1: API key không hợp lệ hoặc đã hết hạn"
    assert set(post.chunks.values_list("status", flat=True)) == {DeliveryChunk.Status.FAILED}
    assert platforms.sms_sent == []
    account = ChannelAccount.objects.get(pk=media_accounts["sms"].pk)
    assert (account.status, account.alert) == (ChannelAccount.Status.REJECTED, "rejected")


@pytest.mark.parametrize("failure", ["server_error", "malformed"])
def test_gateway_errors_and_malformed_replies_are_retried(
    platforms, media_accounts, article, approver, phones, small_chunks, django_capture_on_commit_callbacks, failure
):
    platforms.fail_next(failure)

    post = _campaign(approver, article, media_accounts["sms"], django_capture_on_commit_callbacks)

    chunk = post.chunks.get(number=1)
    assert chunk.status == DeliveryChunk.Status.RETRYING
    expected = "Nền tảng gặp lỗi máy chủ." if failure == "server_error" else "Nền tảng trả lời không đúng định dạng."
    assert chunk.last_error == expected


def test_phone_numbers_never_reach_the_logs(
    platforms, media_accounts, article, approver, phones, small_chunks, django_capture_on_commit_callbacks, caplog
):
    caplog.set_level("DEBUG")
    _campaign(approver, article, media_accounts["sms"], django_capture_on_commit_callbacks)

    assert "channel post" in caplog.text
    assert "8491234500" not in caplog.text
    assert SMS_KEY not in caplog.text


def test_phone_numbers_are_normalised_to_the_international_form():
    assert services.subscriber_phone("0912 345 678") == "84912345678"
    assert services.subscriber_phone("+84 912-345-678") == "84912345678"
    assert services.subscriber_phone("０９１２ ３４５ ６７８") == "84912345678"
    with pytest.raises(ValidationError):
        services.subscriber_phone("12345")


def test_the_composer_keeps_room_for_the_stop_note(
    client, platforms, media_accounts, article, approver, phones, django_capture_on_commit_callbacks
):
    [post] = services.compose_posts(user=approver, page=article, accounts=[media_accounts["sms"]])
    room = 201 - len("\nSoạn TC gửi BHXH-HN để ngừng nhận tin.")
    assert services.message_limit(media_accounts["sms"], "vi") == room

    client.force_login(approver)
    page = client.get(reverse("channels_post_edit", args=[post.pk]))
    assert f'maxlength="{room}"' in page.content.decode()
    assert "Soạn TC gửi BHXH-HN để ngừng nhận tin." in page.content.decode()

    with pytest.raises(ValidationError) as refused:
        services.update_post(user=approver, post=post, title="", message="x" * (room + 1), link="", image_url="")
    assert "Soạn TC gửi BHXH-HN" in refused.value.message_dict["message"][0]
    services.update_post(user=approver, post=post, title="", message="x" * room, link="", image_url="")
    post.save()

    # A longer sender name set afterwards: the post no longer fits and is not sent cut short.
    ChannelAccount.objects.filter(pk=post.account_id).update(external_id="BHXH-HANOI")
    post.refresh_from_db()
    with pytest.raises(ValidationError):
        services.schedule_post(user=approver, post=post)


def test_an_english_campaign_says_how_to_stop_in_english(
    platforms, media_accounts, article, approver, units, django_capture_on_commit_callbacks
):
    Subscriber.objects.create(
        phone="84912345077", unit=units["hanoi"], language="en", status=Subscriber.Status.CONFIRMED
    )
    [post] = services.compose_posts(user=approver, page=article, accounts=[media_accounts["sms"]])
    ChannelPost.objects.filter(pk=post.pk).update(language="en", message="Voluntary social insurance grows")
    post.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_post(user=approver, post=post)

    [sms] = platforms.sms_sent
    assert sms["text"] == "Voluntary social insurance grows\nText STOP to BHXH-HN to stop these messages."
