"""Background tasks of the portal, run by the configured django-tasks worker (database or RQ)."""

from django_tasks import task
from wagtail.images import get_image_model


@task()
def prepare_image_renditions(image_id: int) -> int:
    """Encode every size and format the portal shows of an image (AVIF is slow) before a reader asks."""
    from .templatetags.portal_tags import prepare_renditions

    image = get_image_model().objects.filter(pk=image_id).first()
    if image is None:
        return 0
    prepare_renditions(image)
    return image.renditions.count()
