"""A scenario's materials are live pages picked in Wagtail's page chooser, shown by title, kept in order and adapted."""

import pytest
from django.urls import reverse
from wagtail.models import Page

from lantoa.planning import services
from lantoa.planning.models import Scenario, ScenarioMaterial
from lantoa.taxonomy.models import TargetGroup

from .conftest import api


@pytest.fixture
def pages(site):
    """Three live pages with distinct titles, and a draft one."""
    home = site["centre"]
    made = {}
    for key, title, live in (
        ("guide", "Cẩm nang BHXH tự nguyện", True),
        ("qa", "Hỏi đáp BHYT hộ gia đình", True),
        ("video", "Video: lương hưu cho nông dân", True),
        ("draft", "Bản nháp chưa đăng", False),
    ):
        made[key] = home.add_child(instance=Page(title=title, slug=f"tai-lieu-{key}", live=live))
    return made


def chooser_rows(*rows, initial=0):
    """POST data of the materials formset: rows of (page id or "", order, delete)."""
    data = {
        "tai-lieu-TOTAL_FORMS": str(len(rows)),
        "tai-lieu-INITIAL_FORMS": str(initial),
        "tai-lieu-MIN_NUM_FORMS": "0",
        "tai-lieu-MAX_NUM_FORMS": "50",
    }
    for n, (page, order, delete) in enumerate(rows):
        data[f"tai-lieu-{n}-page"] = page
        data[f"tai-lieu-{n}-ORDER"] = order
        if delete:
            data[f"tai-lieu-{n}-DELETE"] = "on"
    return data


def scenario_fields(target_group, **changes):
    return {
        "target_group": target_group.pk,
        "title": "Kịch bản mẫu cho nông dân",
        "key_messages": "Tham gia BHXH tự nguyện để có lương hưu.",
        "channels": ["loudspeaker", "direct"],
        "formats": ["audio"],
        "is_template": "on",
        "is_published": "on",
        **changes,
    }


@pytest.fixture
def target_group():
    return TargetGroup.objects.order_by("position").first()


