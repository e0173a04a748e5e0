"""SMS subscribers on the portal (code by SMS, unsubscribe by code or reply) and the gateway's delivery reports."""

import datetime
import json
import re
import time

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from lantoa.channels import gateway_callbacks, selectors, services
from lantoa.channels.models import ChannelPost, RecipientDelivery, SmsCode, Subscriber
from lantoa.channels.services import subscriptions
from lantoa.taxonomy.models import TargetGroup

SECRET = "dlr-shared-secret-42"


@pytest.fixture(autouse=True)
def fresh_limits(settings):
    """The per-address counters live in the cache, which outlives each test's transaction."""
    cache.clear()
    settings.LANTOA_CHANNELS_SMS_CALLBACK_SECRET = SECRET
    yield
    cache.clear()


@pytest.fixture
def gateway(platforms, media_accounts):
    """The fake gateway with Hà Nội's SMS account; its callbacks go to the test server's URLs."""
    platforms.callback_secret = SECRET
    platforms.dlr_url = f"http://testserver{reverse('channels:sms_delivery_reports')}"
    return platforms


@pytest.fixture
def farmers(db):
    return TargetGroup.objects.get(slug="nong-dan")


def _sign_up(client, units, phone="0912 345 678", **fields):
    data = {"phone": phone, "unit": units["hanoi"].pk, "language": "vi", "consent": "on", **fields}
    return client.post(reverse("channels:sms_subscribe"), data)


def _code_of(message: dict) -> str:
    match = re.search(r"\b(\d{6})\b", message["text"])
    assert match, message["text"]
    return match.group(1)


def _signed(client, url, payload, *, secret=SECRET, timestamp=None):
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    timestamp = timestamp or str(int(time.time()))
    return client.post(
        url,
        body,
        content_type="application/json",
        headers={
            "X-Lantoa-Timestamp": timestamp,
            "X-Lantoa-Signature": gateway_callbacks.signature(body, timestamp, secret),
        },
    )


# ---------------------------------------------------------------- sign-up


def test_signing_up_by_phone_texts_a_code_through_the_unit_gateway_and_only_the_code_confirms(
    client, units, gateway, farmers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _sign_up(client, units, target_groups=[farmers.pk])

    code_page = response["Location"]
    assert response.status_code == 302 and code_page.startswith("/ban-tin/sms/ma/")
    [sms] = gateway.sms_sent
    assert (sms["to"], sms["brandname"]) == ("84912345678", "BHXH-HN")
    assert sms["text"].startswith("BHXH: mã xác nhận đăng ký nhận tin là ")
    [request] = gateway.publishing_requests()
    assert request.headers["authorization"] == "Bearer sms-api-key-7890"
    subscriber = Subscriber.objects.get(phone="84912345678")
    assert subscriber.status == Subscriber.Status.PENDING
    # Only a keyed hash of the code is kept once the SMS has left.
    sms_code = SmsCode.objects.get()
    assert sms_code.code_encrypted == "" and _code_of(sms) not in sms_code.code_hash
    page = client.get(code_page)
    assert page.status_code == 200
    assert 'autocomplete="one-time-code"' in page.text

    response = client.post(code_page, {"code": _code_of(sms)})

    assert response.status_code == 200
    assert "Bạn đã đăng ký nhận tin nhắn" in response.text
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert (subscriber.unit, list(subscriber.target_groups.all())) == (units["hanoi"], [farmers])
    # The code works once.
    assert client.post(code_page, {"code": _code_of(sms)}).status_code == 410


def test_the_sign_up_page_works_without_javascript_and_links_email_and_sms(client, units):
    page = client.get(reverse("channels:sms_subscribe"))

    assert page.status_code == 200
    assert "<script" not in page.text.split("<main", 1)[1].split("</main>", 1)[0]
    assert 'name="phone"' in page.text and 'inputmode="tel"' in page.text
    assert reverse("channels:sms_subscribe") in client.get(reverse("channels:subscribe")).text


def test_a_wrong_code_says_how_many_tries_are_left_and_then_locks_even_the_right_one(
    client, units, gateway, settings, django_capture_on_commit_callbacks
):
    settings.LANTOA_CHANNELS_SMS_CODE_ATTEMPTS = 3
    with django_capture_on_commit_callbacks(execute=True):
        code_page = _sign_up(client, units)["Location"]
    right = _code_of(gateway.sms_sent[0])
    wrong = "000000" if right != "000000" else "111111"

    first = client.post(code_page, {"code": wrong})
    assert first.status_code == 422
    assert "Mã không đúng. Bạn còn 2 lần thử." in first.text
    client.post(code_page, {"code": wrong})
    locked = client.post(code_page, {"code": wrong})
    assert locked.status_code == 410
    assert "Bạn đã nhập sai mã quá nhiều lần." in locked.text

    assert client.post(code_page, {"code": right}).status_code == 410
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_an_expired_code_is_refused(client, units, gateway, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        code_page = _sign_up(client, units)["Location"]
    SmsCode.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))

    response = client.post(code_page, {"code": _code_of(gateway.sms_sent[0])})

    assert response.status_code == 410
    assert "Mã đã hết hạn hoặc đã được dùng." in response.text
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_an_unknown_code_page_is_404(client, db):
    assert client.get(reverse("channels:sms_code", args=["x" * 30])).status_code == 404
    assert client.get(f"/ban-tin/sms/ma/{'a' * 5000}/").status_code == 404


