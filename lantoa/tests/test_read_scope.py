"""Scope on reads: every admin screen and API endpoint that takes an id or a query, against every role held at
a province and every unit relation (own, child, sibling, parent), with drafts in review in every unit.

Each unit holds secrets a member of staff of another unit must never read: the title of a draft in review, the
newer draft title of a live page, a member of staff's login name, a person's name on a registration, a plan's
title. Out of scope a read answers 403/404 (or the dashboard with a refusal) and shows none of them; in scope,
a role that may read the object gets the page (so the matrix is not vacuously "refused everywhere").
test_url_scope_coverage.py walks the URL configuration and fails for a URL pattern that is in neither READS
here nor its reviewed list of non-scoped patterns.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, replace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.db import transaction
from django.test import Client
from django.urls import reverse
from wagtail.models import TaskState, WorkflowState

from lantoa.content.services import ensure_editorial_workflow, ensure_home, ensure_locales, ensure_unit_page
from lantoa.tests import factories
from lantoa.units.models import Unit
from lantoa.units.roles import ROLE_ACTIONS, Action, Role

# The member's unit is Hà Nội; the object read belongs to the target unit.
RELATIONS = {"own unit": "hanoi", "child commune": "hanoi_a", "sibling province": "hue", "parent centre": "centre"}
IN_SCOPE = {"own unit": True, "child commune": True, "sibling province": False, "parent centre": False}
UNIT_KEYS = ("centre", "hanoi", "hue", "hanoi_a", "hanoi_b", "hue_a", "hue_b")
# Registrations belong to communes: a province's own registration is one of its communes'.
REGISTRATION_UNIT = {"hanoi": "hanoi_b", "hanoi_a": "hanoi_a", "hue": "hue_a", "centre": "hue_b"}


def secrets(key: str) -> list[str]:
    """What only the staff of unit `key` (and the units above it) may read."""
    return [
        f"mat-{key}-nhap",
        f"mat-{key}-sua",
        f"canbo-{key}-x",
        f"mat-{key}-hoten",
        f"mat-{key}-kehoach",
        f"mat-{key}-anh",
        f"mat-{key}-tailieu",
    ]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The centre, two provinces, two communes each; in every unit a draft in review, a live page with a newer
    draft, a member of staff, an event, a plan, a registration; staff of every role in Hà Nội. Built once."""
    with django_db_blocker.unblock(), transaction.atomic():
        units = factories.unit_tree()
        hanoi = units["hanoi"]
        ensure_locales()
        roots = {"centre": ensure_home()}
        ensure_editorial_workflow()
        roots |= {key: ensure_unit_page(unit) for key, unit in units.items() if key != "centre"}
        boss = factories.UserFactory(username="quan-tri-he-thong", is_superuser=True)
        objects = {}
        for n, key in enumerate(UNIT_KEYS):
            unit = units[key]
            review = factories.draft_in_review(roots[key], f"Nháp chờ duyệt mat-{key}-nhap", user=boss)
            edited = factories.live_with_newer_draft(
                roots[key], f"Tin công khai congkhai-{key}", f"Bản sửa mat-{key}-sua", user=boss
            )
            membership = factories.MembershipFactory(
                user=factories.UserFactory(username=f"canbo-{key}-x"), unit=unit, role=Role.AUTHOR
            )
            objects[key] = {
                "unit": unit,
                "root": roots[key],
                "review": review,
                "edited": edited,
                "revision": review.latest_revision,
                "workflow_state": WorkflowState.objects.get(object_id=str(review.pk)),
                "task_state": TaskState.objects.get(workflow_state__object_id=str(review.pk)),
                "membership": membership,
                "event": factories.event(
                    unit, f"Đối thoại {key}", user=boss, commune=units[REGISTRATION_UNIT.get(key, key)]
                ),
                "plan": factories.plan(unit, f"Kế hoạch mat-{key}-kehoach", user=boss),
                "image": factories.image(unit, f"Ảnh mat-{key}-anh"),
                "document": factories.document(unit, f"Tài liệu mat-{key}-tailieu"),
            }
            if unit.level == Unit.Level.COMMUNE:
                objects[key]["registration"] = factories.registration(unit, f"mat-{key}-hoten", f"09120000{n:02d}")
        for key, commune in REGISTRATION_UNIT.items():
            objects[key].setdefault("registration", objects[commune]["registration"])
        staff = {role: factories.staff(hanoi, role, username=f"{role}-hanoi") for role in Role.values}
        yield {"units": units, "objects": objects, "staff": staff}
        transaction.set_rollback(True)


