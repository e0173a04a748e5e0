"""Writes of the channels app, one module per concern, every public name imported from this package.

- `accounts`: saving a channel account, checking its token with the platform, flagging tokens about to expire.
- `compose`: drafts pre-filled from a page within each platform's limits, the tagged link, the SMS stop note,
  staff's edits.
- `sending`: scheduling and cancelling posts, queueing the tasks, tokens, flagging a refused account, back-off.
- `delivery`: sending one post to its platform exactly once, recording each attempt, recovering stalled posts.
- `campaigns`: newsletters and SMS campaigns in chunks, the newsletter's rendering, the gateway's delivery receipts.
- `subscriptions`: email and SMS sign-up and unsubscription, the texted codes, keyword replies.
- `engagement`: importing the figures of sent posts.

Callers write `from lantoa.channels import services` and `services.send_post(...)`, or import a name from
`lantoa.channels.services`. A module calls its neighbours' functions through names it imported, so a test
that replaces one patches it where it is used (`lantoa.channels.services.campaigns.enqueue_chunk`).
"""

from .accounts import NOT_VERIFIED, TOKEN_REFUSED, TOKEN_SHAPE, flag_expiring_tokens, save_account, verify_account
from .campaigns import record_delivery_report, send_chunk
from .compose import (
    UTM_MEDIUM,
    compose_posts,
    fits,
    message_limit,
    prefill,
    sms_stop_note,
    sms_text,
    tagged_link,
    update_post,
)
from .delivery import recover_stalled_posts, send_post
from .engagement import import_engagement
from .sending import (
    CAMPAIGN_PLATFORMS,
    INTERNAL_ERROR,
    MAX_BACKOFF_SECONDS,
    SENDING_STATUSES,
    cancel_post,
    enqueue_chunk,
    enqueue_post,
    schedule_post,
)
from .subscriptions import (
    UNSUBSCRIBE_KEYWORDS,
    CodeCheck,
    CodeLimitReached,
    check_sms_code,
    confirm_subscription,
    receive_sms,
    request_sms_code,
    send_sms_code,
    sms_account_for,
    subscribe,
    subscriber_phone,
    unsubscribe,
)

__all__ = [
    "CAMPAIGN_PLATFORMS",
    "INTERNAL_ERROR",
    "MAX_BACKOFF_SECONDS",
    "NOT_VERIFIED",
    "SENDING_STATUSES",
    "TOKEN_REFUSED",
    "TOKEN_SHAPE",
    "UNSUBSCRIBE_KEYWORDS",
    "UTM_MEDIUM",
    "CodeCheck",
    "CodeLimitReached",
    "cancel_post",
    "check_sms_code",
    "compose_posts",
    "confirm_subscription",
    "enqueue_chunk",
    "enqueue_post",
    "fits",
    "flag_expiring_tokens",
    "import_engagement",
    "message_limit",
    "prefill",
    "receive_sms",
    "record_delivery_report",
    "recover_stalled_posts",
    "request_sms_code",
    "save_account",
    "schedule_post",
    "send_chunk",
    "send_post",
    "send_sms_code",
    "sms_account_for",
    "sms_stop_note",
    "sms_text",
    "subscribe",
    "subscriber_phone",
    "tagged_link",
    "unsubscribe",
    "update_post",
    "verify_account",
]