def test_a_flood_from_one_address_is_refused_and_texts_nobody_more(
    client, units, gateway, settings, django_capture_on_commit_callbacks
):
    settings.LANTOA_CHANNELS_SIGNUP_RATE_LIMIT = 3
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [_sign_up(client, units, phone=f"091234500{i}").status_code for i in range(5)]

    assert statuses == [302, 302, 302, 429, 429]
    assert len(gateway.sms_sent) == 3
    refused = _sign_up(client, units, phone="0912345009")
    assert "Bạn đã gửi quá nhiều lần" in refused.text
    # Another address is not affected.
    with django_capture_on_commit_callbacks(execute=True):
        other = client.post(
            reverse("channels:sms_subscribe"),
            {"phone": "0912345009", "unit": units["hanoi"].pk, "language": "vi", "consent": "on"},
            REMOTE_ADDR="10.1.2.3",
        )
    assert other.status_code == 302


def test_one_phone_gets_a_limited_number_of_codes_whatever_the_address(
    client, units, gateway, settings, django_capture_on_commit_callbacks
):
    settings.LANTOA_CHANNELS_SMS_CODES_PER_PHONE = 2
    data = {"phone": "0912345678", "unit": units["hanoi"].pk, "language": "vi", "consent": "on"}
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [
            client.post(reverse("channels:sms_subscribe"), data, REMOTE_ADDR=f"10.0.0.{i}").status_code
            for i in range(4)
        ]

    assert statuses == [302, 302, 429, 429]
    assert len(gateway.sms_sent) == 2


@pytest.mark.parametrize(
    "phone",
    ["<script>alert(1)</script>", "0" * 5000, "12345", "0241234567", "+1 202 555 0100", "０９１２３４５６７²"],
)
def test_malformed_oversized_or_script_phones_get_a_form_error_and_nothing_is_sent(client, units, gateway, phone):
    response = _sign_up(client, units, phone=phone)

    assert response.status_code == 422
    assert "<script>alert(1)</script>" not in response.text
    assert Subscriber.objects.count() == 0
    assert gateway.sms_sent == []


def test_a_phone_typed_in_full_width_or_arabic_digits_signs_up_the_same_phone(client, units, gateway):
    assert _sign_up(client, units, phone="０９１２３４５６７８").status_code == 302
    assert _sign_up(client, units, phone="٠٩١٢ ٣٤٥ ٦٧٨").status_code == 302

    assert list(Subscriber.objects.values_list("phone", flat=True)) == ["84912345678"]


@pytest.mark.parametrize("unit", ["abc", "99999999999999999999999", "<script>"])
def test_a_forged_province_gets_a_form_error(client, units, gateway, unit):
    response = _sign_up(client, units, unit=unit)

    assert response.status_code == 422
    assert Subscriber.objects.count() == 0


@pytest.mark.parametrize("code", ["<script>", "12345", "1234567", "x" * 5000, "١٢٣٤٥٦"])
def test_a_malformed_code_is_a_form_error_and_costs_no_try(client, units, gateway, code):
    code_page = _sign_up(client, units)["Location"]

    response = client.post(code_page, {"code": code})

    assert response.status_code == 422
    assert "Mã gồm 6 chữ số." in response.text
    assert SmsCode.objects.get().attempts == 0


def test_a_province_without_an_sms_account_refuses_sms_sign_up(client, units, gateway):
    response = _sign_up(client, units, unit=units["hue"].pk)

    assert response.status_code == 422
    assert "Tỉnh, thành phố này chưa nhận đăng ký qua SMS." in response.text
    assert Subscriber.objects.count() == 0


