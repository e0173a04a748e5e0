"""Wagtail templates the project overrides to mend accessibility and translation gaps: the mend is there."""

from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
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
    assert "Wagtail's own" not in html  # its comment: staff saw it above every page they edited
    assert 'aria-label="Lan Trần - Đang xem"' in html


def test_the_header_actions_landmark_is_labelled_in_vietnamese():
    with translation.override("vi"):
        html = render_to_string("wagtailadmin/shared/headers/_actions.html", {"actions": ""})
    assert 'aria-label="Thao tác"' in html


TEMPLATES = sorted(Path(settings.BASE_DIR, "lantoa").glob("**/templates/**/*.html"))


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda path: str(path.relative_to(settings.BASE_DIR)))
def test_no_template_comment_spans_lines(path):
    # Django's {# … #} ends on its line: one that goes on is printed to the reader as it stands ({% comment %} spans).
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        opened = line.rfind("{#")
        assert opened == -1 or "#}" in line[opened:], f"{path.name}:{number}: {{# without #}} on its line"
