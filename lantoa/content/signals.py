"""Keep ownership and permissions right when pages are created or moved."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import post_page_move

from .models import HomePage, UnitContentPage, UnitPage
from .permissions import grant_existing_groups


@receiver(post_save, sender=UnitPage)
@receiver(post_save, sender=HomePage)
def grant_permissions_on_new_unit_root(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        grant_existing_groups(instance.unit)


@receiver(post_page_move)
def reassign_owner_after_move(sender, instance, **kwargs):
    """A page moved to another unit's part of the tree now belongs to that unit."""
    for page in instance.get_descendants(inclusive=True).specific():
        if isinstance(page, UnitContentPage):
            unit = page.owning_unit_from_tree()
            if unit is not None and unit.pk != page.unit_id:
                type(page).objects.filter(pk=page.pk).update(unit=unit)
