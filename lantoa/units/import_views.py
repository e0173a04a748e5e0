"""Admin screens for onboarding staff from a sheet: upload, preview with an error per row, confirm, progress."""

import csv
import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from lantoa.listing import page_of

from . import staff_import
from .models import StaffImport
from .roles import Action
from .selectors import scope_paths
from .tasks import apply_staff_import

MAX_BYTES = 2 * 1024 * 1024
ROWS_PER_PAGE = 100


def can_import(user) -> bool:
    """Whoever may manage the members of some unit may import staff into it and the units below it."""
    return bool(user.is_active and (user.is_superuser or scope_paths(user, Action.MANAGE)))


class StaffImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp danh sách nhân sự (.csv hoặc .xlsx)"),
        help_text=gettext_lazy(
            "Các cột: Họ và tên, Email hoặc số điện thoại (dùng làm tên đăng nhập), Mã đơn vị, Vai trò. "
            "Tối đa 5.000 dòng, 2 MB."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("Tệp lớn quá 2 MB: hãy chia thành nhiều tệp."))
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Chỉ nhận tệp .csv hoặc .xlsx."))
        return upload


def _own(request, import_id: int) -> StaffImport:
    """An import is seen by whoever made it, and by nobody else (it lists people's e-mails and phones)."""
    if not can_import(request.user):
        raise PermissionDenied
    return get_object_or_404(StaffImport, pk=import_id, created_by=request.user)


def upload(request):
    if not can_import(request.user):
        raise PermissionDenied
    form = StaffImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        sheet = form.cleaned_data["file"]
        try:
            rows = staff_import.read_sheet(content=sheet.read(), filename=sheet.name)
        except ValidationError as error:
            errors = error.messages
        else:
            rows = staff_import.plan(rows, importer=request.user)
            StaffImport.objects.filter(
                created_by=request.user,
                status=StaffImport.Status.PREVIEW,
            ).delete()  # one preview at a time: an earlier one was not confirmed
            job = StaffImport.objects.create(
                created_by=request.user,
                file_name=sheet.name[:255],
                rows=[row.as_dict() for row in rows],
                total=staff_import.summary(rows)["to_apply"],
            )
            return redirect("staff_import:detail", job.pk)
    recent = StaffImport.objects.filter(created_by=request.user).exclude(status=StaffImport.Status.PREVIEW)
    return TemplateResponse(
        request,
        "units/admin/staff_import.html",
        {"form": form, "errors": errors, "recent": recent.order_by("-created_at")[:10]},
    )


def detail(request, import_id: int):
    job = _own(request, import_id)
    if request.GET.get("format") == "json":
        return JsonResponse({"status": job.status, "done": job.done, "total": job.total, "percent": job.percent})
    rows = [staff_import.StaffRow(**row) for row in job.rows]
    changes = [row for row in rows if row.ok and row.change != staff_import.Change.UNCHANGED]
    page = page_of(request, changes, ROWS_PER_PAGE)
    return TemplateResponse(
        request,
        "units/admin/staff_import_detail.html",
        {
            "job": job,
            "counts": staff_import.summary(rows) if rows else None,
            "bad_rows": [row for row in rows if not row.ok],
            "page": page,
            "change_labels": {
                staff_import.Change.NEW_ACCOUNT: _("Tạo tài khoản và cấp vai trò"),
                staff_import.Change.NEW_ROLE: _("Cấp vai trò"),
                staff_import.Change.CHANGED_ROLE: _("Đổi vai trò"),
            },
        },
    )


@require_POST
def confirm(request, import_id: int):
    job = _own(request, import_id)
    if job.status != StaffImport.Status.PREVIEW:
        messages.warning(request, _("Lần nhập này đã được xác nhận."))
        return redirect("staff_import:detail", job.pk)
    if job.created_at < timezone.now() - datetime.timedelta(days=1):
        job.delete()
        messages.error(request, _("Bản xem trước đã quá một ngày: hãy tải tệp lên lại."))
        return redirect("staff_import:index")
    if not job.total:
        messages.info(request, _("Không có gì thay đổi: mọi dòng hợp lệ đã đúng như trong tệp."))
        return redirect("staff_import:detail", job.pk)
    StaffImport.objects.filter(pk=job.pk).update(status=StaffImport.Status.QUEUED)
    apply_staff_import.enqueue(job.pk)
    return redirect("staff_import:detail", job.pk)


def sample(request):
    """A sheet to fill in: the header and two example rows."""
    if not can_import(request.user):
        raise PermissionDenied
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-nhan-su.csv"'
    response.write("\ufeff")  # so that Excel reads the file as UTF-8
    writer = csv.writer(response)
    writer.writerow([_("Họ và tên"), _("Email hoặc số điện thoại"), _("Mã đơn vị"), _("Vai trò")])
    writer.writerow(["Nguyễn Thị Lan", "lan.nguyen@example.vn", "00070", _("Tác giả")])
    writer.writerow(["Trần Văn Minh", "0912345678", "00070", _("Người phê duyệt")])
    return response


class StaffImportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_import(request.user)


class StaffImportViewSet(ViewSet):
    """Nhập nhân sự từ tệp, under "Đơn vị và nhân sự"."""

    name = "staff_import"
    url_prefix = "units/nhap-nhan-su"
    icon = "upload"
    menu_label = gettext_lazy("Nhập nhân sự từ tệp")
    menu_item_class = StaffImportMenuItem

    def get_urlpatterns(self):
        return [
            path("", upload, name="index"),
            path("mau.csv", sample, name="sample"),
            path("<int:import_id>/", detail, name="detail"),
            path("<int:import_id>/xac-nhan/", confirm, name="confirm"),
        ]

    @property
    def menu_url(self):
        return reverse("staff_import:index")
