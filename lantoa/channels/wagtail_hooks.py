"""Wagtail hooks of the channels app: admin URLs, the menu, a "share" button on pages and the token alert panel."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import Button

from . import admin_views, selectors


@hooks.register("register_admin_urls")
def register_channel_urls():
    return [
        path("lantoa/kenh/", admin_views.posts_index, name="channels_posts"),
        path("lantoa/kenh/lich/", admin_views.calendar_view, name="channels_calendar"),
        path("lantoa/kenh/bai/<int:post_id>/", admin_views.post_edit, name="channels_post_edit"),
        path("lantoa/kenh/bai/<int:post_id>/huy/", admin_views.post_cancel, name="channels_post_cancel"),
        path("lantoa/kenh/soan/<int:page_id>/", admin_views.compose, name="channels_compose"),
        path("lantoa/kenh/tai-khoan/", admin_views.accounts_index, name="channels_accounts"),
        path("lantoa/kenh/tai-khoan/them/", admin_views.account_edit, name="channels_account_add"),
        path("lantoa/kenh/tai-khoan/<int:account_id>/", admin_views.account_edit, name="channels_account_edit"),
    ]


class ChannelsMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.menu_is_shown(request)

    def render_component(self, request):
        # On every admin page: the menu item counts the accounts of the user's units that need attention.
        component = super().render_component(request)
        alerts = selectors.account_summary(request.user)["alerts"]
        if alerts:
            component.label = ngettext("%(label)s (%(count)s cảnh báo)", "%(label)s (%(count)s cảnh báo)", alerts) % {
                "label": self.label,
                "count": alerts,
            }
        return component


@hooks.register("register_admin_menu_item")
def register_channels_menu_item():
    return ChannelsMenuItem(
        _("Kênh phân phối"), reverse("channels_posts"), name="channels", icon_name="link", order=160
    )


@hooks.register("register_page_header_buttons")
def share_on_channels_button(page, user, view_name, next_url=None):
    # First in the page's menu (Wagtail's own items start at 10): sharing is what staff open it for.
    if page.live and selectors.account_summary(user)["editable"]:
        yield Button(_("Đăng lên kênh"), reverse("channels_compose", args=[page.pk]), icon_name="link", priority=5)


@hooks.register("construct_page_action_menu")
def one_unpublish_item(menu_items, request, context):
    """The editor's page menu (header) already offers "Huỷ xuất bản"; the save menu at the foot listed it again."""
    if context.get("view") == "edit":
        menu_items[:] = [item for item in menu_items if item.name != "action-unpublish"]


class AccountAlertsPanel(Component):
    """On the dashboard: accounts whose token expires soon or was rejected, for the units the user reaches."""

    name = "channel_account_alerts"
    template_name = "channels/admin/alerts_panel.html"
    order = 90

    def __init__(self, accounts):
        self.accounts = accounts

    def get_context_data(self, parent_context):
        return {"accounts": self.accounts}


@hooks.register("construct_homepage_panels")
def add_account_alerts(request, panels):
    if selectors.account_summary(request.user)["alerts"]:
        panels.append(AccountAlertsPanel(list(selectors.accounts_needing_attention(request.user))))
