"""The dashboard's "awaiting your review" panel, bounded: a central reviewer reaches every unit's pages."""

import copy

from django.conf import settings
from django.utils.translation import gettext as _
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.models import Revision, Task, TaskState


class ReviewQueuePanel(WorkflowObjectsToModeratePanel):
    """Wagtail's panel with the newest `LIMIT` pages and the count of the rest, linked to the full list.

    Wagtail's own builds a row, with several queries, for every task state the user may review: at
    national scale that is every page waiting anywhere in the country for a central approver.
    """

    LIMIT = 10

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        context = {"states": [], "request": request, "csrf_token": parent_context["csrf_token"], "more": 0}
        if not getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True):
            return context
        reviewable = TaskState.objects.reviewable_by(request.user)
        states = list(
            reviewable.select_related("revision", "revision__user", "workflow_state", "workflow_state__workflow")
            .prefetch_related("revision__content_object", "revision__content_object__latest_revision")
            .order_by("-started_at")
            .annotate(previous_revision_id=Revision.objects.previous_revision_id_subquery())[: self.LIMIT + 1]
        )
        if len(states) > self.LIMIT:
            context["more"] = reviewable.count() - self.LIMIT
            states = states[: self.LIMIT]
        steps = self._steps_with_status(states)
        for state in states:
            obj = state.revision.content_object
            if not obj:
                continue
            context["states"].append(
                {
                    "obj": obj,
                    "revision": state.revision,
                    "previous_revision_id": state.previous_revision_id,
                    "live_revision_id": obj.live_revision_id,
                    "task_state": state,
                    "actions": state.task.specific.get_actions(obj, request.user),
                    "workflow_tasks": steps[state.workflow_state_id],
                    "workflow_action_url_name": "wagtailadmin_pages:workflow_action",
                    "workflow_preview_url_name": "wagtailadmin_pages:workflow_preview"
                    if getattr(obj, "is_previewable", False)
                    else None,
                    "revisions_compare_url_name": "wagtailadmin_pages:revisions_compare",
                }
            )
        return context

    @staticmethod
    def _steps_with_status(states) -> dict[int, list]:
        """`WorkflowState.all_tasks_with_status()` for every row at once: two queries instead of one a row."""
        if getattr(settings, "WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT", False):
            return {s.workflow_state_id: s.workflow_state.all_tasks_with_status() for s in states}
        workflow_states = {s.workflow_state_id: s.workflow_state for s in states}
        tasks = {
            workflow_id: list(
                Task.objects.filter(workflow_tasks__workflow_id=workflow_id).order_by("workflow_tasks__sort_order")
            )
            for workflow_id in {ws.workflow_id for ws in workflow_states.values()}
        }
        latest: dict[tuple[int, int], str] = {}
        for row in (
            TaskState.objects.filter(workflow_state_id__in=workflow_states)
            .order_by("started_at", "id")
            .values("workflow_state_id", "task_id", "status")
        ):
            latest[(row["workflow_state_id"], row["task_id"])] = row["status"]  # the last started wins
        labels = dict(TaskState.STATUS_CHOICES)
        steps = {}
        for ws_id, workflow_state in workflow_states.items():
            steps[ws_id] = []
            for task in tasks[workflow_state.workflow_id]:
                step = copy.copy(task)
                step.status = latest.get((ws_id, task.pk))
                step.status_display = labels.get(step.status, _("Not started"))
                steps[ws_id].append(step)
        return steps
