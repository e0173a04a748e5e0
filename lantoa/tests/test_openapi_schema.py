"""The OpenAPI schema says what the API answers: distinct names, documented errors, JSON bodies only."""

import json

from django.urls import reverse

from lantoa.api import api
from lantoa.units.roles import Role


def _schema():
    return api.get_openapi_schema()


def test_each_indicator_schema_has_its_own_name():
    schema = _schema()
    components = schema["components"]["schemas"]
    planning = schema["paths"]["/api/v1/planning/indicators"]["get"]["responses"][200]
    template = components["TemplateOut"]["properties"]["indicators"]["items"]["$ref"]

    assert "IndicatorOut" not in components
    assert planning["content"]["application/json"]["schema"]["items"]["$ref"].endswith("/PlanningIndicatorOut")
    assert template.endswith("/ReportIndicatorOut")
    assert set(components["PlanningIndicatorOut"]["properties"]) == {"code", "label", "computed"}


def test_every_operation_documents_its_errors_with_the_shared_error_schema():
    schema = _schema()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = {str(code) for code in operation["responses"]}
            assert {"404", "422"} <= codes, (method, path)
            if operation.get("security"):
                assert {"401", "403"} <= codes, (method, path)
            if "requestBody" in operation:
                assert {"400", "415"} <= codes, (method, path)
            for code, response in operation["responses"].items():
                if str(code).startswith("4"):
                    assert response["content"]["application/json"]["schema"] == {
                        "$ref": "#/components/schemas/ErrorOut"
                    }, (method, path, code)


def test_the_values_endpoint_documents_its_422(client):
    operation = _schema()["paths"]["/api/v1/reports/reports/{report_id}/values"]["put"]

    assert operation["responses"][422]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorOut")


def test_a_json_body_sent_as_plain_text_is_refused_with_415(client, units, make_staff):
    client.force_login(make_staff(units["hanoi"], Role.UNIT_ADMIN))
    body = json.dumps({"unit_code": "01", "year": 2027})

    as_text = client.post("/api/v1/planning/plans", body, content_type="text/plain")
    as_form = client.post("/api/v1/planning/plans", {"unit_code": "01", "year": "2027"})
    as_json = client.post("/api/v1/planning/plans", body, content_type="application/json")

    assert as_text.status_code == 415
    assert "application/json" in as_text.json()["detail"]
    assert as_form.status_code == 415
    assert as_json.status_code != 415


def test_anonymous_callers_get_the_documented_401_body(client, db):
    response = client.get("/api/v1/planning/plans")

    assert response.status_code == 401
    assert isinstance(response.json()["detail"], str)


def test_the_schema_is_served(client, db):
    response = client.get(reverse("api:openapi-json"))

    assert response.status_code == 200
    assert "ErrorOut" in response.json()["components"]["schemas"]
