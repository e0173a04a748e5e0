"""Email: addresses as SMTP carries them and `SmtpPipeline`, many prebuilt messages over one connection."""

import re
import smtplib
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def smtp_address(address: str) -> str:
    """An address as SMTP carries it: an internationalised domain in punycode (Django's EmailField allows one)."""
    local, _at, domain = address.rpartition("@")
    if domain.isascii():
        return address
    try:
        return f"{local}@{domain.encode('idna').decode('ascii')}"
    except UnicodeError:
        return address  # not a domain name: the envelope refuses it


class SmtpPipeline:
    """Prebuilt messages over an open smtplib connection, one envelope each, many messages a connection.

    When the server offers PIPELINING (RFC 2920; Postfix, Exim and the big providers do), a message's
    content, its end and the next message's MAIL, RCPT and DATA go in one write: one round trip a
    message instead of smtplib's four. Otherwise it is smtplib's `sendmail`, message by message.
    """

    def __init__(self, smtp: smtplib.SMTP, sender: str):
        smtp.ehlo_or_helo_if_needed()
        self.smtp = smtp
        self.sender = smtp_address(sender)
        self.pipelining = smtp.has_extn("pipelining")
        self.mail_options = ["BODY=8BITMIME"] if smtp.has_extn("8bitmime") else []

    def send_all(self, messages: Iterable[tuple[T, str, bytes]]) -> Iterator[tuple[T, bool]]:
        """Send each (item, recipient, content with CRLF lines); yield (item, True) once the server accepted
        it, (item, False) if it refused the recipient. Any other refusal or a lost connection raises
        smtplib.SMTPException or OSError: the messages not yielded yet have unknown outcomes."""
        if not self.pipelining:
            for item, recipient, content in messages:
                yield item, self._sendmail(smtp_address(recipient), content)
            return
        smtp = self.smtp
        options = "".join(f" {option}" for option in self.mail_options)
        waiting = None  # (item, content, MAIL reply, RCPT reply, DATA reply) of the message in flight
        for item, recipient, content in messages:
            recipient = smtp_address(recipient)
            if _UNSAFE_ADDRESS.search(recipient):
                yield item, False
                continue
            envelope = f"MAIL FROM:<{self.sender}>{options}\r\nRCPT TO:<{recipient}>\r\nDATA\r\n".encode("ascii")
            smtp.send(self._finish(waiting) + envelope)
            if waiting is not None:
                yield waiting[0], self._outcome(*waiting[2:], smtp.getreply())
            waiting = (item, content, smtp.getreply(), smtp.getreply(), smtp.getreply())
        if waiting is not None:
            smtp.send(self._finish(waiting))
            yield waiting[0], self._outcome(*waiting[2:], smtp.getreply())

    def _sendmail(self, recipient: str, content: bytes) -> bool:
        if _UNSAFE_ADDRESS.search(recipient):
            return False
        try:
            self.smtp.sendmail(self.sender, [recipient], content, self.mail_options)
        except smtplib.SMTPRecipientsRefused:
            return False
        return True

    @staticmethod
    def _finish(waiting) -> bytes:
        """The content after a DATA the server took (dot-stuffed, then the end mark), else leave the transaction."""
        if waiting is None:
            return b""
        if waiting[4][0] == 354:
            return _DOT_AT_LINE_START.sub(b"..", waiting[1].rstrip(b"\r\n")) + b"\r\n.\r\n"
        return b"RSET\r\n"

    def _outcome(self, mail, rcpt, data, last) -> bool:
        # `last` answers the end of the content, or the RSET after a refused DATA. A server that takes
        # DATA without a recipient gets the content and drops it: still a refused recipient.
        if mail[0] != 250:
            raise smtplib.SMTPSenderRefused(*mail, self.sender)
        if rcpt[0] not in (250, 251):
            return False
        if data[0] != 354:
            raise smtplib.SMTPDataError(*data)
        if last[0] != 250:
            raise smtplib.SMTPDataError(*last)
        return True


_DOT_AT_LINE_START = re.compile(rb"(?m)^\.")
# What cannot go in an SMTP envelope unquoted (spaces, brackets, control and non-ASCII characters).
_UNSAFE_ADDRESS = re.compile(r"[^\x21-\x7e]|[<>]")
