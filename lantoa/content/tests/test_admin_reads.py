"""Reads the admin makes on every screen, made once and scaled for the whole country (issue 16)."""

from django.urls import reverse
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

from lantoa.content.services import ensure_editorial_workflow
from lantoa.tests import factories
from lantoa.units.roles import Role


def test_the_explorer_filters_by_my_pages_and_my_edits_without_listing_everyone(client, site, units, make_staff):
    me = make_staff(units["hanoi"], Role.EDITOR, username="bien-tap-ha-noi")
    colleague = make_staff(units["hanoi"], Role.AUTHOR, username="tac-gia-ha-noi")
    mine = factories.article(site["hanoi"], "Tin của tôi", owner=me, user=me)
    theirs = factories.article(site["hanoi"], "Tin của đồng nghiệp", owner=colleague, user=colleague)
    edited = factories.article(site["hanoi"], "Tin tôi đã sửa", owner=colleague, user=colleague)
    edited.save_revision(user=me, log_action=True)
    client.force_login(me)
    url = reverse("wagtailadmin_explore", args=(site["hanoi"].pk,))

    everything = client.get(url).content.decode()
    only_mine = client.get(url, {"owner": "me"}).content.decode()
    my_edits = client.get(url, {"edited_by": "me"}).content.decode()

    assert all(title in everything for title in (mine.title, theirs.title, edited.title))
    assert mine.title in only_mine and theirs.title not in only_mine and edited.title not in only_mine
    assert edited.title in my_edits and theirs.title not in my_edits
    assert "tac-gia-ha-noi" not in everything  # no list of everyone who owns or edits a page
    assert 'name="site"' not in everything


def test_wagtails_unused_moderators_workflow_is_switched_off_and_an_assigned_one_is_kept(site, units):
    # As Wagtail's first migration leaves it (the site fixture's setup already switched it off once, and a test
    # database flushed by a browser test no longer has it).
    leftover, _created = Workflow.objects.get_or_create(name="Moderators approval")
    if not leftover.workflow_tasks.exists():
        moderators = GroupApprovalTask.objects.create(name="Moderators approval")
        WorkflowTask.objects.create(workflow=leftover, task=moderators, sort_order=0)
    Workflow.objects.filter(pk=leftover.pk).update(active=True)
    leftover.tasks.update(active=True)
    kept = Workflow.objects.create(name="Duyệt riêng của Huế", active=True)
    task = GroupApprovalTask.objects.create(name="Duyệt nhóm Huế")
    WorkflowTask.objects.create(workflow=kept, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=kept, page=site["hue"])

    ensure_editorial_workflow()

    assert not Workflow.objects.get(pk=leftover.pk).active
    assert not leftover.tasks.filter(active=True).exists()
    assert Workflow.objects.get(pk=kept.pk).active and GroupApprovalTask.objects.get(pk=task.pk).active
    # The nearest workflow wins: Huế's own below it, the editorial one elsewhere.
    hue_article = factories.article(site["hue"], "Tin Huế")
    hanoi_article = factories.article(site["hanoi"], "Tin Hà Nội")
    assert hue_article.get_workflow() == kept and hue_article.has_workflow
    assert hanoi_article.get_workflow().name == ensure_editorial_workflow().name


def test_the_explorer_lists_only_what_the_user_may_explore_without_a_subquery_and_marks_private_pages(
    client, site, units, make_staff
):
    from django.db import connection
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=site["hanoi_b"], restriction_type=PageViewRestriction.LOGIN)
    hanoi_admin = make_staff(units["hanoi"], Role.UNIT_ADMIN)
    centre_admin = make_staff(units["centre"], Role.UNIT_ADMIN)
    client.force_login(hanoi_admin)

    queries: list[str] = []
    with connection.execute_wrapper(lambda execute, sql, *rest: queries.append(sql) or execute(sql, *rest)):
        hanoi = client.get(reverse("wagtailadmin_explore", args=(site["hanoi"].pk,))).content.decode()
    elsewhere = client.get(reverse("wagtailadmin_explore", args=(site["hue"].pk,)))
    client.force_login(centre_admin)
    home = client.get(reverse("wagtailadmin_explore", args=(site["centre"].pk,))).content.decode()
    from_the_centre = client.get(reverse("wagtailadmin_explore", args=(site["hanoi"].pk,))).content.decode()

    # Hà Nội's admin lists its communes, one marked private, and is sent back to its own pages from Huế's; the
    # centre's admin lists both provinces under the home page, and Hà Nội's communes as Hà Nội's admin does.
    assert elsewhere.status_code == 302 and elsewhere["Location"] == reverse(
        "wagtailadmin_explore", args=(site["hanoi"].pk,)
    )
    assert site["hanoi"].title in home and site["hue"].title in home
    for listing in (hanoi, from_the_centre):
        assert site["hanoi_a"].title in listing and site["hanoi_b"].title in listing
        assert site["hue_a"].title not in listing
        assert listing.count("privacy-indicator") == 1
    # The explorable pages are a condition of the listing's own query, not `id IN (SELECT …)` of the whole tree.
    listings = [sql for sql in queries if '"_approved_schedule"' in sql]  # the rows, with Wagtail's flags
    assert listings and not any('"wagtailcore_page"."id" IN (SELECT' in sql for sql in listings)


def test_the_centres_staff_explore_every_page_without_a_condition_until_a_page_outside_their_homes_appears(
    site, units, make_staff
):
    from wagtail.models import Page
    from wagtail.permissions import policy_registry

    from lantoa.units.models import Membership

    policy = policy_registry.get_by_type(Page)
    centre_admin = make_staff(units["centre"], Role.UNIT_ADMIN)
    hanoi_admin = make_staff(units["hanoi"], Role.UNIT_ADMIN)

    everything = policy.explorable_instances(centre_admin)
    assert "WHERE" not in str(everything.query)  # no condition for the database to plan around
    assert set(everything.values_list("pk", flat=True)) == set(Page.objects.values_list("pk", flat=True))
    assert site["hue"].pk not in set(policy.explorable_instances(hanoi_admin).values_list("pk", flat=True))

    # A second tree under the root, not a translation of the home page: the centre's roles do not reach it.
    other = Page.get_first_root_node().add_child(instance=Page(title="Trang thử nghiệm khác", slug="khac"))
    fresh = Membership.objects.get(user=centre_admin).user  # a new request's user: nothing kept on it
    explorable = set(policy.explorable_instances(fresh).values_list("pk", flat=True))
    assert other.pk not in explorable and site["hue"].pk in explorable
