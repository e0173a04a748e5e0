"""Keep ownership right when pages are moved, and the admin search's title words when pages are saved."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import post_page_move

from .models import UnitContentPage
from .search import index_titles


@receiver(post_save)
def keep_title_words(sender, instance, raw=False, update_fields=None, **kwargs):
    """Every page type, every save that may change a title (a new draft's included): one read, a write if changed."""
    if raw or not isinstance(instance, Page):
        return
    if update_fields is not None and not {"title", "draft_title"} & set(update_fields):
        return
    index_titles([instance.pk])


@receiver(post_page_move)
def reassign_owner_after_move(sender, instance, **kwargs):
    """A page moved to another unit's part of the tree now belongs to that unit."""
    for page in instance.get_descendants(inclusive=True).specific():
        if isinstance(page, UnitContentPage):
            unit = page.owning_unit_from_tree()
            if unit is not None and unit.pk != page.unit_id:
                type(page).objects.filter(pk=page.pk).update(unit=unit)