@dataclass(frozen=True)
class Read:
    """One read: the URL (from a unit's objects), what a role needs in scope to read it, how it answers."""

    name: str
    args: Callable[[dict], list] = lambda o: []
    query: Callable[[dict, str], dict] = lambda o, key: {}
    method: str = "get"
    # "object": the URL names an object of the target unit; out of scope it is refused.
    # "listing": the URL searches or lists; out of scope it answers, without the target's secrets.
    kind: str = "object"
    # What a role needs, in scope, to get the page (None: Wagtail's own rule, not asserted here).
    needs: Action | None = None
    # In scope, for a role that `needs`: what the answer must show (the target unit's key given).
    shows: Callable[[str], list[str]] = lambda key: []
    # Out of scope: what the answer still shows (another unit's public pages stay choosable).
    public: Callable[[str], list[str]] = lambda key: []
    # The roles held in Hà Nội that read it: every role, or (to keep the module fast) the least and the most
    # a role allows in Wagtail's own permissions (viewer: none; author: edit; unit admin: everything).
    roles: tuple[str, ...] = tuple(Role.values)


def _page(name):
    return lambda o: [o[name].pk]


SAMPLED_ROLES = (Role.VIEWER, Role.AUTHOR, Role.UNIT_ADMIN)

READS = [
    # Staff memberships: who holds which role where.
    Read("unit_memberships:edit", lambda o: [o["membership"].pk], needs=Action.MANAGE),
    Read("unit_memberships:history", lambda o: [o["membership"].pk], needs=Action.MANAGE),
    Read("unit_memberships:history_results", lambda o: [o["membership"].pk], needs=Action.MANAGE),
    Read("unit_memberships:usage", lambda o: [o["membership"].pk], needs=Action.MANAGE),
    Read("unit_memberships:delete", lambda o: [o["membership"].pk], needs=Action.MANAGE),
    Read(
        "unit_memberships:index",
        query=lambda o, key: {"q": f"canbo-{key}"},
        kind="listing",
        needs=Action.MANAGE,
        shows=lambda key: [f"canbo-{key}-x"],
    ),
    Read(
        "unit_memberships:index_results",
        query=lambda o, key: {"q": f"canbo-{key}"},
        kind="listing",
        needs=Action.MANAGE,
        shows=lambda key: [f"canbo-{key}-x"],
    ),
    # The dashboard: pages awaiting the user's review, their recent edits, locked pages.
    Read(
        "wagtailadmin_home",
        kind="listing",
        needs=Action.REVIEW,
        shows=lambda key: [f"mat-{key}-nhap"],
    ),
    # Wagtail's page views, on a draft in review and on a live page with a newer draft.
    Read("wagtailadmin_pages:edit", _page("review"), needs=Action.EDIT),
    Read("wagtailadmin_pages:history", _page("review"), needs=Action.EDIT),
    Read("wagtailadmin_pages:history_results", _page("review")),
    Read("wagtailadmin_pages:usage", _page("edited")),
    Read("wagtailadmin_pages:view_draft", _page("edited")),
    Read("wagtailadmin_pages:preview_on_edit", _page("edited")),
    # A redirect to the history (read above), whatever the page.
    Read("wagtailadmin_pages:revisions_index", _page("review"), kind="listing"),
    Read("wagtailadmin_pages:revisions_view", lambda o: [o["review"].pk, o["revision"].pk]),
    Read(
        "wagtailadmin_pages:revisions_compare",
        lambda o: [o["edited"].pk, "live", "latest"],
    ),
    Read("wagtailadmin_pages:workflow_history", _page("review")),
    Read("wagtailadmin_pages:workflow_history_detail", lambda o: [o["review"].pk, o["workflow_state"].pk]),
    Read("wagtailadmin_pages:confirm_workflow_cancellation", _page("review"), method="post"),
    Read("wagtailadmin_pages:workflow_action", lambda o: [o["review"].pk, "approve", o["task_state"].pk]),
    Read(
        "wagtailadmin_pages:collect_workflow_action_data",
        lambda o: [o["review"].pk, "approve", o["task_state"].pk],
    ),
    Read("wagtailadmin_pages:workflow_preview", lambda o: [o["review"].pk, o["task_state"].task_id]),
    Read("wagtailadmin_pages:delete", _page("review")),
    Read("wagtailadmin_pages:unpublish", _page("edited")),
    Read("wagtailadmin_pages:copy", _page("edited")),
    Read("wagtailadmin_pages:move", _page("edited")),
    Read("wagtailadmin_pages:set_privacy", _page("edited")),
    Read("wagtailadmin_pages:add_subpage", _page("root")),
    Read("wagtailadmin_pages:convert_alias", _page("edited")),
    Read("wagtailadmin_explore", _page("root"), kind="listing"),
    Read("wagtailadmin_explore_results", _page("root"), kind="listing"),
    Read("wagtailadmin_pages:search", query=lambda o, key: {"q": f"mat-{key}"}, kind="listing"),
    Read("wagtailadmin_pages:search_results", query=lambda o, key: {"q": f"mat-{key}"}, kind="listing"),
    Read("wagtailadmin_pages:type_use", lambda o: ["content", "articlepage"], kind="listing"),
    Read("wagtailadmin_pages:type_use_results", lambda o: ["content", "articlepage"], kind="listing"),
    Read(
        "wagtail_bulk_action",
        lambda o: ["wagtailcore", "page", "delete"],
        query=lambda o, key: {"id": [o["review"].pk, o["edited"].pk]},
        kind="listing",
        # In scope the page is listed, as an item to act on or one the role may not act on.
        needs=Action.VIEW,
        shows=lambda key: [f"mat-{key}-nhap"],
    ),
    Read(
        "wagtail_bulk_action",
        lambda o: ["wagtailcore", "page", "publish"],
        query=lambda o, key: {"id": [o["review"].pk, o["edited"].pk]},
        kind="listing",
    ),
    Read(
        "wagtail_bulk_action",
        lambda o: ["wagtailimages", "image", "delete"],
        query=lambda o, key: {"id": [o["image"].pk]},
        kind="listing",
    ),
    Read(
        "wagtail_bulk_action",
        lambda o: ["wagtaildocs", "document", "add_to_collection"],
        query=lambda o, key: {"id": [o["document"].pk]},
        kind="listing",
    ),
    Read(
        "wagtailadmin_editing_sessions:ping",
        lambda o: ["wagtailcore", "page", o["review"].pk, 0],
        method="post",
    ),
    # The page chooser: other units' live pages under their live title, nothing of their drafts.
    Read(
        "wagtailadmin_choose_page_child",
        _page("root"),
        kind="listing",
        needs=Action.VIEW,
        shows=lambda key: [f"mat-{key}-nhap", f"mat-{key}-sua"],
        public=lambda key: [f"congkhai-{key}"],
    ),
    Read("wagtailadmin_choose_page_child", _page("review"), needs=Action.VIEW, shows=lambda key: [f"mat-{key}-nhap"]),
    Read(
        "wagtailadmin_choose_page_search",
        query=lambda o, key: {"q": "Tin"},
        kind="listing",
        needs=Action.VIEW,
        shows=lambda key: [f"mat-{key}-sua"],
        public=lambda key: [f"congkhai-{key}"],
    ),
    Read(
        "wagtailadmin_choose_page_chosen_multiple",
        query=lambda o, key: {"id": [o["review"].pk, o["edited"].pk]},
        kind="listing",
        needs=Action.VIEW,
        shows=lambda key: [f"mat-{key}-nhap", f"mat-{key}-sua"],
        public=lambda key: [f"congkhai-{key}"],
    ),
]
READS += [
    replace(read, roles=SAMPLED_ROLES)
    for read in [
        # Lan Toả's own admin screens.
        Read("lantoa_read_draft", _page("review"), needs=Action.VIEW),
        Read(
            "lantoa_unit_content",
            query=lambda o, key: {"q": f"mat-{key}"},
            kind="listing",
            needs=Action.VIEW,
        ),
        Read("outreach_registration", lambda o: [o["registration"].pk], needs=Action.VIEW),
        Read("outreach_registration_export", lambda o: [o["registration"].pk], needs=Action.VIEW),
        Read("outreach_queue", kind="listing", needs=Action.VIEW),
        Read("outreach_event", lambda o: [o["event"].pk], needs=Action.VIEW),
        Read("outreach_event_edit", lambda o: [o["event"].pk], needs=Action.EDIT),
        Read("planning_plan", lambda o: [o["plan"].pk], needs=Action.VIEW),
        Read("planning_plan_edit", lambda o: [o["plan"].pk], needs=Action.EDIT),
        Read("planning_plans", kind="listing", needs=Action.VIEW),
        # Images and documents: Wagtail's collection permissions, one collection per unit.
        Read("wagtailimages:edit", lambda o: [o["image"].pk], needs=Action.EDIT),
        Read("wagtailimages:image_usage", lambda o: [o["image"].pk], needs=Action.EDIT),
        Read("wagtailimages:delete", lambda o: [o["image"].pk]),
        Read("wagtailimages:url_generator", lambda o: [o["image"].pk]),
        Read("wagtailimages:preview", lambda o: [o["image"].pk, "fill-8x8"], needs=Action.EDIT),
        Read("wagtailimages:edit_multiple", lambda o: [o["image"].pk], method="post"),
        Read("wagtailimages:index", query=lambda o, key: {"q": "mat"}, kind="listing"),
        Read("wagtailimages:index_results", query=lambda o, key: {"q": "mat"}, kind="listing"),
        Read("wagtailimages_chooser:choose", kind="listing"),
        Read("wagtailimages_chooser:choose_results", query=lambda o, key: {"q": "mat"}, kind="listing"),
        Read("wagtailimages_chooser:chosen", lambda o: [o["image"].pk]),
        Read("wagtailimages_chooser:select_format", lambda o: [o["image"].pk]),
        Read("wagtaildocs:edit", lambda o: [o["document"].pk], needs=Action.EDIT),
        Read("wagtaildocs:document_usage", lambda o: [o["document"].pk], needs=Action.EDIT),
        Read("wagtaildocs:delete", lambda o: [o["document"].pk]),
        Read("wagtaildocs:edit_multiple", lambda o: [o["document"].pk], method="post"),
        Read("wagtaildocs:index", query=lambda o, key: {"q": "mat"}, kind="listing"),
        Read("wagtaildocs:index_results", query=lambda o, key: {"q": "mat"}, kind="listing"),
        Read("wagtaildocs_chooser:choose", kind="listing"),
        Read("wagtaildocs_chooser:choose_results", query=lambda o, key: {"q": "mat"}, kind="listing"),
        Read("wagtaildocs_chooser:chosen", lambda o: [o["document"].pk]),
        # The API.
        Read("api:get_content", _page("edited"), kind="listing"),
        Read(
            "api:list_drafts",
            query=lambda o, key: {"unit": o["unit"].code},
            kind="listing",
            needs=Action.VIEW,
            shows=lambda key: [f"mat-{key}-nhap"],
        ),
        Read("api:list_content", query=lambda o, key: {"unit": o["unit"].code}, kind="listing"),
        Read("api:registration_detail", lambda o: [o["registration"].pk], needs=Action.VIEW),
        Read(
            "api:list_registrations", query=lambda o, key: {"event": o["event"].pk}, kind="listing", needs=Action.VIEW
        ),
        Read("api:get_plan", lambda o: [o["plan"].pk], needs=Action.VIEW),
        Read(
            "api:list_plans",
            query=lambda o, key: {"unit": o["unit"].code},
            kind="listing",
            needs=Action.VIEW,
            shows=lambda key: [f"mat-{key}-kehoach"],
        ),
        # Wagtail's admin API (the explorer menu) and reports.
        Read("wagtailadmin_api:pages:detail", _page("review")),
        Read("wagtailadmin_api:pages:listing", query=lambda o, key: {"child_of": o["root"].pk}, kind="listing"),
        Read("wagtailadmin_api:pages:listing", query=lambda o, key: {"search": f"mat-{key}"}, kind="listing"),
        Read("wagtailadmin_reports:workflow", kind="listing"),
        Read("wagtailadmin_reports:workflow_tasks", kind="listing"),
        Read("wagtailadmin_reports:site_history", kind="listing"),
        Read("wagtailadmin_reports:aging_pages", kind="listing"),
        Read("wagtailadmin_reports:locked_pages", kind="listing"),
    ]
]


