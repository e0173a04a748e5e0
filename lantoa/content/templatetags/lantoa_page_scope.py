"""Template filters for Wagtail's page chooser: what of a page a member of staff of another unit may see."""

from django import template

from lantoa.content.admin_scope import chooser_title
from lantoa.content.selectors import page_in_scope

register = template.Library()


@register.filter
def in_page_scope(page, request) -> bool:
    """Whether `page` is in the scope of the signed-in user (drafts, statuses and edit links are shown)."""
    return bool(request is not None and page is not None and page_in_scope(request.user, page))


@register.filter
def chooser_page_title(page, request) -> str:
    """The latest draft's title in scope, the live title elsewhere."""
    if request is None:
        return page.title
    return chooser_title(page, request.user)
