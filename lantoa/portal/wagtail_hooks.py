"""What the portal adds to the Wagtail admin through hooks, so that the content app never imports the portal."""

from wagtail import hooks

from .chrome import catalog_statuses


@hooks.register("lantoa_translation_catalogs")
def chrome_catalogs():
    """The chrome catalogue of each minority language, for the admin's translation status page."""
    return catalog_statuses()
