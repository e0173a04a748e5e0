"""A published Vietnamese bulletin without audio for its script gets its synthetic draft voice."""

from django.dispatch import receiver
from wagtail.signals import page_published

from .models import BulletinPage


@receiver(page_published, sender=BulletinPage)
def bulletin_published(sender, instance, **kwargs):
    from .services import audio_on_publish

    audio_on_publish(instance)
