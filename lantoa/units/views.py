"""Admin screens of the units app: staff memberships managed within one's scope, and the unit list."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log
from wagtail.permission_policies.base import BasePermissionPolicy

from lantoa.folding import fold
from lantoa.listing import folded_match

from .import_views import StaffImportViewSet
from .models import Membership, Unit
from .roles import Action, roles_allowing
from .selectors import memberships_in_scope, scope, scope_paths, units_for, user_can
from .services import grant_membership, revoke_membership


class MembershipPermissionPolicy(BasePermissionPolicy):
    """Whoever may manage some unit manages the memberships of that unit and the units below it."""

    def user_has_permission(self, user, action):
        return bool(user.is_active and (user.is_superuser or scope_paths(user, Action.MANAGE)))

    def user_has_any_permission(self, user, actions):
        return self.user_has_permission(user, None)

    def user_has_permission_for_instance(self, user, action, instance):
        return user_can(user, Action.MANAGE, instance.unit)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_permission_for_instance(user, None, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        return scope(Membership.objects.all(), user, Action.MANAGE)

    def users_with_any_permission(self, actions):
        managers = roles_allowing(Action.MANAGE)
        return get_user_model().objects.filter(is_active=True, memberships__role__in=managers).distinct()


class UnitListPermissionPolicy(BasePermissionPolicy):
    """The unit tree is read by every member of staff and changed only by the import."""

    def user_has_permission(self, user, action):
        return action == "view" and bool(user.is_active and user.has_perm("wagtailadmin.access_admin"))

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        return get_user_model().objects.none()


class UnitFilterForm(BaseFilterForm):
    """Find a unit among thousands by a part of its name, typed with or without diacritics, or its code."""

    q = forms.CharField(
        label=gettext_lazy("Tên hoặc mã đơn vị"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("Tìm đơn vị, ví dụ: ha noi")}),
    )
    level = forms.ChoiceField(
        label=gettext_lazy("cấp"), choices=[("", gettext_lazy("Mọi cấp")), *Unit.Level.choices], required=False
    )

    def filter(self, objects):
        objects = super().filter(objects)
        if level := self.cleaned_data.get("level"):
            objects = objects.filter(level=level)
        query = (self.cleaned_data.get("q") or "").strip()[:100]
        if query:
            self.is_searching = True
            self.search_query = query
            needle = fold(query)
            # At most a few thousand short names in any scope: folded here, the same on every database.
            matching = [pk for pk, name, code in objects.values_list("pk", "name", "code") if needle in fold(name)]
            objects = objects.filter(Q(pk__in=matching) | Q(code=query))
        return objects


class _UnitChooserMixin:
    """The units the signed-in user may give roles in, in tree order."""

    filter_form_class = UnitFilterForm
    ordering = ["path"]

    def get_object_list(self):
        return units_for(self.request.user, Action.MANAGE).filter(is_active=True).select_related("parent")

    @property
    def columns(self):
        return [
            *super().columns,
            Column("level", label=gettext_lazy("cấp"), accessor="get_level_display"),
            Column("parent", label=gettext_lazy("trực thuộc"), accessor="parent"),
        ]


class UnitChooseView(_UnitChooserMixin, chooser_views.ChooseView):
    pass


class UnitChooseResultsView(_UnitChooserMixin, chooser_views.ChooseResultsView):
    pass


class UnitChooserViewSet(ChooserViewSet):
    """A searchable modal to pick a unit: a select of 3,356 units is no way to find a commune."""

    model = Unit
    icon = "site"
    choose_one_text = gettext_lazy("Chọn đơn vị")
    choose_another_text = gettext_lazy("Chọn đơn vị khác")
    page_title = gettext_lazy("Chọn đơn vị")
    per_page = 20
    register_widget = False  # only where a form asks for it
    choose_view_class = UnitChooseView
    choose_results_view_class = UnitChooseResultsView


unit_chooser_viewset = UnitChooserViewSet("unit_chooser", url_prefix="units/chooser")


class MembershipForm(WagtailAdminModelForm):
    """A membership: the user by login name (no list of every account), a unit from the editor's scope."""

    user = forms.ModelChoiceField(
        queryset=get_user_model().objects.filter(is_active=True),
        to_field_name="username",
        widget=forms.TextInput,
        label=gettext_lazy("tên đăng nhập"),
        error_messages={"invalid_choice": gettext_lazy("Không có người dùng đang hoạt động với tên đăng nhập này.")},
    )

    class Meta:
        model = Membership
        fields = ["user", "unit", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for(self.for_user, Action.MANAGE).filter(is_active=True)
        self.fields["unit"].widget = unit_chooser_viewset.widget_class()
        if self.instance.pk:
            # Changing a membership changes its role; moving someone is a removal and an addition.
            self.initial["user"] = self.instance.user.username
            for name in ("user", "unit"):
                self.fields[name].disabled = True

    def clean(self):
        cleaned = super().clean()
        user, unit = cleaned.get("user"), cleaned.get("unit")
        if not self.instance.pk and user and unit and Membership.objects.filter(user=user, unit=unit).exists():
            raise ValidationError(_("Người này đã có vai trò ở đơn vị này; hãy sửa vai trò đó."))
        return cleaned

    def validate_unique(self):
        # Uniqueness is checked in clean() with a message in plain words.
        pass


class _ScopedObjectMixin:
    """Edit and delete views find only memberships in the editor's scope: others are a 404."""

    def get_queryset(self):
        return memberships_in_scope(self.request.user)


class _ScopedHistoryMixin:
    """History and usage of a membership read who holds which role where: only within the scope, or 404."""

    def get_base_object_queryset(self):
        return memberships_in_scope(self.request.user)


class FoldedSearchMixin:
    """Wagtail's list search, with or without diacritics: "nguyen van an" finds "Nguyễn Văn An"."""

    folded_search_fields: list[str] = []

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return folded_match(queryset, self.search_query, self.folded_search_fields)


class MembershipIndexView(FoldedSearchMixin, generic.IndexView):
    folded_search_fields = ["user__username", "user__first_name", "user__last_name", "user__email", "unit__name"]

    def get_base_queryset(self):
        return memberships_in_scope(self.request.user)


class UnitIndexView(FoldedSearchMixin, generic.IndexView):
    folded_search_fields = ["name", "code"]


class MembershipCreateView(generic.CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        try:
            membership = grant_membership(
                user=data["user"], unit=data["unit"], role=data["role"], granted_by=self.request.user
            )
        except ValidationError as error:
            self.form.add_error(None, error)
            raise
        log(instance=membership, action="wagtail.create", user=self.request.user, content_changed=True)
        return membership


class MembershipEditView(_ScopedObjectMixin, generic.EditView):
    def save_instance(self):
        membership = grant_membership(
            user=self.object.user,
            unit=self.object.unit,
            role=self.form.cleaned_data["role"],
            granted_by=self.request.user,
        )
        log(instance=membership, action="wagtail.edit", user=self.request.user, content_changed=True)
        return membership


class MembershipDeleteView(_ScopedObjectMixin, generic.DeleteView):
    def delete_action(self):
        log(instance=self.object, action="wagtail.delete", user=self.request.user, deleted=True)
        revoke_membership(membership=self.object)


class MembershipHistoryView(_ScopedHistoryMixin, HistoryView):
    pass


class MembershipUsageView(_ScopedHistoryMixin, UsageView):
    pass


class MembershipViewSet(ModelViewSet):
    model = Membership
    form_fields = ["user", "unit", "role"]
    icon = "group"
    menu_label = gettext_lazy("Thành viên đơn vị")
    url_prefix = "units/memberships"
    name = "unit_memberships"
    list_display = ["user", "unit", "role", "created_at"]
    list_filter = ["role", "unit__level"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "unit__name"]
    search_backend_name = None
    ordering = ["unit__path", "user__username"]
    copy_view_enabled = False
    inspect_view_enabled = False
    index_view_class = MembershipIndexView
    add_view_class = MembershipCreateView
    edit_view_class = MembershipEditView
    delete_view_class = MembershipDeleteView
    history_view_class = MembershipHistoryView
    usage_view_class = MembershipUsageView

    def get_form_class(self, for_update=False):
        return MembershipForm


class UnitViewSet(ModelViewSet):
    model = Unit
    icon = "site"
    menu_label = gettext_lazy("Đơn vị")
    url_prefix = "units/units"
    name = "units"
    list_display = ["office_name", "level", "code", "parent"]
    list_filter = ["level"]
    search_fields = ["name", "code"]
    search_backend_name = None
    list_per_page = 50
    index_view_class = UnitIndexView
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = ["name", "level", "code", "division_type", "parent", "is_active"]
    form_fields = ["name"]


class UnitsViewSetGroup(ViewSetGroup):
    menu_label = gettext_lazy("Đơn vị và nhân sự")
    menu_icon = "site"
    menu_order = 800
    items = (MembershipViewSet, StaffImportViewSet, UnitViewSet)
