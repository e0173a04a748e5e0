"""Wagtail templates the project overrides to mend accessibility and translation gaps: the mend is there."""

from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.utils import translation


def test_a_user_only_viewing_the_page_has_a_named_button_in_the_editing_sessions(db):
    viewer = get_user_model().objects.create_user("nguoixem", first_name="Lan", last_name="Trần")
    session = SimpleNamespace(user=viewer, is_idle=False, revision_id=None, is_editing=False)
    with translation.override("vi"):
        html = render_to_string(
            "wagtailadmin/shared/editing_sessions/list.html",
            {"sessions": [session], "current_session": SimpleNamespace(user=None)},
        )
    assert 'class="w-editing-sessions__session"' in html
    assert 'aria-label="Lan Trần - Đang xem"' in html


def test_the_header_actions_landmark_is_labelled_in_vietnamese():
    with translation.override("vi"):
        html = render_to_string("wagtailadmin/shared/headers/_actions.html", {"actions": ""})
    assert 'aria-label="Thao tác"' in html