def test_a_filled_honeypot_looks_successful_and_stores_nothing(client, units, gateway):
    response = _sign_up(client, units, website="http://spam.example")

    assert response.status_code == 200
    assert Subscriber.objects.count() == 0 and SmsCode.objects.count() == 0
    assert gateway.sms_sent == []


def test_a_confirmed_subscribers_choices_change_only_with_the_code(
    client, units, gateway, farmers, django_capture_on_commit_callbacks
):
    subscriber = Subscriber.objects.create(phone="84912345678", unit=units["hanoi"], status="confirmed")
    with django_capture_on_commit_callbacks(execute=True):
        _sign_up(client, units, language="en", target_groups=[farmers.pk])

    subscriber.refresh_from_db()
    assert (subscriber.status, subscriber.language) == (Subscriber.Status.CONFIRMED, "vi")
    assert gateway.sms_sent[0]["text"].startswith("BHXH: your confirmation code")


# ---------------------------------------------------------------- unsubscribe


@pytest.fixture
def subscribed(units):
    return Subscriber.objects.create(phone="84912345678", unit=units["hanoi_a"], status=Subscriber.Status.CONFIRMED)


def test_unsubscribing_on_the_portal_takes_the_code_texted_to_the_phone(
    client, units, gateway, subscribed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("channels:sms_unsubscribe"), {"phone": "+84 912-345-678"})

    assert response.status_code == 302
    [sms] = gateway.sms_sent
    assert sms["to"] == "84912345678" and "huỷ nhận tin" in sms["text"]
    response = client.post(response["Location"], {"code": _code_of(sms)})
    assert "Bạn đã huỷ nhận tin nhắn." in response.text
    subscribed.refresh_from_db()
    assert subscribed.status == Subscriber.Status.UNSUBSCRIBED


def test_unsubscribing_an_unknown_phone_looks_the_same_and_texts_nobody(
    client, units, gateway, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("channels:sms_unsubscribe"), {"phone": "0987654321"})

    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    assert client.post(response["Location"], {"code": "123456"}).status_code == 422
    assert gateway.sms_sent == []


@pytest.mark.parametrize("text", ["TC", "huy", "Huỷ", "HỦY đăng ký", " tc "])
def test_replying_an_unsubscribe_keyword_unsubscribes_the_sender(client, subscribed, text):
    response = _signed(client, reverse("channels:sms_inbound"), {"from": "84912345678", "text": text})

    assert response.json() == {"result": "unsubscribed"}
    subscribed.refresh_from_db()
    assert subscribed.status == Subscriber.Status.UNSUBSCRIBED


def test_other_replies_and_unsigned_replies_change_nothing(client, subscribed):
    url = reverse("channels:sms_inbound")
    assert _signed(client, url, {"from": "84912345678", "text": "Cảm ơn"}).json() == {"result": "ignored"}
    assert _signed(client, url, {"from": "84912345678", "text": "TC"}, secret="guess").status_code == 403
    assert _signed(client, url, {"from": ["x"], "text": "TC"}).status_code == 400
    subscribed.refresh_from_db()
    assert subscribed.status == Subscriber.Status.CONFIRMED


# ---------------------------------------------------------------- delivery reports


@pytest.fixture
def phones(units):
    confirmed = Subscriber.Status.CONFIRMED
    return [
        Subscriber.objects.create(phone=f"8491234500{i}", unit=units["hanoi_a"], status=confirmed) for i in range(3)
    ]


def _campaign(approver, article, account) -> ChannelPost:
    [post] = services.compose_posts(user=approver, page=article, accounts=[account])
    services.schedule_post(user=approver, post=post)
    services.send_post(post_id=post.pk)
    post.refresh_from_db()
    return post


@pytest.mark.slow
def test_the_gateway_reports_deliveries_over_http_and_the_post_shows_the_counts(
    live_server, platforms, media_accounts, article, approver, phones, client
):
    platforms.callback_secret = SECRET
    platforms.dlr_url = f"{live_server.url}{reverse('channels:sms_delivery_reports')}"
    post = _campaign(approver, article, media_accounts["sms"])
    assert post.status == ChannelPost.Status.SENT

    status, reply = platforms.send_delivery_reports(failed={"84912345002": "EXPIRED"})

    assert status == 200
    assert sorted(r["result"] for r in reply["results"]) == ["updated"] * 3
    failed = RecipientDelivery.objects.get(post=post, subscriber=phones[2])
    assert (failed.delivery_status, failed.delivery_code) == ("failed", "EXPIRED")
    client.force_login(approver)
    detail = client.get(f"/api/v1/channels/posts/{post.pk}").json()
    expected = {"recipients": 3, "sent": 3, "refused": 0, "delivered": 2, "undelivered": 1, "awaiting": 0}
    assert detail["deliveries"] == expected
    assert "Đã đến máy: 2" in client.get(f"/admin/lantoa/kenh/bai/{post.pk}/").text.replace("\n        ", " ")