def _checked(read: Read, role: str, relation: str) -> bool:
    """Out of scope, every role; in scope, the roles that may read (the others are the write matrix's concern)."""
    return not IN_SCOPE[relation] or (read.needs is not None and read.needs in ROLE_ACTIONS[role])


CELLS = [
    pytest.param(read, role, relation, id=f"{read.name}#{n}-{role}-{relation.replace(' ', '_')}")
    for n, read in enumerate(READS)
    for role in read.roles
    for relation in RELATIONS
    if _checked(read, role, relation)
]


def _refused(response) -> bool:
    """403 or 404, or Wagtail's redirect to the dashboard (or to the login) with a refusal."""
    if response.status_code in (401, 403, 404):
        return True
    return response.status_code == 302 and (
        response.url == reverse("wagtailadmin_home") or response.url.startswith(reverse("wagtailadmin_login"))
    )


def _text(response) -> str:
    """The body as a reader sees it (JSON unescaped), and the messages queued for the next page."""
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    body = raw.decode("utf-8", "replace")
    if response.get("Content-Type", "").startswith("application/json"):
        body = json.dumps(json.loads(body), ensure_ascii=False)
    messages = " ".join(str(m) for m in get_messages(response.wsgi_request))
    return body + " " + messages


def _request(client: Client, read: Read, target: dict, key: str):
    url = reverse(read.name, args=read.args(target))
    query = read.query(target, key)
    if read.method == "post":
        return client.post(url, query)
    return client.get(url, query, headers={"accept": "text/html,application/json"})


@pytest.mark.parametrize(("read", "role", "relation"), CELLS)
def test_read_is_scoped(world, db, read, role, relation):
    member = get_user_model().objects.get(pk=world["staff"][role].pk)
    key = RELATIONS[relation]
    target = world["objects"][key]
    client = Client()
    client.force_login(member)

    response = _request(client, read, target, key)

    assert response.status_code < 500
    text = _text(response)
    if not IN_SCOPE[relation]:
        leaked = [secret for secret in secrets(key) if secret in text]
        assert not leaked, f"{response.status_code}: {leaked}"
        if read.kind == "object":
            assert _refused(response), response.status_code
        for shown in read.public(key):
            assert shown in text
    elif read.needs is not None and read.needs in ROLE_ACTIONS[role]:
        assert response.status_code == 200, response.status_code
        for shown in read.shows(key):
            assert shown in text
