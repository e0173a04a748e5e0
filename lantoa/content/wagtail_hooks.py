"""Wagtail hooks of the content app."""

from wagtail import hooks

from .permissions import grant_unit_group


@hooks.register("lantoa_unit_group_created")
def grant_pages_and_collection(group, unit, role):
    grant_unit_group(group, unit, role)
