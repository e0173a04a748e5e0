"""Background tasks of the channels app: sending one post, run by the configured django-tasks worker."""

from django_tasks import task

from . import services


@task()
def publish_post(post_id: int) -> str:
    """Send a due post; safe to run twice or concurrently: the post is claimed under a lock first."""
    return services.send_post(post_id=post_id).status
