"""`wagtail.users` with Lan Toả's users screen (`wagtail_users.StaffUserViewSet`); INSTALLED_APPS names this class."""

from wagtail.users.apps import WagtailUsersAppConfig


class UsersConfig(WagtailUsersAppConfig):
    user_viewset = "lantoa.units.wagtail_users.StaffUserViewSet"
