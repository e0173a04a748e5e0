"""Background tasks of the channels app, run by the configured django-tasks worker (database or RQ)."""

from django_tasks import task

from . import services


@task()
def publish_post(post_id: int) -> str:
    """Send a due post; safe to run twice or concurrently: the post is claimed under a lock first."""
    return services.send_post(post_id=post_id).status


@task()
def send_chunk(chunk_id: int) -> str:
    """Send one chunk of a newsletter or SMS campaign; claimed under a lock like a post."""
    return services.send_chunk(chunk_id=chunk_id)


@task()
def send_sms_code(code_id: int) -> str:
    """Text a portal sign-up's or unsubscription's confirmation code (one try: a code lives minutes)."""
    return services.send_sms_code(code_id=code_id)
