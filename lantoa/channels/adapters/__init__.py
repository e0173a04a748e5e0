"""Adapters that speak each platform's HTTP API and sort its failures into what the sender should do next.

One module per platform over a small base: `base` (limits, error kinds, `Outgoing`, `Figures`, one HTTP
exchange, the `Adapter` interface), `facebook`, `zalo`, `youtube`, `tiktok`, and for campaigns `smtp` (email)
and `sms` (the SMS gateway). `adapter_for` gives the adapter of a platform; callers import every public name
from this package (`from lantoa.channels.adapters import PlatformError`).
"""

from ..models import Platform
from .base import (
    MESSAGE_BYTE_LIMITS,
    MESSAGE_LIMITS,
    PERMANENT_KINDS,
    TITLE_LIMITS,
    Adapter,
    ErrorKind,
    Figures,
    NotYetAdapter,
    Outgoing,
    PlatformError,
    Reply,
    http_request,
    network_message,
)
from .facebook import FacebookPageAdapter
from .sms import Sms, SmsGateway, SmsResult
from .smtp import SmtpPipeline, smtp_address
from .tiktok import TikTokAdapter
from .youtube import YOUTUBE_FORBIDDEN, Downloaded, YouTubeAdapter, download
from .zalo import ZALO_AUTHOR_LIMIT, ZALO_DESCRIPTION_LIMIT, ZaloArticleAdapter

__all__ = [
    "MESSAGE_BYTE_LIMITS",
    "MESSAGE_LIMITS",
    "PERMANENT_KINDS",
    "TITLE_LIMITS",
    "YOUTUBE_FORBIDDEN",
    "ZALO_AUTHOR_LIMIT",
    "ZALO_DESCRIPTION_LIMIT",
    "Adapter",
    "Downloaded",
    "ErrorKind",
    "FacebookPageAdapter",
    "Figures",
    "NotYetAdapter",
    "Outgoing",
    "PlatformError",
    "Reply",
    "Sms",
    "SmsGateway",
    "SmsResult",
    "SmtpPipeline",
    "TikTokAdapter",
    "YouTubeAdapter",
    "ZaloArticleAdapter",
    "adapter_for",
    "download",
    "http_request",
    "network_message",
    "smtp_address",
]


def adapter_for(platform: str) -> Adapter:
    """The adapter that publishes to `platform`; `NotYetAdapter` (which refuses, permanently) where none does yet."""
    adapters = {
        Platform.FACEBOOK: FacebookPageAdapter,
        Platform.ZALO: ZaloArticleAdapter,
        Platform.YOUTUBE: YouTubeAdapter,
        Platform.TIKTOK: TikTokAdapter,
    }
    if platform in adapters:
        return adapters[platform]()
    return NotYetAdapter(platform)
