"""Keep the search index and the page cache in step with publishing, unpublishing, moves and deletes."""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from lantoa.taxonomy.models import ContentLanguage, PolicyArea, TargetGroup
from lantoa.units.models import Unit

from .models import SearchEntry
from .services import INDEXED_MODELS, bump_cache_generation, index_page, reindex_subtree


@receiver(page_published)
def index_on_publish(sender, instance, **kwargs):
    index_page(page=instance)
    bump_cache_generation()


@receiver(page_unpublished)
def unindex_on_unpublish(sender, instance, **kwargs):
    SearchEntry.objects.filter(page_id=instance.pk).delete()
    bump_cache_generation()


def index_new_live_page(sender, instance, created, raw=False, **kwargs):
    """Pages created live without a revision (imports, demo data) are on the portal at once."""
    if created and not raw and instance.live:
        index_page(page=instance)
        bump_cache_generation()


for _model in INDEXED_MODELS:
    post_save.connect(index_new_live_page, sender=_model, dispatch_uid=f"portal-index-new-{_model.__name__}")


@receiver(post_delete, sender=Page)
def forget_deleted_page(sender, instance, **kwargs):
    # The index row goes with the page (cascade); what was cached showing it must go too. Deleting any
    # page type deletes its Page row, so listening to Page alone sees every page and no other model
    # (a receiver without a sender makes every QuerySet.delete() in the project load its rows first).
    bump_cache_generation()


@receiver(post_page_move)
@receiver(page_slug_changed)
def reindex_moved_page(sender, instance, **kwargs):
    # A move can change the owning unit of everything below; URLs change in the cached pages.
    reindex_subtree(page=instance)
    bump_cache_generation()


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def reindex_on_privacy_change(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        reindex_subtree(page=page)
    bump_cache_generation()


def invalidate_cache(sender, raw=False, **kwargs):
    """Names of units, terms, images, documents and sites appear on cached pages."""
    if not raw:
        bump_cache_generation()


for _model in (PolicyArea, TargetGroup, ContentLanguage, Unit, Image, Document, Site, Locale):
    post_save.connect(invalidate_cache, sender=_model, dispatch_uid=f"portal-cache-save-{_model.__name__}")
    post_delete.connect(invalidate_cache, sender=_model, dispatch_uid=f"portal-cache-delete-{_model.__name__}")


@receiver(post_save, sender=Image)
def prepare_renditions_on_upload(sender, instance, raw=False, update_fields=None, **kwargs):
    """A new or replaced image gets its portal renditions from the worker, not from the first reader."""
    if raw or not settings.LANTOA_PREPARE_RENDITIONS:
        return
    if update_fields is not None and "file" not in update_fields:
        return
    from .tasks import prepare_image_renditions

    transaction.on_commit(lambda: prepare_image_renditions.enqueue(instance.pk))