def test_delivery_reports_update_each_message_once_and_a_repeat_counts_nothing(
    client, gateway, media_accounts, article, approver, phones
):
    post = _campaign(approver, article, media_accounts["sms"])
    refs = [m["ref"] for m in gateway.sms_sent]
    url = reverse("channels:sms_delivery_reports")
    reports = [{"ref": refs[0], "status": "delivered"}, {"ref": refs[1], "status": "failed", "code": "BLOCKED"}]

    first = _signed(client, url, {"reports": reports})
    again = _signed(client, url, {"reports": [{**reports[0]}, {"ref": refs[1], "status": "delivered"}]})

    assert [r["result"] for r in first.json()["results"]] == ["updated", "updated"]
    assert [r["result"] for r in again.json()["results"]] == ["unchanged", "unchanged"]
    counts = selectors.delivery_counts(post)
    assert (counts["delivered"], counts["undelivered"], counts["awaiting"]) == (1, 1, 1)


def test_reports_for_unknown_messages_are_answered_and_change_nothing(
    client, gateway, media_accounts, article, approver, phones
):
    post = _campaign(approver, article, media_accounts["sms"])
    url = reverse("channels:sms_delivery_reports")
    unknown = [
        {"ref": f"{'0' * 32}-1", "status": "delivered"},
        {"ref": f"{post.idempotency_key.hex}-999999", "status": "delivered"},
        {"ref": "not-ours", "status": "failed", "code": "X"},
        {"ref": gateway.sms_sent[0]["ref"], "status": "buffered"},
    ]

    response = _signed(client, url, {"reports": unknown})

    assert response.status_code == 200
    assert [r["result"] for r in response.json()["results"]] == ["unknown", "unknown", "unknown", "ignored"]
    assert not RecipientDelivery.objects.exclude(delivery_status="").exists()


def test_a_report_that_outruns_the_sending_record_asks_the_gateway_to_come_back(client, gateway, phones, post_sending):
    ref = f"{post_sending.idempotency_key.hex}-{phones[0].pk}"

    response = _signed(
        client, reverse("channels:sms_delivery_reports"), {"reports": [{"ref": ref, "status": "delivered"}]}
    )

    assert response.status_code == 503
    assert response["Retry-After"] == "60"


@pytest.fixture
def post_sending(gateway, media_accounts, article, approver):
    [post] = services.compose_posts(user=approver, page=article, accounts=[media_accounts["sms"]])
    ChannelPost.objects.filter(pk=post.pk).update(status=ChannelPost.Status.SENDING)
    return post


