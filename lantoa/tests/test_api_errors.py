"""One error mapping for the whole API (`lantoa/api.py`): a service's PermissionDenied is 403, its ValidationError
422, a missing object (Http404, DoesNotExist) 404, each with the API's one error body, in Vietnamese by default."""

import json

import pytest
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.test import RequestFactory
from django.utils import translation

from lantoa.api import api


@pytest.mark.parametrize(
    ("error", "status", "body"),
    [
        (
            PermissionDenied("Bạn không có quyền sửa báo cáo này."),
            403,
            {"detail": "Bạn không có quyền dùng chức năng này."},
        ),
        (ValidationError("Hoạt động này đã huỷ."), 422, {"detail": "Hoạt động này đã huỷ."}),
        (
            ValidationError({"starts_on": ["Sai năm."], "ends_on": ["Trước ngày bắt đầu."]}),
            422,
            {"detail": "Sai năm. Trước ngày bắt đầu."},
        ),
        (Http404("Report matching query does not exist"), 404, {"detail": "Không tìm thấy."}),
        (ObjectDoesNotExist("Report matching query does not exist"), 404, {"detail": "Không tìm thấy."}),
    ],
)
def test_each_refusal_is_mapped_once_to_its_status_and_the_shared_body(error, status, body):
    request = RequestFactory().get("/api/v1/")
    with translation.override("vi"):
        response = api.on_exception(request, error)
    assert response.status_code == status
    assert json.loads(response.content) == body