@pytest.fixture
def template(client, units, staff, pages, target_group):
    """The centre's published template, its materials chosen in the admin form: video first, then the guide."""
    client.force_login(staff["centre"])
    data = scenario_fields(target_group, unit=units["centre"].pk)
    data |= chooser_rows((pages["guide"].pk, "2", False), (pages["video"].pk, "1", False), ("", "", False))
    response = client.post(reverse("planning_scenario_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    client.logout()
    return Scenario.objects.get(is_template=True)


def test_the_centre_picks_materials_in_the_page_chooser_and_sees_their_titles_in_order(client, staff, pages, template):
    assert template.ordered_materials() == [pages["video"].specific, pages["guide"].specific]
    client.force_login(staff["centre"])

    detail = client.get(reverse("planning_scenario", args=[template.pk])).text
    assert detail.index(pages["video"].title) < detail.index(pages["guide"].title)

    edit = client.get(reverse("planning_scenario_edit", args=[template.pk])).text
    assert "Mã trang" not in edit  # no typing page ids any more
    assert 'data-controller="w-chooser"' in edit or "page-chooser" in edit  # Wagtail's page chooser widget
    assert pages["video"].title in edit and pages["guide"].title in edit
    assert f'value="{pages["video"].pk}"' in edit
    assert api(client, "get", f"/scenarios/{template.pk}").json()["materials"] == [
        {"id": pages["video"].pk, "title": pages["video"].title},
        {"id": pages["guide"].pk, "title": pages["guide"].title},
    ]


def test_the_materials_can_be_reordered_removed_and_added(client, units, staff, pages, template, target_group):
    client.force_login(staff["centre"])
    data = scenario_fields(target_group)
    data |= chooser_rows(
        (pages["video"].pk, "2", False), (pages["guide"].pk, "1", True), (pages["qa"].pk, "1", False), initial=2
    )

    assert client.post(reverse("planning_scenario_edit", args=[template.pk]), data).status_code == 302

    template.refresh_from_db()
    assert [page.pk for page in template.ordered_materials()] == [pages["qa"].pk, pages["video"].pk]
    assert template.version == 2


@pytest.mark.parametrize("bad", ["draft", "missing", "hostile"])
def test_a_draft_missing_or_hostile_page_is_refused_with_a_400(client, units, staff, pages, target_group, bad):
    client.force_login(staff["centre"])
    value = {"draft": pages["draft"].pk, "missing": 987654321, "hostile": "<script>alert(1)</script>"}[bad]
    data = scenario_fields(target_group, unit=units["centre"].pk) | chooser_rows((value, "1", False))

    response = client.post(reverse("planning_scenario_add"), data)

    assert response.status_code == 400
    assert "Trang này không tồn tại hoặc chưa đăng" in response.text or "Select a valid choice" in response.text
    assert "<script>alert(1)</script>" not in response.text
    assert not Scenario.objects.exists() and not ScenarioMaterial.objects.exists()


def test_too_many_materials_are_refused(client, units, staff, pages, target_group):
    client.force_login(staff["centre"])
    rows = [(pages["guide"].pk, str(n), False) for n in range(60)]
    data = scenario_fields(target_group, unit=units["centre"].pk) | chooser_rows(*rows)

    assert client.post(reverse("planning_scenario_add"), data).status_code == 400
    assert not Scenario.objects.exists()


def test_the_province_copy_shows_the_materials_and_takes_the_templates_new_ones(
    client, units, staff, pages, template, target_group
):
    client.force_login(staff["hanoi"])
    response = client.post(reverse("planning_scenario_adapt", args=[template.pk]), {"unit": units["hanoi"].pk})
    adapted = Scenario.objects.get(template=template)
    edit = client.get(response.url).text
    assert pages["video"].title in edit and pages["guide"].title in edit
    assert adapted.ordered_materials() == template.ordered_materials()

    # The centre adds the Q&A page at the top of the template's materials.
    client.force_login(staff["centre"])
    data = scenario_fields(target_group)
    data |= chooser_rows(
        (pages["video"].pk, "2", False), (pages["guide"].pk, "3", False), (pages["qa"].pk, "1", False), initial=2
    )
    assert client.post(reverse("planning_scenario_edit", args=[template.pk]), data).status_code == 302

    client.force_login(staff["hanoi"])
    detail = client.get(reverse("planning_scenario", args=[adapted.pk])).text
    assert "Cập nhật từ mẫu" in detail
    notice = detail[detail.index("cap-nhat-tu-mau") :]
    assert f"Nay: {pages['qa'].title}, {pages['video'].title}, {pages['guide'].title}" in " ".join(notice.split())
    client.post(reverse("planning_scenario_update", args=[adapted.pk]))
    adapted.refresh_from_db()
    assert [p.pk for p in adapted.ordered_materials()] == [pages["qa"].pk, pages["video"].pk, pages["guide"].pk]
    assert not adapted.template_changed


def test_materials_the_province_chose_itself_are_kept_when_the_template_changes(
    client, units, staff, pages, template, target_group
):
    adapted = services.adapt_scenario(user=staff["hanoi"], template=template, unit=units["hanoi"])
    services.save_scenario(user=staff["hanoi"], scenario=adapted, languages=[], materials=[pages["qa"], pages["guide"]])
    services.save_scenario(user=staff["centre"], scenario=template, languages=[], materials=[pages["guide"]])

    updated, kept = services.update_from_template(user=staff["hanoi"], scenario=Scenario.objects.get(pk=adapted.pk))

    assert "materials" in kept and "materials" not in updated
    assert [p.pk for p in Scenario.objects.get(pk=adapted.pk).ordered_materials()] == [
        pages["qa"].pk,
        pages["guide"].pk,
    ]
