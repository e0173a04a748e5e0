"""Wagtail admin of the contribution rules: snippets the centre alone may add, change or delete."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from lantoa.units.models import Unit
from lantoa.units.roles import Action, roles_allowing

from .models import (
    BaseSalary,
    FundInterestRate,
    HouseholdHIRule,
    RuralPovertyLine,
    VoluntarySIRule,
    VoluntarySISupport,
)
from .selectors import can_edit_rules, rules_horizon


class CentreOnlyPolicy(BasePermissionPolicy):
    """Every action on a rule needs the centre's publishing right (selectors.can_edit_rules), whatever the groups."""

    def user_has_permission(self, user, action):
        return can_edit_rules(user)

    def user_has_any_permission(self, user, actions):
        return can_edit_rules(user)

    def users_with_any_permission(self, actions):
        centre_members = Q(
            memberships__unit__level=Unit.Level.CENTRE,
            memberships__unit__is_active=True,
            memberships__role__in=roles_allowing(Action.PUBLISH),
        )
        return get_user_model().objects.filter(Q(is_superuser=True) | centre_members, is_active=True).distinct()


class RuleViewSet(SnippetViewSet):
    list_display = ["__str__", "effective_from", "effective_to", "legal_source"]
    list_filter = []
    ordering = ["-effective_from"]
    copy_view_enabled = True


class BaseSalaryViewSet(RuleViewSet):
    model = BaseSalary
    icon = "tag"


class RuralPovertyLineViewSet(RuleViewSet):
    model = RuralPovertyLine
    icon = "tag"


class VoluntarySIRuleViewSet(RuleViewSet):
    model = VoluntarySIRule
    icon = "list-ul"


class VoluntarySISupportViewSet(RuleViewSet):
    model = VoluntarySISupport
    icon = "group"
    list_filter = ["group"]


class HouseholdHIRuleViewSet(RuleViewSet):
    model = HouseholdHIRule
    icon = "home"


class FundInterestRateViewSet(RuleViewSet):
    model = FundInterestRate
    icon = "calculator"


class ContributionRulesGroup(SnippetViewSetGroup):
    menu_label = _("Quy định mức đóng")
    menu_icon = "form"
    menu_order = 400
    items = (
        BaseSalaryViewSet,
        RuralPovertyLineViewSet,
        VoluntarySIRuleViewSet,
        VoluntarySISupportViewSet,
        HouseholdHIRuleViewSet,
        FundInterestRateViewSet,
    )


# Registered before the viewsets so that they pick this policy instead of Django's model permissions.
for _model in (BaseSalary, RuralPovertyLine, VoluntarySIRule, VoluntarySISupport, HouseholdHIRule, FundInterestRate):
    register_permission_policy(_model, CentreOnlyPolicy(_model), exact_class=True)

register_snippet(ContributionRulesGroup)


class RulesHorizonPanel(Component):
    """On the centre's dashboard: which rules end soonest, and which have no successor yet."""

    name = "calculator_rules_horizon"
    template_name = "calculators/admin/horizon_panel.html"
    order = 95

    def __init__(self, rows, today):
        self.rows, self.today = rows, today

    def get_context_data(self, parent_context):
        return {
            "rows": self.rows,
            "today": self.today,
            "attention": sum(row.needs_attention for row in self.rows),
        }


@hooks.register("construct_homepage_panels")
def add_rules_horizon(request, panels):
    if can_edit_rules(request.user):
        today = timezone.localdate()
        panels.append(RulesHorizonPanel(rules_horizon(today), today))
