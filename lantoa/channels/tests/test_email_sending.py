"""Newsletter sending at volume: one rendering per chunk, pipelined SMTP, refusals and lost connections."""

import email
import email.policy
import threading

import pytest
from aiosmtpd.controller import Controller

from lantoa.channels import services
from lantoa.channels.models import ChannelPost, DeliveryChunk, RecipientDelivery, Subscriber
from lantoa.channels.services import campaigns
from lantoa.channels.tasks import publish_post, send_chunk
from lantoa.units.roles import Role

from .conftest import _free_port


class _Server:
    """A real SMTP server (aiosmtpd) that can offer PIPELINING, refuse addresses and hang up after n messages."""

    def __init__(self, *, pipelining: bool, refuse=(), hang_up_after=None):
        self.pipelining = pipelining
        self.refuse = set(refuse)
        self.hang_up_after = hang_up_after
        self.messages: list = []
        self.sessions: set[int] = set()
        self.lock = threading.Lock()

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        if self.pipelining:
            responses.insert(-1, "250-PIPELINING")
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.hang_up_after is not None and len(self.messages) >= self.hang_up_after:
                return "421 4.3.2 Closing, try later"
            self.messages.append(envelope)
            self.sessions.add(id(session))
        return "250 OK"

    def recipients(self) -> list[str]:
        return sorted(rcpt for envelope in self.messages for rcpt in envelope.rcpt_tos)


@pytest.fixture
def smtp_server(settings):
    """smtp_server(pipelining=…, refuse=…, hang_up_after=…) → a started server Django's SMTP backend sends to."""
    controllers = []

    def start(**options):
        server = _Server(**options)
        controller = Controller(server, hostname="127.0.0.1", port=_free_port())
        controller.start()
        controllers.append(controller)
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
        settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT = False, 5
        return server

    yield start
    for controller in controllers:
        controller.stop()


@pytest.fixture
def readers(units):
    return [
        Subscriber.objects.create(
            email=f"doc-gia-{n}@example.vn", unit=units["hanoi"], language="vi", status=Subscriber.Status.CONFIRMED
        )
        for n in range(12)
    ]


def _scheduled_newsletter(accounts, article, units, make_staff, *, message=None) -> ChannelPost:
    approver = make_staff(units["hanoi"], Role.APPROVER)
    [post] = services.compose_posts(user=approver, page=article, accounts=[accounts["email"]])
    if message is not None:
        ChannelPost.objects.filter(pk=post.pk).update(message=message)
        post.refresh_from_db()
    services.schedule_post(user=approver, post=post)
    return post


def _parse(envelope):
    return email.message_from_bytes(envelope.content, policy=email.policy.default)


@pytest.mark.parametrize("pipelining", [True, False], ids=["pipelined", "one-command-at-a-time"])
def test_each_reader_gets_one_copy_with_their_own_unsubscribe_link_over_one_connection(
    pipelining, accounts, article, units, make_staff, readers, smtp_server
):
    server = smtp_server(pipelining=pipelining)
    post = _scheduled_newsletter(accounts, article, units, make_staff)

    publish_post.call(post.pk)

    post.refresh_from_db()
    assert post.status == ChannelPost.Status.SENT
    assert post.platform_post_id == "12 người nhận, 0 bị từ chối"
    assert server.recipients() == sorted(r.email for r in readers)
    assert len(server.sessions) == 1  # one chunk, one connection
    tokens = {r.email: r.token for r in readers}
    message_ids = set()
    for envelope in server.messages:
        message = _parse(envelope)
        [address] = envelope.rcpt_tos
        assert message["To"] == address
        assert message["Subject"].strip() == article.title
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        link = f"http://localhost/ban-tin/huy/{tokens[address]}/"
        assert message["List-Unsubscribe"].strip() == f"<{link}>"
        body = message.get_content()
        assert post.link in body
        assert f"Huỷ nhận bản tin: {link}" in body
        message_ids.add(message["Message-ID"])
    assert len(message_ids) == 12
    assert RecipientDelivery.objects.filter(post=post, sent_at__isnull=False).count() == 12


def test_a_refused_address_is_recorded_and_the_others_still_get_the_newsletter(
    accounts, article, units, make_staff, readers, smtp_server
):
    server = smtp_server(pipelining=True, refuse={"doc-gia-3@example.vn"})
    post = _scheduled_newsletter(accounts, article, units, make_staff)

    publish_post.call(post.pk)

    post.refresh_from_db()
    assert post.status == ChannelPost.Status.SENT
    assert post.platform_post_id == "11 người nhận, 1 bị từ chối"
    assert "doc-gia-3@example.vn" not in server.recipients()
    assert len(server.recipients()) == 11
    refused = RecipientDelivery.objects.get(post=post, sent_at__isnull=True)
    assert refused.subscriber == readers[3]
    assert refused.error == "Máy chủ thư từ chối địa chỉ."


def test_a_server_hanging_up_mid_chunk_is_retried_and_nobody_is_mailed_twice(
    accounts, article, units, make_staff, readers, smtp_server, settings
):
    settings.LANTOA_CHANNELS_EMAIL_RECORD_EVERY = 4
    server = smtp_server(pipelining=True, hang_up_after=5)
    post = _scheduled_newsletter(accounts, article, units, make_staff)

    publish_post.call(post.pk)

    # Five went out and are recorded; the chunk waits for another try with the server's refusal on the post.
    [chunk] = post.chunks.all()
    assert chunk.status == DeliveryChunk.Status.RETRYING
    assert RecipientDelivery.objects.filter(post=post, sent_at__isnull=False).count() == 5
    post.refresh_from_db()
    assert post.status == ChannelPost.Status.SENDING
    assert "Máy chủ thư ngắt kết nối" in post.last_error

    server.hang_up_after = None
    DeliveryChunk.objects.filter(pk=chunk.pk).update(next_attempt_at=None)
    send_chunk.call(chunk.pk)

    assert server.recipients() == sorted(r.email for r in readers)
    post.refresh_from_db()
    assert post.status == ChannelPost.Status.SENT
    assert post.platform_post_id == "12 người nhận, 0 bị từ chối"


def test_a_paragraph_longer_than_an_smtp_line_arrives_whole(accounts, article, units, make_staff, readers, smtp_server):
    server = smtp_server(pipelining=True)
    paragraph = "Người lao động tham gia bảo hiểm xã hội tự nguyện được hỗ trợ. " * 40  # ~2,600 bytes, one line
    post = _scheduled_newsletter(accounts, article, units, make_staff, message=paragraph.strip())

    publish_post.call(post.pk)

    message = _parse(server.messages[0])
    assert message["Content-Transfer-Encoding"] == "quoted-printable"
    assert all(len(line) <= 998 for line in server.messages[0].content.split(b"\r\n"))
    assert paragraph.strip() in message.get_content()


def test_copies_of_one_post_differ_only_in_the_reader_and_repeat_the_same_message_id(units):
    post = ChannelPost(title="Bản tin tháng 11", message="Mức hỗ trợ tăng từ 01/01/2027.", link="https://bhxh.vn/tin/1")
    reader = Subscriber(pk=7, email="lan@example.vn", token="tok-7", language="vi")
    other = Subscriber(pk=8, email="minh@example.vn", token="tok-8", language="vi")

    first = campaigns._Newsletter(post).copy_for(reader)
    again = campaigns._Newsletter(post).copy_for(reader)

    assert email.message_from_bytes(first)["Message-ID"] == email.message_from_bytes(again)["Message-ID"]
    second = campaigns._Newsletter(post).copy_for(other)
    assert b"tok-7" in first and b"tok-7" not in second and b"tok-8" in second
