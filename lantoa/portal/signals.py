"""Keep the search index and the page cache in step with publishing, unpublishing, moves and deletes.

A page change bumps the cache tags of what shows it (`invalidation.py`); a change every page may show (a unit, term,
image, document, site, locale or view restriction) bumps the global tag."""

import dataclasses

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Locale, Page, PageViewRestriction, Site, get_page_models
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from lantoa import cache
from lantoa.outreach.models import Event
from lantoa.taxonomy.models import ContentLanguage, PolicyArea, TargetGroup
from lantoa.units.models import Unit

from . import invalidation
from .models import SearchEntry
from .services import INDEXED_MODELS, bump_cache_generation, index_page, reindex_subtree


@receiver(page_published)
def index_on_publish(sender, instance, **kwargs):
    before = invalidation.shown([instance.pk]).get(instance.pk)
    entry = index_page(page=instance)
    after = invalidation.Shown.of(entry) if entry is not None else None
    # A page new on the portal (a first publish, or again after an unpublish) changes the links to its other
    # languages' versions in the pages written in its language (`referring_pages`).
    referrers = invalidation.referring_pages([instance.pk]) if before is None else set()
    cache.bump(*invalidation.tags_for(instance, before=before, after=after), *referrers)


@receiver(page_unpublished)
def unindex_on_unpublish(sender, instance, **kwargs):
    before = invalidation.shown([instance.pk]).get(instance.pk)
    SearchEntry.objects.filter(page_id=instance.pk).delete()
    cache.bump(*invalidation.tags_for(instance, before=before), *invalidation.referring_pages([instance.pk]))


def index_new_live_page(sender, instance, created, raw=False, **kwargs):
    """Pages created live without a revision (imports, demo data) are on the portal at once: in search and in what
    shows them, the sitemap included, whether or not the search index holds their kind (a bulletin, a home page)."""
    if created and not raw and instance.live:
        entry = index_page(page=instance) if type(instance) in INDEXED_MODELS else None
        after = invalidation.Shown.of(entry) if entry is not None else None
        cache.bump(*invalidation.tags_for(instance, after=after))


for _model in get_page_models():
    if _model is not Page:
        post_save.connect(index_new_live_page, sender=_model, dispatch_uid=f"portal-index-new-{_model.__name__}")


@receiver(pre_delete, sender=Page)
def forget_deleted_page(sender, instance, **kwargs):
    # Before the index row goes with the page (cascade): what showed the page must go too. Deleting any page type
    # deletes its Page row, so listening to Page alone sees every page and no other model (a receiver without a
    # sender makes every QuerySet.delete() in the project load its rows first).
    before = invalidation.shown([instance.pk]).get(instance.pk)
    cache.bump(*invalidation.tags_for(instance, before=before), *invalidation.referring_pages([instance.pk]))


@receiver(post_page_move)
@receiver(page_slug_changed)
def reindex_moved_page(sender, instance, **kwargs):
    # A move can change the owning unit of everything below; the addresses of the whole subtree change, in the lists
    # that show them and in the pages that link to them.
    subtree = invalidation.subtree_before(instance)
    reindex_subtree(page=instance)
    moved = Page.objects.filter(pk=instance.pk).values_list("path", flat=True).first() or instance.path
    if subtree is None or PageViewRestriction.objects.filter(page__path__startswith=moved).exists():
        # Also when a private section moved: each process keeps the restricted pages' tree paths until the global
        # tag changes (`content.selectors.private_section_paths`), and would serve the section at its new place as
        # public.
        bump_cache_generation()
        return
    # Reordering within a parent is a move too (Wagtail's admin), at the same address.
    address_changed = kwargs.get("url_path_before", "") != kwargs.get("url_path_after")
    pages, before = subtree
    old_record = kwargs.get("instance_before")
    old_date = getattr(old_record, "date", None)
    if instance.pk in before and old_date is not None:
        # Wagtail tells of a new slug once it is committed: when the publish runs in a transaction, after that
        # publish indexed the page, whose entry then holds a date changed in the same publish. The lists that showed
        # it did so by its old date (an article backdated out of its office's newest showed in their "more news" at
        # its old address). Outside a transaction the old record's date is the entry's: nothing changes.
        before[instance.pk] = dataclasses.replace(before[instance.pk], date=old_date)
    tags = invalidation.subtree_tags(pages, before, address_changed=address_changed)
    parent_before = kwargs.get("parent_page_before")
    if parent_before is not None:
        tags.add(cache.children_tag(parent_before.pk))
    cache.bump(*tags)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def reindex_on_privacy_change(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        reindex_subtree(page=page)
    bump_cache_generation()


@receiver(post_save, sender=Event)
@receiver(post_delete, sender=Event)
def invalidate_events(sender, raw=False, **kwargs):
    """The home and topic pages show the next public events."""
    if not raw:
        cache.bump(cache.EVENTS)


def invalidate_cache(sender, raw=False, created=False, **kwargs):
    """Names of units, terms, images, documents and sites appear on cached pages (a new image or document does not:
    nothing shows it yet)."""
    if not raw and not (created and sender in (Image, Document)):
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
