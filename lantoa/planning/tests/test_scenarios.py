"""Communication scenarios: the centre's templates, a province's adaptation, the notice when a template changes."""

import pytest
from django.urls import reverse

from lantoa.planning import services
from lantoa.planning.models import Scenario
from lantoa.taxonomy.models import TargetGroup

from .conftest import api

MESSAGES = "Tham gia BHXH tự nguyện để có lương hưu.\nNhà nước hỗ trợ một phần tiền đóng."


@pytest.fixture
def target_group():
    return TargetGroup.objects.order_by("position").first()


@pytest.fixture
def template(client, staff, target_group):
    client.force_login(staff["centre"])
    response = api(
        client,
        "post",
        "/scenarios",
        {
            "unit_code": "VSS",
            "target_group": target_group.slug,
            "title": "Kịch bản mẫu cho nông dân",
            "key_messages": MESSAGES,
            "channels": ["loudspeaker", "direct", "zalo"],
            "formats": ["audio", "leaflet"],
            "languages": ["vi"],
            "timing": "Sau vụ thu hoạch",
            "is_template": True,
            "is_published": True,
        },
    )
    assert response.status_code == 201, response.content
    client.logout()
    return Scenario.objects.get(pk=response.json()["id"])


def test_a_province_adapts_a_template_and_is_told_when_the_template_changes(client, units, staff, template):
    client.force_login(staff["hanoi"])
    response = client.post(reverse("planning_scenario_adapt", args=[template.pk]), {"unit": units["hanoi"].pk})
    assert response.status_code == 302
    adapted = Scenario.objects.get(template=template)
    assert response.url == reverse("planning_scenario_edit", args=[adapted.pk])
    assert MESSAGES.splitlines()[0] in client.get(response.url).text
    assert (adapted.unit, adapted.template_version, adapted.key_messages) == (units["hanoi"], 1, MESSAGES)
    assert not adapted.is_template
    # The province adapts the messages to its own context.
    local = MESSAGES + "\nỞ Hà Nội: hỗ trợ thêm từ ngân sách thành phố."
    assert api(client, "patch", f"/scenarios/{adapted.pk}", {"key_messages": local}).json()["version"] == 2
    assert "Cập nhật từ mẫu" not in client.get(reverse("planning_scenario", args=[adapted.pk])).text

    # The centre changes the template: its messages and its timing.
    client.force_login(staff["centre"])
    changed = MESSAGES.replace("một phần", "30%") + "\n<b>Mới</b>: đóng linh hoạt."
    edited = api(
        client, "patch", f"/scenarios/{template.pk}", {"key_messages": changed, "timing": "Tháng 3 và tháng 9"}
    )
    assert edited.json()["version"] == 2
    # Saving the same content again is not a new version.
    assert api(client, "patch", f"/scenarios/{template.pk}", {"timing": "Tháng 3 và tháng 9"}).json()["version"] == 2

    client.force_login(staff["hanoi"])
    detail = api(client, "get", f"/scenarios/{adapted.pk}").json()
    assert detail["template_changed"] is True
    assert detail["template_changes"] == ["key_messages", "timing"]
    page = client.get(reverse("planning_scenario", args=[adapted.pk])).text
    assert "Cập nhật từ mẫu" in page
    assert "<ins>+ Nhà nước hỗ trợ 30% tiền đóng.</ins>" in page
    assert "<del>- Nhà nước hỗ trợ một phần tiền đóng.</del>" in page
    assert "&lt;b&gt;Mới&lt;/b&gt;" in page and "<b>Mới</b>" not in page
    assert "đơn vị đã điều chỉnh mục này" in page

    response = client.post(reverse("planning_scenario_update", args=[adapted.pk]))
    assert response.status_code == 302
    adapted.refresh_from_db()
    assert adapted.template_version == 2
    assert adapted.timing == "Tháng 3 và tháng 9"  # not adapted locally: takes the template's change
    assert adapted.key_messages == local  # adapted locally: kept
    assert api(client, "get", f"/scenarios/{adapted.pk}").json()["template_changed"] is False
    assert "Cập nhật từ mẫu" not in client.get(reverse("planning_scenario", args=[adapted.pk])).text


def test_only_the_centre_makes_templates_and_unpublished_ones_stay_with_it(
    client, units, staff, target_group, template
):
    client.force_login(staff["hanoi"])
    body = {"unit_code": "01", "target_group": target_group.slug, "title": "Mẫu riêng", "key_messages": "x"}

    refused = api(client, "post", "/scenarios", {**body, "is_template": True})

    assert refused.status_code == 422
    assert "Chỉ Trung ương ban hành kịch bản mẫu" in refused.json()["detail"]
    Scenario.objects.filter(pk=template.pk).update(is_published=False)
    assert api(client, "get", f"/scenarios/{template.pk}").status_code == 404
    assert api(client, "post", f"/scenarios/{template.pk}/adapt", {"unit_code": "01"}).status_code == 404
    assert api(client, "patch", f"/scenarios/{template.pk}", {"title": "x"}).status_code == 404


def test_a_province_scenario_is_invisible_to_another_province_and_read_only_for_a_viewer(
    client, units, staff, template
):
    hanoi = services.adapt_scenario(user=staff["hanoi"], template=template, unit=units["hanoi"])

    client.force_login(staff["hue"])
    assert hanoi.pk not in {item["id"] for item in api(client, "get", "/scenarios").json()}
    assert template.pk in {item["id"] for item in api(client, "get", "/scenarios?templates=true").json()}
    assert client.get(reverse("planning_scenario", args=[hanoi.pk])).status_code == 404
    assert api(client, "post", f"/scenarios/{hanoi.pk}/update-from-template").status_code == 404
    # Adapting for a unit outside one's reach is refused.
    assert api(client, "post", f"/scenarios/{template.pk}/adapt", {"unit_code": "01"}).status_code == 404

    client.force_login(staff["hanoi_viewer"])
    assert client.get(reverse("planning_scenario", args=[hanoi.pk])).status_code == 200
    assert api(client, "patch", f"/scenarios/{hanoi.pk}", {"title": "Đổi"}).status_code == 403
    refused = client.get(reverse("planning_scenario_edit", args=[hanoi.pk]))
    assert refused.status_code == 302 and refused.url == reverse("wagtailadmin_home")
