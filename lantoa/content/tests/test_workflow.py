"""The editorial workflow end to end through the real Wagtail admin views: draft → review → approval → live."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.coreutils import cautious_slugify
from wagtail.models import PageLogEntry, Revision, TaskState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from lantoa.content.models import ArticlePage, UnitApprovalTask
from lantoa.units.roles import Role


def _form(title: str, **extra) -> dict:
    """What the ArticlePage editor posts; `extra` adds action buttons or publishing dates."""
    return nested_form_data(
        {
            "title": title,
            "slug": cautious_slugify(title),
            "kind": ArticlePage.Kind.NEWS,
            "date": "2026-11-20",
            "summary": "Tóm tắt tin.",
            "lead_image": "",
            "lead_image_alt": "",
            "body": streamfield([("paragraph", rich_text("<p>Nội dung bài viết.</p>"))]),
            "comments": inline_formset([]),
            "seo_title": "",
            "search_description": "",
            "go_live_at": "",
            "expire_at": "",
            **extra,
        }
    )


def _as(client, user):
    client.force_login(user)
    return client


def _create_draft(client, author, parent, title="Hội nghị đối thoại chính sách BHXH tự nguyện", **extra):
    url = reverse("wagtailadmin_pages:add", args=("content", "articlepage", parent.pk))
    response = _as(client, author).post(url, _form(title, **extra))
    assert response.status_code == 302, response.context and response.context["form"].errors
    return ArticlePage.objects.get(title=title)


def _submit(client, user, page, **extra):
    url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    return _as(client, user).post(url, _form(page.title, **{"action-submit": "1", **extra}))


def _task_state(page) -> TaskState:
    return TaskState.objects.get(workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS).specific


def _act(client, user, page, action="approve", task_state=None):
    task_state = task_state or _task_state(page)
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk))
    return _as(client, user).post(url, {"comment": ""})


def _refused(response) -> bool:
    """Wagtail's admin answers a refusal with 403, or with a redirect to the dashboard and a message; a page
    outside the user's units is a 404 (lantoa/content/admin_scope.py)."""
    return response.status_code in (403, 404) or (
        response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    )


def _step(page) -> str | None:
    task = page.current_workflow_task
    return task.specific.step if task else None


@pytest.fixture
def staff(units, make_staff):
    return {
        "author": make_staff(units["hue_a"], Role.AUTHOR),
        "editor": make_staff(units["hue"], Role.EDITOR),
        "sibling_editor": make_staff(units["hanoi"], Role.EDITOR),
        "approver": make_staff(units["hue"], Role.APPROVER),
        "central_approver": make_staff(units["centre"], Role.APPROVER),
    }


def test_article_goes_from_commune_draft_through_review_and_approval_to_live(client, site, units, staff):
    page = _create_draft(client, staff["author"], site["hue_a"])
    assert page.unit == units["hue_a"]
    assert not page.live
    assert page.owner == staff["author"]

    response = _submit(client, staff["author"], page)
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.workflow_in_progress
    assert _step(page) == UnitApprovalTask.Step.REVIEW

    # The author cannot approve their own article, and an editor of another province is refused.
    assert _refused(_act(client, staff["author"], page))
    assert _refused(_act(client, staff["sibling_editor"], page))
    page.refresh_from_db()
    assert _step(page) == UnitApprovalTask.Step.REVIEW

    assert _act(client, staff["editor"], page).status_code == 302
    page.refresh_from_db()
    assert _step(page) == UnitApprovalTask.Step.APPROVE
    assert not page.live

    # An editor has no say on the approval step.
    assert _refused(_act(client, staff["editor"], page))
    page.refresh_from_db()
    assert _step(page) == UnitApprovalTask.Step.APPROVE

    assert _act(client, staff["approver"], page).status_code == 302
    page.refresh_from_db()
    assert page.live
    assert not page.workflow_in_progress
    assert "Nội dung bài viết." in page.specific.body[0].value.source


def test_central_approver_approves_a_provincial_article(client, site, units, make_staff, staff):
    provincial_author = make_staff(units["hue"], Role.AUTHOR)
    page = _create_draft(client, provincial_author, site["hue"], title="Tin Huế")
    _submit(client, provincial_author, page)
    assert _act(client, staff["editor"], page).status_code == 302

    assert _act(client, staff["central_approver"], page).status_code == 302

    page.refresh_from_db()
    assert page.live


def test_only_the_units_editor_is_offered_the_review_action_in_the_editor(client, site, staff):
    page = _create_draft(client, staff["author"], site["hue_a"])
    _submit(client, staff["author"], page)

    response = _as(client, staff["sibling_editor"]).get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    assert _refused(response)
    response = _as(client, staff["author"]).get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    assert response.status_code == 200
    assert b'data-workflow-action-name="approve"' not in response.content
    response = _as(client, staff["editor"]).get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    assert response.status_code == 200
    assert b'data-workflow-action-name="approve"' in response.content


