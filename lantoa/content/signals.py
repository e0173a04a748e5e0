"""Keep ownership right when pages are moved."""

from django.dispatch import receiver
from wagtail.signals import post_page_move

from .models import UnitContentPage


@receiver(post_page_move)
def reassign_owner_after_move(sender, instance, **kwargs):
    """A page moved to another unit's part of the tree now belongs to that unit."""
    for page in instance.get_descendants(inclusive=True).specific():
        if isinstance(page, UnitContentPage):
            unit = page.owning_unit_from_tree()
            if unit is not None and unit.pk != page.unit_id:
                type(page).objects.filter(pk=page.pk).update(unit=unit)
