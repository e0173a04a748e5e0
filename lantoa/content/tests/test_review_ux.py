"""A reviewer sees the steps by name, reaches the review actions at once and is told what each action did;
the admin carries the agency's name and logo and its own staff guide."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from lantoa.content.tests.test_workflow import _as, _create_draft, _form, _submit, _task_state
from lantoa.units.roles import Role


@pytest.fixture
def staff(units, make_staff):
    return {
        "author": make_staff(units["hue_a"], Role.AUTHOR),
        "editor": make_staff(units["hue"], Role.EDITOR),
        "approver": make_staff(units["hue"], Role.APPROVER),
    }


@pytest.fixture
def in_review(client, site, staff):
    page = _create_draft(client, staff["author"], site["hue_a"], title="Đối thoại chính sách ở phường Thuận Hóa")
    assert _submit(client, staff["author"], page).status_code == 302
    return page


def _messages(response) -> list[str]:
    """The messages shown on the last page (with those of earlier requests the test client never displayed)."""
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_dashboard_names_each_step_and_shows_the_review_actions_as_buttons(client, staff, in_review):
    html = _as(client, staff["editor"]).get(reverse("wagtailadmin_home")).content.decode()

    panel = html[html.index("lantoa-steps") :]
    assert "Biên tập" in panel and "Phê duyệt" in panel
    actions = panel[panel.index("lantoa-review-actions") : panel.index("</ul>", panel.index("lantoa-review-actions"))]
    for label in ("Yêu cầu sửa", "Duyệt kèm ý kiến", ">Duyệt<"):
        assert label in actions


def test_approving_with_a_comment_from_the_dashboard_confirms_what_happened(client, staff, in_review):
    task_state = _task_state(in_review)
    url = reverse("wagtailadmin_pages:workflow_action", args=(in_review.pk, "approve", task_state.pk))

    response = _as(client, staff["editor"]).post(url, {"comment": "Sửa lại chú thích ảnh."}, follow=True)

    assert response.status_code == 200
    assert _messages(response)[-1] == (
        "Đã duyệt “Đối thoại chính sách ở phường Thuận Hóa” ở bước Biên tập. Trang chuyển sang bước Phê duyệt. "
        "Ý kiến của bạn đã được lưu kèm."
    )


def test_asking_for_changes_from_the_dashboard_says_the_page_goes_back_to_its_author(client, staff, in_review):
    task_state = _task_state(in_review)
    url = reverse("wagtailadmin_pages:workflow_action", args=(in_review.pk, "reject", task_state.pk))

    response = _as(client, staff["editor"]).post(url, {"comment": "Thiếu nguồn."}, follow=True)

    assert "Đã yêu cầu sửa “Đối thoại chính sách ở phường Thuận Hóa” ở bước Biên tập" in _messages(response)[-1]


def test_a_confirmation_is_only_for_the_reviewer_who_acted(client, staff, in_review):
    task_state = _task_state(in_review)
    _as(client, staff["editor"]).post(
        reverse("wagtailadmin_pages:workflow_action", args=(in_review.pk, "approve", task_state.pk)), {"comment": ""}
    )

    response = _as(client, staff["approver"]).get(reverse("lantoa_review_done", args=[task_state.pk]))

    assert response.status_code == 404


def test_final_approval_in_the_editor_says_the_page_is_published(client, staff, in_review):
    _as(client, staff["editor"]).post(
        reverse("wagtailadmin_pages:workflow_action", args=(in_review.pk, "approve", _task_state(in_review).pk)),
        {"comment": ""},
    )
    edit = reverse("wagtailadmin_pages:edit", args=(in_review.pk,))
    form = _form(in_review.title, **{"action-workflow-action": "true", "workflow-action-name": "approve"})

    response = _as(client, staff["approver"]).post(edit, form, follow=True)

    in_review.refresh_from_db()
    assert in_review.live
    said = _messages(response)
    assert said[-1] == (
        "Đã duyệt “Đối thoại chính sách ở phường Thuận Hóa” ở bước Phê duyệt. "
        "Quy trình duyệt đã xong, trang đã được xuất bản."
    )
    assert not any(message.startswith("Đã cập nhật trang") for message in said)


def test_the_editor_footer_offers_approve_first_to_a_reviewer(client, staff, in_review):
    html = _as(client, staff["editor"]).get(reverse("wagtailadmin_pages:edit", args=(in_review.pk,))).content.decode()

    footer = html[html.index('<footer class="footer') :]
    first_action = footer.index("data-workflow-action-name")
    assert footer.index('data-workflow-action-name="approve"') == first_action
    assert (
        footer.index("data-workflow-action-name") < footer.index('name="action-save"')
        if 'name="action-save"' in footer
        else True
    )


def test_admin_shows_the_agency_logo_name_and_lan_toa_guide(client, staff, site):
    login = client.get(reverse("wagtailadmin_login")).content.decode()
    assert "Đăng nhập Lan Toả" in login and "content/admin/logo.svg" in login

    dashboard = _as(client, staff["editor"]).get(reverse("wagtailadmin_home")).content.decode()
    assert "content/admin/logo.svg" in dashboard
    assert reverse("lantoa_help") in dashboard
    assert "guide.wagtail.org" not in dashboard
    guide = client.get(reverse("lantoa_help"))
    assert guide.status_code == 200
    assert "Hướng dẫn sử dụng Lan Toả" in guide.content.decode()


def test_the_dashboard_shows_the_newest_ten_pages_awaiting_review_and_links_to_the_rest(client, site, staff):
    from lantoa.content.dashboard import ReviewQueuePanel

    titles = [f"Tin chờ duyệt số {n:02d}" for n in range(ReviewQueuePanel.LIMIT + 2)]
    for title in titles:
        page = _create_draft(client, staff["author"], site["hue_a"], title=title)
        assert _submit(client, staff["author"], page).status_code == 302

    html = _as(client, staff["editor"]).get(reverse("wagtailadmin_home")).content.decode()

    panel = html[html.index("awaiting-review") :]
    panel = panel[: panel.index("</section>")]
    assert [t for t in titles if t in panel] == titles[2:]  # the newest ten
    assert "Xem thêm 2 trang đang chờ duyệt" in html
    assert reverse("wagtailadmin_reports:workflow_tasks") in html
