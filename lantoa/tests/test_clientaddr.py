"""The reader's address behind reverse proxies, and the per-address counter the public forms' limits use."""

import pytest
from django.test import RequestFactory

from lantoa.clientaddr import client_ip, hit


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "198.51.100.9", "192.0.2.1"),  # no proxy trusted: the header is the client's word, ignored
        (1, "198.51.100.9", "198.51.100.9"),
        (1, "6.6.6.6, 198.51.100.9", "198.51.100.9"),  # the left part is forged by the client
        (2, "6.6.6.6, 198.51.100.9, 10.0.0.2", "198.51.100.9"),  # CDN then load balancer
        (2, "198.51.100.9", "198.51.100.9"),  # fewer entries than proxies: the best we know
        (1, "", "192.0.2.1"),
        (1, " , ", "192.0.2.1"),
    ],
)
def test_the_readers_address_is_the_one_our_outermost_proxy_saw(proxies, forwarded, expected):
    meta = {"REMOTE_ADDR": "192.0.2.1", "HTTP_X_FORWARDED_FOR": forwarded}

    assert client_ip(meta, proxies=proxies) == expected


def test_the_counter_limits_one_address_per_scope_and_window(settings):
    settings.LANTOA_TRUSTED_PROXIES = 0
    factory = RequestFactory()
    reader = factory.post("/", REMOTE_ADDR="203.0.113.5")
    other = factory.post("/", REMOTE_ADDR="203.0.113.6")

    assert [hit("form-a", reader, limit=2, window=60) for _ in range(3)] == [False, False, True]
    assert hit("form-a", other, limit=2, window=60) is False
    assert hit("form-b", reader, limit=2, window=60) is False