def test_approver_cannot_act_on_another_units_page_through_a_page_of_their_own(client, site, units, staff):
    # The workflow action URL names a page and a task state; permission must follow the task
    # state's page, not the page in the URL.
    hue_page = _create_draft(client, staff["author"], site["hue_a"])
    _submit(client, staff["author"], hue_page)
    hanoi_approver = staff["sibling_editor"]
    hanoi_page = site["hanoi"].add_child(instance=ArticlePage(title="Tin Hà Nội", slug="tin-ha-noi", live=False))
    hanoi_page.save_revision(user=hanoi_approver)
    hanoi_page.get_workflow().start(hanoi_page, hanoi_approver)

    response = _act(client, hanoi_approver, hanoi_page, task_state=_task_state(hue_page))

    assert _refused(response)
    hue_page.refresh_from_db()
    assert _step(hue_page) == UnitApprovalTask.Step.REVIEW


def test_author_cannot_publish_directly(client, site, staff):
    page = _create_draft(client, staff["author"], site["hue_a"])
    url = reverse("wagtailadmin_pages:edit", args=(page.pk,))

    _as(client, staff["author"]).post(url, _form(page.title, **{"action-publish": "1"}))

    page.refresh_from_db()
    assert not page.live
    assert not page.workflow_in_progress
    assert not PageLogEntry.objects.filter(page=page, action="wagtail.publish").exists()
    # Nor by creating a page with the publish button.
    add_url = reverse("wagtailadmin_pages:add", args=("content", "articlepage", site["hue_a"].pk))
    _as(client, staff["author"]).post(add_url, _form("Tin đăng thẳng", **{"action-publish": "1"}))
    assert not ArticlePage.objects.filter(title="Tin đăng thẳng", live=True).exists()


def _through_workflow(client, staff, page):
    _submit(client, staff["author"], page)
    assert _act(client, staff["editor"], page).status_code == 302
    assert _act(client, staff["approver"], page).status_code == 302
    page.refresh_from_db()


def test_approved_article_with_a_future_date_goes_live_when_publish_scheduled_runs(client, site, staff):
    go_live = timezone.localtime() + timedelta(days=2)
    page = _create_draft(client, staff["author"], site["hue_a"])
    _submit(client, staff["author"], page, go_live_at=go_live.strftime("%Y-%m-%d %H:%M"))
    assert _act(client, staff["editor"], page).status_code == 302
    assert _act(client, staff["approver"], page).status_code == 302

    page.refresh_from_db()
    assert not page.live
    revision = Revision.page_revisions.get(object_id=str(page.pk), approved_go_live_at__isnull=False)
    call_command("publish_scheduled", verbosity=0)
    page.refresh_from_db()
    assert not page.live  # not yet: the date has not come

    # Time passes: the approved date, in the schedule and in the revision itself, is now in the past.
    past = timezone.now() - timedelta(minutes=1)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    call_command("publish_scheduled", verbosity=0)

    page.refresh_from_db()
    assert page.live


def test_live_article_is_unpublished_when_its_expiry_passes(client, site, staff):
    page = _create_draft(client, staff["author"], site["hue_a"])
    expire = timezone.localtime() + timedelta(days=30)
    _through_workflow(client, staff, page)
    assert page.live
    ArticlePage.objects.filter(pk=page.pk).update(expire_at=expire)
    call_command("publish_scheduled", verbosity=0)
    page.refresh_from_db()
    assert page.live

    ArticlePage.objects.filter(pk=page.pk).update(expire_at=timezone.now() - timedelta(minutes=1))
    call_command("publish_scheduled", verbosity=0)

    page.refresh_from_db()
    assert not page.live
    assert page.expired


def test_each_save_keeps_a_revision_an_editor_can_compare(client, site, staff):
    page = _create_draft(client, staff["author"], site["hue_a"])
    edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    _as(client, staff["author"]).post(edit_url, _form(page.title, summary="Tóm tắt đã sửa."))

    revisions = list(page.revisions.order_by("created_at", "pk"))
    assert len(revisions) == 2
    assert [r.user for r in revisions] == [staff["author"], staff["author"]]
    compare_url = reverse("wagtailadmin_pages:revisions_compare", args=(page.pk, revisions[0].pk, revisions[1].pk))
    response = _as(client, staff["editor"]).get(compare_url)
    assert response.status_code == 200
    assert '<span class="addition">đã sửa.</span>' in response.content.decode()
    # An editor of another province may not read them.
    assert _refused(_as(client, staff["sibling_editor"]).get(compare_url))


def test_audit_log_records_who_created_submitted_approved_and_published(client, site, staff):
    page = _create_draft(client, staff["author"], site["hue_a"])
    _through_workflow(client, staff, page)

    entries = {(entry.action, entry.user_id) for entry in PageLogEntry.objects.filter(page=page)}
    assert ("wagtail.create", staff["author"].pk) in entries
    assert ("wagtail.workflow.start", staff["author"].pk) in entries
    assert ("wagtail.workflow.approve", staff["editor"].pk) in entries
    assert ("wagtail.workflow.approve", staff["approver"].pk) in entries
    assert ("wagtail.publish", staff["approver"].pk) in entries
    assert all(entry.timestamp for entry in PageLogEntry.objects.filter(page=page))
