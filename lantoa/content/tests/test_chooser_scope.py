"""Wagtail's page chooser and page screens seen by staff of another unit: live public pages under their live
title, nothing of a draft (title, status, edit link, workflow step)."""

import json

import pytest
from django.urls import reverse

from lantoa.tests import factories
from lantoa.units.roles import Role


@pytest.fixture
def hanoi_pages(site, units, admin_user):
    return {
        "review": factories.draft_in_review(site["hanoi"], "Hội nghị chưa công bố ở Hà Nội", user=admin_user),
        "edited": factories.live_with_newer_draft(
            site["hanoi"], "Tin bảo hiểm Hà Nội", "Tin bảo hiểm Hà Nội (sửa chưa duyệt)", user=admin_user
        ),
    }


@pytest.fixture
def hue_viewer(units, make_staff):
    return make_staff(units["hue_a"], Role.VIEWER)


def _modal_html(response) -> str:
    return json.loads(response.content)["html"]


def test_the_chooser_search_shows_another_units_live_page_under_its_live_title_only(client, hanoi_pages, hue_viewer):
    client.force_login(hue_viewer)

    html = client.get(reverse("wagtailadmin_choose_page_search"), {"q": "Hà Nội"}).content.decode()

    assert "Tin bảo hiểm Hà Nội" in html
    assert "sửa chưa duyệt" not in html
    assert "Hội nghị chưa công bố" not in html
    assert reverse("wagtailadmin_pages:edit", args=(hanoi_pages["edited"].pk,)) not in html


def test_browsing_another_units_office_page_shows_no_draft(client, site, hanoi_pages, hue_viewer):
    client.force_login(hue_viewer)

    html = _modal_html(client.get(reverse("wagtailadmin_choose_page_child", args=(site["hanoi"].pk,))))

    assert "Tin bảo hiểm Hà Nội" in html
    assert "sửa chưa duyệt" not in html
    assert "Hội nghị chưa công bố" not in html
    assert 'data-edit-url=""' in html


def test_the_chooser_shows_a_units_own_drafts_with_their_edit_link(client, site, units, make_staff, hanoi_pages):
    client.force_login(make_staff(units["hanoi"], Role.AUTHOR))

    html = _modal_html(client.get(reverse("wagtailadmin_choose_page_child", args=(site["hanoi"].pk,))))

    assert "Hội nghị chưa công bố ở Hà Nội" in html
    assert "Tin bảo hiểm Hà Nội (sửa chưa duyệt)" in html
    assert reverse("wagtailadmin_pages:edit", args=(hanoi_pages["review"].pk,)) in html


def test_the_chosen_pages_answer_gives_nothing_of_another_units_drafts(client, hanoi_pages, hue_viewer):
    client.force_login(hue_viewer)

    response = client.get(
        reverse("wagtailadmin_choose_page_chosen_multiple"),
        {"id": [hanoi_pages["review"].pk, hanoi_pages["edited"].pk, "²", "x"]},
    )

    result = json.loads(response.content)["result"]
    assert [(page["id"], page["adminTitle"], page["editUrl"]) for page in result] == [
        (hanoi_pages["edited"].pk, "Tin bảo hiểm Hà Nội", "")
    ]


@pytest.mark.parametrize("role", [Role.VIEWER, Role.UNIT_ADMIN])
def test_the_workflow_step_of_another_units_page_is_not_told(client, units, make_staff, hanoi_pages, role):
    client.force_login(make_staff(units["hue"], role))
    page = hanoi_pages["review"]

    response = client.post(reverse("wagtailadmin_pages:confirm_workflow_cancellation", args=(page.pk,)))

    assert response.status_code == 404
    for name in ("history", "workflow_history", "usage"):
        assert client.get(reverse(f"wagtailadmin_pages:{name}", args=(page.pk,))).status_code == 404
