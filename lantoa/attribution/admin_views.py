"""Admin screens for the participant lists: upload, choose the columns of a new layout, follow the import."""

from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from lantoa.listing import page_of
from lantoa.units.roles import Action
from lantoa.units.selectors import scope

from . import lists, services
from .models import OPTIONAL_FIELDS, Field, ParticipantList
from .selectors import can_import, importable_units


class UploadForm(forms.Form):
    unit = forms.ModelChoiceField(label=gettext_lazy("Đơn vị"), queryset=None, empty_label=None)
    file = forms.FileField(
        label=gettext_lazy("Danh sách người tham gia mới (.csv hoặc .xlsx)"),
        help_text=gettext_lazy(
            "Xuất từ phần mềm quản lý người tham gia: mỗi dòng một người với mã số BHXH, họ tên, ngày sinh, số điện "
            "thoại (có thể trống), mã xã, loại hình và ngày bắt đầu tham gia. Tối đa 200 MB."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = importable_units(user).order_by("path")


class MappingForm(forms.Form):
    """One select per field, its options the file's headers."""

    def __init__(self, *args, headers: list[str], guessed: dict[str, int], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "—"), *((str(i), header or f"#{i + 1}") for i, header in enumerate(headers))]
        for item in Field:
            self.fields[item.value] = forms.TypedChoiceField(
                label=item.label,
                choices=choices,
                coerce=int,
                empty_value=None,
                required=item not in OPTIONAL_FIELDS,
                initial=guessed.get(item.value),
            )

    def clean(self):
        data = super().clean()
        chosen = [value for value in data.values() if value is not None]
        if len(chosen) != len(set(chosen)):
            raise forms.ValidationError(_("Mỗi cột chỉ dùng cho một mục."))
        return data

    def mapping(self) -> dict[str, int]:
        return {name: value for name, value in self.cleaned_data.items() if value is not None}


def _lists_for(user):
    return scope(ParticipantList.objects.select_related("unit", "created_by"), user, Action.APPROVE)


def _own(request, list_id: int) -> ParticipantList:
    if not can_import(request.user):
        raise PermissionDenied
    return get_object_or_404(_lists_for(request.user), pk=list_id)


def index(request):
    if not can_import(request.user):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            job = lists.stage(form.cleaned_data["file"], unit=form.cleaned_data["unit"], user=request.user)
        except lists.ListError as error:
            errors = [str(error)]
        else:
            if job.status == ParticipantList.Status.QUEUED:
                services.enqueue(job)
            return redirect("participant_lists:detail", job.pk)
    recent = page_of(request, list(_lists_for(request.user)[:500]), 20)
    return TemplateResponse(request, "attribution/admin/lists.html", {"form": form, "errors": errors, "page": recent})


def columns(request, list_id: int):
    """A layout seen for the first time: the staff member says which column is which, once."""
    job = _own(request, list_id)
    if job.status != ParticipantList.Status.MAPPING or not job.staged_file:
        return redirect("participant_lists:detail", job.pk)
    try:
        headers = lists.read_header(Path(job.staged_file))
    except (lists.ListError, FileNotFoundError):
        messages.error(request, _("Tệp đã bị xoá: hãy tải lên lại."))
        return redirect("participant_lists:index")
    form = MappingForm(request.POST or None, headers=headers, guessed=lists.guess_mapping(headers))
    if request.method == "POST" and form.is_valid():
        # Saved (autocommit) before the task is queued: a worker on Redis could otherwise run it first.
        services.save_layout(job, headers=headers, mapping=form.mapping(), user=request.user)
        services.enqueue(job)
        return redirect("participant_lists:detail", job.pk)
    return TemplateResponse(request, "attribution/admin/columns.html", {"job": job, "form": form})


def detail(request, list_id: int):
    job = _own(request, list_id)
    if request.GET.get("format") == "json":
        return JsonResponse({"status": job.status, "done": job.done, "total": job.total, "percent": job.percent})
    if job.status == ParticipantList.Status.MAPPING:
        return redirect("participant_lists:columns", job.pk)
    rejects = page_of(request, job.rejects, 100)
    return TemplateResponse(
        request,
        "attribution/admin/list_detail.html",
        {"job": job, "page": rejects, "kept": ParticipantList.REJECTS_KEPT},
    )


@require_POST
def cancel(request, list_id: int):
    job = _own(request, list_id)
    if job.status == ParticipantList.Status.MAPPING:
        lists.discard(job)
        job.delete()
        messages.success(request, _("Đã huỷ và xoá tệp."))
    return redirect("participant_lists:index")


def sample(request):
    if not can_import(request.user):
        raise PermissionDenied
    response = HttpResponse("\ufeff" + lists.sample_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mau-danh-sach-nguoi-tham-gia.csv"'
    return response


class ListsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_import(request.user)


class ParticipantListViewSet(ViewSet):
    """Danh sách người tham gia: the import screens."""

    name = "participant_lists"
    url_prefix = "lantoa/danh-sach-tham-gia"
    icon = "upload"
    menu_label = gettext_lazy("Nhập danh sách người tham gia")
    menu_item_class = ListsMenuItem

    def get_urlpatterns(self):
        return [
            path("", index, name="index"),
            path("mau.csv", sample, name="sample"),
            path("<int:list_id>/", detail, name="detail"),
            path("<int:list_id>/chon-cot/", columns, name="columns"),
            path("<int:list_id>/huy/", cancel, name="cancel"),
        ]

    @property
    def menu_url(self):
        return reverse("participant_lists:index")
