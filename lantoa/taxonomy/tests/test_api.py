import pytest


def test_policy_areas_are_listed_with_english_names(client, db):
    body = client.get("/api/v1/taxonomy/policy-areas").json()
    by_slug = {area["slug"]: area for area in body}
    assert by_slug["bhxh-tu-nguyen"]["name"] == "Bảo hiểm xã hội tự nguyện"
    assert by_slug["bhxh-tu-nguyen"]["name_en"]


def test_target_groups_carry_their_audience_labels(client, db):
    body = client.get("/api/v1/taxonomy/target-groups").json()
    assert "nong-dan" in {group["slug"] for group in body}
    assert all("audience_label" in group for group in body)


def test_content_languages_mark_minority_languages(client, db):
    body = {language["code"]: language for language in client.get("/api/v1/taxonomy/languages").json()}
    assert body["vi"]["is_minority"] is False
    assert body["hmn"]["is_minority"] is True


@pytest.mark.parametrize("path", ["policy-areas", "target-groups", "languages"])
def test_vocabularies_refuse_unknown_parameters(client, db, path):
    response = client.get(f"/api/v1/taxonomy/{path}?q=<b>x</b>")
    assert response.status_code == 422
    assert "không hỗ trợ tham số “q”" in response.json()["message"]
    assert b"<b>" not in response.content


def test_openapi_schema_and_docs_are_served(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/content/" in schema["paths"]
    assert "/api/v1/units/mine" in schema["paths"]
    assert client.get("/api/v1/docs").status_code == 200
