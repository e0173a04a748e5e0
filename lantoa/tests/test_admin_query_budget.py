"""Every admin screen staff use stays within 30 queries, whoever opens it (issue 16: the admin at national scale).

The count of a screen does not grow with the number of pages, units or people (that is what bench/admin
measures at national scale); a query added per row, per menu item or per panel shows here first.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lantoa.content.services import ensure_editorial_workflow
from lantoa.tests import factories
from lantoa.units.roles import Role

BUDGET = 30
# Over the budget, measured and left for later (docs/roles.md, "At national scale"); held here so it does not grow:
# Wagtail's page editor on a page with revisions (comments, subscriptions, editing session, translations, usage
# count, breadcrumbs: each a query of Wagtail's own). The reports dashboard on the seeded template is within it:
# its figures counted from the same rows are read together, for the comparison and the bars at once, and the
# parts only for the indicator on the map (it was 138 queries with a query per period, then 65).
CEILINGS = {"edit an article": 35}


@pytest.fixture
def staffed(site, units, make_staff):
    """Staff at the centre, in Hà Nội and in one of its communes; articles of the commune, a few in review."""
    ensure_editorial_workflow()
    author = make_staff(units["hanoi_a"], Role.AUTHOR)
    for n in range(3):
        factories.article(site["hanoi_a"], f"Bảo hiểm xã hội tự nguyện {n}", live=True, user=author)
    for n in range(3):
        factories.draft_in_review(site["hanoi_a"], f"Bảo hiểm y tế hộ gia đình {n}", user=author)
    for n in range(3):
        factories.registration(units["hanoi_a"], f"Nguyễn Văn {n}", f"091234567{n}")
    return {
        "superuser": factories.UserFactory(is_superuser=True, is_staff=True),
        "centre": make_staff(units["centre"], Role.UNIT_ADMIN),
        "province": make_staff(units["hanoi"], Role.UNIT_ADMIN),
        "commune": make_staff(units["hanoi_a"], Role.APPROVER),
    }


def screens(site, who):
    article = site["hanoi_a"].get_children().live().last()
    return {
        "dashboard": reverse("wagtailadmin_home"),
        **({} if who == "commune" else {"explorer: Hà Nội": reverse("wagtailadmin_explore", args=(site["hanoi"].pk,))}),
        "explorer: a commune": reverse("wagtailadmin_explore", args=(site["hanoi_a"].pk,)),
        "page search": reverse("wagtailadmin_pages:search") + "?q=bảo+hiểm",
        "page search without diacritics": reverse("wagtailadmin_pages:search") + "?q=bao+hiem",
        "edit an article": reverse("wagtailadmin_pages:edit", args=(article.pk,)),
        "awaiting review": reverse("wagtailadmin_reports:workflow_tasks"),
        "follow-up queue": reverse("outreach_queue"),
        "reports dashboard": reverse("reports_dashboard"),
        "plans": reverse("planning_plans"),
        "analytics dashboard": reverse("analytics_dashboard"),
    }


@pytest.mark.parametrize("who", ["superuser", "centre", "province", "commune"])
def test_every_admin_screen_stays_within_its_query_budget(client, site, staffed, who):
    client.force_login(staffed[who])
    over = {}
    for name, url in screens(site, who).items():
        client.get(url)  # the first visit may fill per-process caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        statements = [q["sql"] for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE", "BEGIN"))]
        if len(statements) > CEILINGS.get(name, BUDGET):
            over[name] = statements
    assert not over, {name: len(statements) for name, statements in over.items()}


def test_the_memberships_list_stays_within_its_query_budget(client, staffed):
    client.force_login(staffed["province"])
    client.get(reverse("unit_memberships:index"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("unit_memberships:index"))
    assert response.status_code == 200
    assert len(queries) <= BUDGET
