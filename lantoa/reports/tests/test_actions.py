"""Who may act on a report: one selector (`selectors.report_actions`) the admin's buttons and the API share, and
the services enforce; a wrong role is refused the same way in the admin and in the API."""

import json

import pytest
from django.urls import reverse

from lantoa.reports import selectors, services
from lantoa.reports.models import Report

from .conftest import open_

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(template, units, staff, fill):
    author = staff["hanoi_a_author"]
    report = open_(template, units["hanoi_a"], author)
    fill(report, author)
    return services.submit(report=report, user=author)


def test_the_selector_gives_the_commune_nothing_and_the_province_the_parents_actions(submitted, staff):
    commune = selectors.report_actions(staff["hanoi_a_author"], submitted)
    assert not any(commune.values())  # submitted: no longer editable, and approving is the parent's
    province = selectors.report_actions(staff["hanoi_approver"], submitted)
    assert province["approve"] and province["review"] and province["return"]
    assert not province["edit"] and not province["reopen"]  # not the unit's editor; not approved yet
    assert not any(selectors.report_actions(staff["hue_approver"], submitted).values())  # another province


def test_a_wrong_role_is_refused_in_the_admin_and_in_the_api(client, submitted, staff):
    client.force_login(staff["hanoi_a_author"])
    page = client.get(reverse("reports_detail", args=[submitted.pk])).text
    assert 'value="approve"' not in page
    assert client.post(reverse("reports_detail", args=[submitted.pk]), {"action": "approve"}).status_code == 403

    detail = client.get(f"/api/v1/reports/reports/{submitted.pk}")
    assert detail.status_code == 200 and detail.json()["actions"] == []
    refused = client.post(
        f"/api/v1/reports/reports/{submitted.pk}/approve", json.dumps({}), content_type="application/json"
    )
    assert refused.status_code == 403
    assert refused.json() == {"detail": "Bạn không có quyền dùng chức năng này."}
    assert Report.objects.get(pk=submitted.pk).status == "submitted"


def test_the_right_role_sees_the_same_actions_in_the_admin_and_in_the_api(client, submitted, staff):
    client.force_login(staff["hanoi_approver"])
    page = client.get(reverse("reports_detail", args=[submitted.pk])).text
    actions = client.get(f"/api/v1/reports/reports/{submitted.pk}").json()["actions"]
    assert actions == ["review", "approve", "return"]
    for action in ("review", "approve", "return"):
        assert f'value="{action}"' in page
    assert 'value="reopen"' not in page and 'value="submit"' not in page


def test_the_apis_one_error_mapping_answers_a_services_refusals_in_vietnamese(client, submitted, staff):
    client.force_login(staff["hanoi_approver"])
    url = f"/api/v1/reports/reports/{submitted.pk}"
    no_reason = client.post(f"{url}/return", json.dumps({"comment": ""}), content_type="application/json")
    assert no_reason.status_code == 422 and no_reason.json() == {"detail": "Hãy ghi rõ lý do trả lại."}
    client.force_login(staff["hue_approver"])
    assert client.get(url).status_code == 404  # another province's report: not in reach
    assert client.post(f"{url}/approve", json.dumps({}), content_type="application/json").status_code == 404