def test_a_confirmation_codes_delivery_is_recorded(client, units, gateway, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _sign_up(client, units)
    ref = gateway.sms_sent[0]["ref"]

    response = _signed(
        client, reverse("channels:sms_delivery_reports"), {"reports": [{"ref": ref, "status": "delivered"}]}
    )

    assert response.json()["results"] == [{"ref": ref, "result": "updated"}]
    assert SmsCode.objects.get().delivery_status == "delivered"


@pytest.mark.parametrize(
    "case",
    ["bad_signature", "stale", "no_timestamp", "not_json", "not_object", "empty", "item_not_object", "ref_list"],
)
def test_forged_stale_or_malformed_delivery_reports_are_refused(
    client, gateway, media_accounts, article, approver, phones, case
):
    _campaign(approver, article, media_accounts["sms"])
    url = reverse("channels:sms_delivery_reports")
    good = {"reports": [{"ref": gateway.sms_sent[0]["ref"], "status": "delivered"}]}
    if case == "bad_signature":
        response = _signed(client, url, good, secret="not-the-secret")
    elif case == "stale":
        response = _signed(client, url, good, timestamp=str(int(time.time()) - 3600))
    elif case == "no_timestamp":
        response = client.post(url, json.dumps(good), content_type="application/json")
    else:
        payload = {
            "not_json": b"<script>alert(1)</script>",
            "not_object": [1, 2],
            "empty": {"reports": []},
            "item_not_object": {"reports": ["x"]},
            "ref_list": {"reports": [{"ref": ["a"], "status": "delivered"}]},
        }[case]
        response = _signed(client, url, payload)

    expected = 403 if case in ("bad_signature", "stale", "no_timestamp") else 400
    assert response.status_code == expected
    assert "error" in response.json()
    assert not RecipientDelivery.objects.exclude(delivery_status="").exists()


def test_an_oversized_delivery_report_is_refused_before_it_is_read(client, gateway):
    body = json.dumps({"reports": [{"ref": "x" * 90, "status": "delivered"}] * 5000}).encode()

    response = _signed(client, reverse("channels:sms_delivery_reports"), body)

    assert response.status_code == 413


def test_callbacks_are_refused_while_no_secret_is_configured(client, gateway, settings):
    settings.LANTOA_CHANNELS_SMS_CALLBACK_SECRET = ""
    payload = {"reports": [{"ref": "x", "status": "delivered"}]}

    assert _signed(client, reverse("channels:sms_delivery_reports"), payload, secret="").status_code == 403
    assert client.get(reverse("channels:sms_delivery_reports")).status_code == 405


def test_phone_numbers_and_codes_never_reach_the_logs(
    client, units, gateway, subscribed, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level("DEBUG")
    with django_capture_on_commit_callbacks(execute=True):
        code_page = client.post(reverse("channels:sms_unsubscribe"), {"phone": "0912345678"})["Location"]
    code = _code_of(gateway.sms_sent[0])
    client.post(code_page, {"code": code})
    _signed(client, reverse("channels:sms_inbound"), {"from": "84912345678", "text": "TC"})
    _signed(client, reverse("channels:sms_delivery_reports"), {"reports": [{"ref": "x", "status": "delivered"}]})

    ours = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("lantoa"))
    assert "sms code" in ours and "sms inbound" in ours and "sms delivery reports" in ours
    assert "912345678" not in ours and code not in ours


def test_repeated_unsubscribe_requests_cannot_tell_a_subscribed_phone_from_an_unknown_one(
    client, units, gateway, subscribed, settings, django_capture_on_commit_callbacks
):
    settings.LANTOA_CHANNELS_SMS_CODES_PER_PHONE = 2
    with django_capture_on_commit_callbacks(execute=True):
        known = [
            client.post(reverse("channels:sms_unsubscribe"), {"phone": "0912345678"}, REMOTE_ADDR=f"10.0.0.{i}")
            for i in range(4)
        ]
        unknown = [
            client.post(reverse("channels:sms_unsubscribe"), {"phone": "0987654321"}, REMOTE_ADDR=f"10.0.1.{i}")
            for i in range(4)
        ]

    assert [r.status_code for r in known] == [r.status_code for r in unknown] == [302] * 4
    assert len(gateway.sms_sent) == 2  # the subscriber's phone was texted only its share of codes


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Lantoa-Signature": "sha256=" + "é" * 64},  # not ASCII: not ours, and no TypeError
        {"X-Lantoa-Timestamp": "²³"},  # digits to str.isdigit, not to int()
        {"X-Lantoa-Timestamp": "١٧٠٠٠٠٠٠٠٠"},  # Arabic-Indic digits
    ],
)
def test_callbacks_with_non_ascii_signature_or_timestamp_are_refused_not_a_server_error(client, gateway, headers):
    body = json.dumps({"reports": [{"ref": "x", "status": "delivered"}]}).encode()
    timestamp = headers.get("X-Lantoa-Timestamp", str(int(time.time())))
    sent = {
        "X-Lantoa-Timestamp": timestamp,
        "X-Lantoa-Signature": gateway_callbacks.signature(body, str(int(time.time())), SECRET),
        **headers,
    }

    response = client.post(
        reverse("channels:sms_delivery_reports"), body, content_type="application/json", headers=sent
    )

    assert response.status_code == 403


def test_a_phone_created_by_a_simultaneous_sign_up_is_reused_not_a_server_error(units, subscribed):
    """Two first sign-ups of one phone at once: the second finds the unique index taken and takes that row."""
    with transaction.atomic():
        again = subscriptions._new_phone_subscriber(phone=subscribed.phone, unit=units["hanoi"], language="vi")

    assert again.pk == subscribed.pk
    assert Subscriber.objects.filter(phone=subscribed.phone).count() == 1
