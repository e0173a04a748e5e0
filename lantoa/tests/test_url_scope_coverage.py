"""Every admin and API URL pattern has a scope test, or a reviewed reason to need none.

The test walks Django's URL configuration (every pattern Wagtail, its contrib apps, the hooks and the API
register) and fails for a pattern of /admin/ or /api/ that is neither read in the scope matrix
(test_read_scope.READS) nor listed below with the reason it needs no scope test. A new view, or a Wagtail
upgrade that adds one, fails here until someone decides which it is.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from lantoa.units.roles import Role

from .test_read_scope import READS

# Patterns reviewed as needing no unit scope, each with its reason. A regular expression over the URL name
# ("namespace:name") or, for an unnamed pattern, the route.
NOT_SCOPED = {
    # Nothing of a unit: the dashboard, the account, sign-in and the admin's own assets.
    r"^wagtailadmin_(account|logout|login|dismissibles|sprite|javascript_catalog|error_test|block_preview)$": (
        "the signed-in user's own dashboard, account and session, or static admin assets"
    ),
    r"^wagtailadmin_password_reset(_done|_confirm|_complete)?$": "password reset by e-mail: no unit's data",
    r"^admin/test404/$": "Wagtail's own 404 page",
    r"^admin/failwhale/$": "Wagtail's error test page: a 404 for anyone but a superuser (lantoa/inputs.py)",
    r"^lantoa_help$": "the staff guide: the same static text for everyone",
    r"^lantoa_login_failures(_results)?$": (
        "superusers see every failed login, unit admins only those on their own staff's names "
        "(lantoa/units/tests/test_login_throttle.py)"
    ),
    r"^lantoa_review_done$": "looks up only a workflow step the signed-in user finished: 404 for anyone else's",
    r"^lantoa_translation_status$": (
        "counts pages through content_in_scope(user) (lantoa/portal/tests/test_languages.py)"
    ),
    r"^admin/\^\.\*/\$$": "Wagtail's catch-all 404",
    r"^wagtailadmin_tag(_model)?_autocomplete$": "tag names are shared by every unit and shown on the portal",
    r"^wagtailadmin_choose_page_(external|email|phone|anchor)_link$": "link forms that read no page",
    r"^wagtailadmin_choose_page$": "the chooser at the tree's root: the same listing as choose_page_child",
    r"^wagtailadmin_explore_root$": "the explorer's root: Wagtail redirects to the user's explorable root",
    r"^wagtailadmin_pages:(add|preview_on_add|choose_parent)$": (
        "creation under a parent page: Wagtail checks the add permission on that parent (ScopedPageViewSet "
        "404s a parent out of scope)"
    ),
    r"^wagtailadmin_pages:(lock|unlock|move_confirm|set_page_position|revisions_revert|revisions_unschedule)$": (
        "writes with a page id: ScopedPageViewSet 404s a page out of scope, the write matrix "
        "(lantoa/content/tests/test_permission_matrix.py) covers the permission"
    ),
    r"^wagtailadmin_editing_sessions:release$": "ends the user's own editing session, by its id and user",
    r"^(wagtailsnippets_\w+|wagtailsnippetchoosers_\w+|wagtailsnippets)(:\w+)?$": (
        "contribution rules and report templates: national reference data the portal and the API publish; "
        "the centre alone changes them (calculators/tests/test_admin.py)"
    ),
    # National settings that no role grants: Wagtail's model permissions, held by superusers only.
    r"^(wagtailadmin_collections|wagtailadmin_workflows|wagtailusers_users|wagtailusers_groups|wagtailsites"
    r"|wagtaillocales|wagtailredirects|wagtailsettings|wagtailembeds|wagtailforms|simple_translation|units)"
    r"(:\w+)?$": (
        "national settings, reference data and the unit list: no role grants their model permissions "
        "(test_no_role_reaches_national_settings), or they hold no unit's data (units, embeds)"
    ),
    r"^(wagtailadmin_reports:(page_types_usage|page_types_usage_results)|wagtailadmin_reports:\w+_results)$": (
        "report results: the same view as the report read in the matrix, or counts per page type only"
    ),
    r"^(wagtailimages|wagtaildocs)(_chooser)?:(add|add_multiple|create|create_multiple_from_uploaded_\w+"
    r"|delete_multiple|delete_upload_multiple|chosen_multiple|url_generator_output)$": (
        "uploads into a collection the user may add to, or answers built from ids the user's own upload made; "
        "Wagtail checks the collection permission"
    ),
    r"^unit_chooser:(choose|choose_results|chosen|chosen_multiple|create)$": (
        "the unit chooser: unit names and codes are public (the official list); it offers only the units "
        "the user manages (lantoa/units/tests/test_admin.py)"
    ),
    r"^staff_import:(index|sample|detail|confirm)$": (
        "staff sheets: an import is read only by whoever made it, and applied through grant_membership with "
        "them as the granter (units/tests/test_staff_import.py)"
    ),
    r"^participant_lists:(index|sample|detail|columns|cancel)$": (
        "participant lists: imported and read by approvers of the centre or a province, each list only within "
        "their units (attribution/tests/test_import.py::test_lists_are_seen_only_within_the_importers_units)"
    ),
    r"^attribution_dashboard(_export)?$": (
        "verified conversion: every figure read from the cohort of the user's scope, a unit outside it refused "
        "(attribution/tests/test_dashboard.py)"
    ),
    r"^bulletins_admin:(detail|adapt)$": (
        "a bulletin's audio and broadcasts: its page's own permissions (edit) or a view role in its unit, a broadcast "
        "only for a commune the user edits, a template adapted only under a page the user may add to "
        "(bulletins/tests/test_bulletins.py::test_another_unit_s_staff_cannot_open_or_change_the_bulletin, "
        "::test_a_commune_adapts_a_centre_template_into_its_own_draft)"
    ),
    r"^bulletins_admin:templates$": (
        "the centre's published bulletin templates (public content) and the user's own unit pages to adapt them under "
        "(bulletins/tests/test_bulletins.py::test_a_commune_adapts_a_centre_template_into_its_own_draft)"
    ),
    r"^unit_memberships:add$": "a new membership: the form offers only units in scope (units/tests/test_admin.py)",
    r"^wagtailadmin_api:(documents|images):(listing|detail|find)$": (
        "Wagtail's admin API for images and documents filters by the collection permission"
    ),
    r"^wagtailadmin_api:pages:(find|action)$": (
        "find redirects to the detail read in the matrix; actions are writes Wagtail checks"
    ),
    # Lan Toả's screens whose scope tests live with their app.
    r"^analytics_(dashboard|export|import)$": (
        "figures by unit: analytics/tests/test_dashboard.py (dashboard and export scoped by units_for)"
    ),
    r"^channels_\w+$": "channel accounts and posts: channels/tests/test_admin.py (scoped by unit)",
    r"^outreach_(registration_erase|funnel|events|event_add)$": (
        "outreach: outreach/tests/test_staff_access.py and test_events.py (scoped by unit)"
    ),
    r"^planning_\w+$": "plans, targets, activities, scenarios: planning/tests/test_scope.py",
    r"^reports_\w+$": "reports and exports: reports/tests/test_access.py",
    r"^lantoa_unit_content_results$": "the same view as lantoa_unit_content, read in the matrix",
    # The API: public reads, the schema, and endpoints whose scope tests live with their app.
    r"^api:(openapi-json|openapi-view|api-root)$": "the API's schema and documentation",
    r"^api:(list_units|my_units|get_unit|list_policy_areas|list_target_groups|list_languages)$": (
        "the official unit list and the vocabularies: public, or the caller's own units"
    ),
    r"^api:(voluntary_si|household_hi|list_events|list_indicators|list_templates|get_template|statuses)$": (
        "calculators, public events, indicator and template definitions: no unit's private data "
        "(statuses: reports/tests/test_api.py)"
    ),
    r"^api:(list_accounts|list_posts|compose|get_post|engagement|schedule)$": "channels/tests/test_api.py",
    r"^api:(summary|breakdown_rows)$": "analytics/tests/test_api.py (scoped by units_for)",
    r"^api:funnel$": "outreach funnel: outreach/tests (scoped by unit)",
    r"^api:(create_plan|patch_plan|put_target|delete_target|plan_actual|list_activities|create_activity"
    r"|patch_activity|delete_activity|list_scenarios|create_scenario|get_scenario|patch_scenario"
    r"|adapt_scenario|update_from_template)$": "planning/tests/test_scope.py",
    r"^api:(list_reports|open_report|get_report|save_values|transition|aggregate|aggregate_parts)$": (
        "reports/tests/test_api.py and test_access.py"
    ),
}


def _walk(resolver: URLResolver, prefix: str = "", namespace: str = ""):
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry, route, inner)
        elif isinstance(entry, URLPattern):
            yield route, f"{namespace}{entry.name}" if entry.name else route


def admin_and_api_patterns() -> dict[str, str]:
    """Every pattern under /admin/ and /api/: its name (namespaced) → its route."""
    return {name: route for route, name in _walk(get_resolver()) if route.startswith(("admin/", "api/"))}


def test_every_admin_and_api_pattern_is_in_the_scope_matrix_or_reviewed():
    matrix = {read.name for read in READS}
    unreviewed = [
        f"{name}  ({route})"
        for name, route in sorted(admin_and_api_patterns().items())
        if name not in matrix and not any(re.search(rule, name) for rule in NOT_SCOPED)
    ]

    assert not unreviewed, (
        "URL patterns with no scope test: add a read to lantoa/tests/test_read_scope.py, or a reviewed "
        "reason to NOT_SCOPED:\n" + "\n".join(unreviewed)
    )


def test_the_matrix_and_the_reviewed_list_name_only_existing_patterns():
    names = set(admin_and_api_patterns())
    assert not [read.name for read in READS if read.name not in names]
    assert not [rule for rule in NOT_SCOPED if not any(re.search(rule, name) for name in names)]


NATIONAL_SETTINGS = [
    "wagtailusers_users:index",
    "wagtailusers_groups:index",
    "wagtailsites:index",
    "wagtaillocales:index",
    "wagtailadmin_collections:index",
    "wagtailadmin_workflows:index",
    "wagtailadmin_workflows:task_index",
    "wagtailredirects:index",
]


@pytest.mark.parametrize("name", NATIONAL_SETTINGS)
def test_no_role_reaches_national_settings(client, units, make_staff, name):
    """The strongest role at the top of the tree (a unit admin of the centre) is refused them all."""
    client.force_login(make_staff(units["centre"], Role.UNIT_ADMIN))

    response = client.get(reverse(name))

    assert response.status_code == 403 or (
        response.status_code == 302 and response.url.startswith(reverse("wagtailadmin_home"))
    ), response.status_code
