"""Forms of the outreach app: the public registration of interest and the staff's follow-up and event forms."""

import datetime
import re
import time

from django import forms
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lantoa import inputs, phones
from lantoa.taxonomy.models import PolicyArea, TargetGroup

from . import plan_link, selectors
from .models import ContactLogEntry, ContactTime, Event, Interest, Partner, Registration, Scheme

CONSENT_TEXT = _(
    "Tôi đồng ý để cơ quan Bảo hiểm xã hội liên hệ với tôi qua số điện thoại trên để tư vấn về bảo hiểm xã hội "
    "tự nguyện và bảo hiểm y tế hộ gia đình. Thông tin chỉ dùng cho mục đích này và được xoá khi hết thời hạn lưu trữ "
    "hoặc khi tôi yêu cầu."
)
_TIMESTAMP_SALT = "lantoa.outreach.registration"
# Tracking values are short codes; anything else is dropped rather than stored.
_SAFE_CODE = re.compile(r"^[-\w.]{1,80}$")


def fill_token() -> str:
    return signing.dumps(time.time(), salt=_TIMESTAMP_SALT)


def seconds_since(token: str) -> float | None:
    """Seconds since the form was served, or None when the token is missing, forged or older than a day."""
    try:
        return time.time() - float(signing.loads(token, salt=_TIMESTAMP_SALT, max_age=86_400))
    except (signing.BadSignature, TypeError, ValueError):
        return None


# The voluntary SI calculator's payment modes (calculators.services.PaymentMode) a registration link may carry.
CALCULATOR_MODES = ("advance", "catch_up")


class CommuneChoiceField(inputs.ModelChoiceField):
    def label_from_instance(self, unit):
        return f"{unit.name} – {unit.parent.name}" if unit.parent_id else unit.name


def _no_control_chars(value: str) -> str:
    if inputs.has_control_characters(value):
        raise forms.ValidationError(_("Không được chứa ký tự điều khiển hay ký tự đảo chiều văn bản."))
    return value


class RegistrationForm(forms.Form):
    """What a person fills in; the hidden fields carry where they came from."""

    ho_ten = forms.CharField(label=_("Họ và tên"), max_length=120, validators=[_no_control_chars])
    dien_thoai = forms.CharField(
        label=_("Số điện thoại di động"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    ngay_sinh = inputs.DateField(
        label=_("Ngày sinh (không bắt buộc)"),
        required=False,
        help_text=_(
            "Giúp cơ quan BHXH biết khi bạn đã tham gia, kể cả khi đăng ký bằng số điện thoại khác. "
            "Ngày sinh không được lưu lại: chỉ lưu một mã không thể đọc ngược."
        ),
    )
    xa = CommuneChoiceField(label=_("Xã, phường nơi bạn sống"), queryset=selectors.communes(), empty_label="—")
    quan_tam = forms.ChoiceField(label=_("Bạn quan tâm đến"), choices=Interest.choices, widget=forms.RadioSelect)
    thoi_gian = forms.ChoiceField(
        label=_("Thời gian thuận tiện để liên hệ"), choices=ContactTime.choices, initial=ContactTime.ANY
    )
    dong_y = forms.BooleanField(label=CONSENT_TEXT)
    # Honeypot: hidden from people by CSS, filled by bots.
    website = forms.CharField(required=False, label=_("Để trống ô này"))
    ts = forms.CharField(widget=forms.HiddenInput, required=False)
    su_kien = forms.CharField(widget=forms.HiddenInput, required=False, max_length=12)
    trang = forms.CharField(widget=forms.HiddenInput, required=False, max_length=12)
    nguon = forms.CharField(widget=forms.HiddenInput, required=False, max_length=80)
    kenh = forms.CharField(widget=forms.HiddenInput, required=False, max_length=80)
    utm_source = forms.CharField(widget=forms.HiddenInput, required=False, max_length=80)
    utm_medium = forms.CharField(widget=forms.HiddenInput, required=False, max_length=80)
    utm_campaign = forms.CharField(widget=forms.HiddenInput, required=False, max_length=80)
    utm_content = forms.CharField(widget=forms.HiddenInput, required=False, max_length=80)
    thu_nhap = inputs.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=10**9)
    so_thang = inputs.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=120)
    nhom = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)
    so_nguoi = inputs.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=50)
    # How the calculator's figure was paid: ahead for years (advance) or for the missing years (catch-up).
    phuong_thuc = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20)

    TRACKING = ("nguon", "kenh", "utm_source", "utm_medium", "utm_campaign", "utm_content", "nhom")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any commune validates, but the page lists only the communes of one province (chosen first, or the
        # province of the commune sent): the whole country's 3,321 would weigh 234 KB on a slow phone.
        self.province = self._province()
        communes = selectors.communes_of(self.province) if self.province else []
        self.fields["xa"].widget.choices = [("", "—"), *((unit.pk, unit.name) for unit in communes)]
        for field in self.fields.values():
            field.error_messages["required"] = _("Hãy điền mục này.")
        self.fields["xa"].error_messages["required"] = _("Hãy chọn xã, phường nơi bạn sống.")
        self.fields["xa"].error_messages["invalid_choice"] = _("Hãy chọn xã, phường trong danh sách.")
        self.fields["dong_y"].error_messages["required"] = _("Bạn cần đồng ý để chúng tôi có thể liên hệ.")

    def _province(self):
        """The province whose communes are listed: that of the commune sent or preselected, else `tinh`."""
        data = self.data if self.is_bound else self.initial
        commune = inputs.query_integer(data, "xa")
        if commune is not None:
            unit = selectors.communes().filter(pk=commune).first()
            if unit is not None:
                return unit.parent
        return selectors.province(data.get("tinh"))

    def clean_ngay_sinh(self):
        born = self.cleaned_data.get("ngay_sinh")
        if born is not None and not (datetime.date(1900, 1, 1) <= born <= timezone.localdate()):
            raise forms.ValidationError(_("Hãy nhập ngày sinh thật của bạn (ngày/tháng/năm), hoặc để trống."))
        return born

    def clean_dien_thoai(self):
        return phones.normalise(self.cleaned_data["dien_thoai"])

    def clean(self):
        data = super().clean()
        for name in self.TRACKING:
            if data.get(name) and not _SAFE_CODE.match(data[name]):
                data[name] = ""
        data["event"] = selectors.event_for_registration(data.get("su_kien")) if data.get("su_kien") else None
        # Wagtail's page ids are 32-bit; anything else is not a page we know and the source stays unattributed.
        data["page_id"] = inputs.query_integer(data, "trang", maximum=2**31 - 1)
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        calculator = {
            key: data[key] for key in ("thu_nhap", "so_thang", "nhom", "so_nguoi") if data.get(key) not in (None, "")
        }
        if data.get("phuong_thuc") in CALCULATOR_MODES:
            calculator["phuong_thuc"] = data["phuong_thuc"]
        return {
            "name": data["ho_ten"],
            "phone": data["dien_thoai"],
            "commune": data["xa"],
            "interest": data["quan_tam"],
            "contact_time": data["thoi_gian"],
            "consent_text": str(CONSENT_TEXT),
            "origin": data["nguon"],
            "event": data["event"],
            "page_id": data["page_id"],
            "utm": {key: data[f"utm_{key}"] for key in ("source", "medium", "campaign", "content")},
            "born": data.get("ngay_sinh"),
            "channel": data["kenh"] or data["utm_source"],
            "calculator": {"nguon": data["nguon"], **calculator} if calculator else {},
        }


class ContactForm(forms.Form):
    method = forms.ChoiceField(label=_("Hình thức"), choices=ContactLogEntry.Method.choices)
    note = forms.CharField(
        label=_("Ghi chú"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Chuyển sang"), choices=Registration.Status.choices)
    scheme = forms.ChoiceField(label=_("Loại hình tham gia"), choices=[("", "—"), *Scheme.choices], required=False)
    enrolled_on = inputs.DateField(label=_("Ngày tham gia"), required=False)
    reason = forms.CharField(label=_("Lý do từ chối"), max_length=255, required=False)


class EventForm(forms.ModelForm):
    partners = forms.MultipleChoiceField(
        label=_("Đơn vị phối hợp"), choices=Partner.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    target_groups = forms.ModelMultipleChoiceField(
        label=_("Nhóm đối tượng"), queryset=TargetGroup.objects.filter(is_active=True), required=False
    )
    policy_areas = forms.ModelMultipleChoiceField(
        label=_("Lĩnh vực chính sách"), queryset=PolicyArea.objects.filter(is_active=True), required=False
    )

    activity = forms.ModelChoiceField(
        label=_("Hoạt động của kế hoạch"),
        queryset=None,
        required=False,
        empty_label=_("— Không gắn với hoạt động nào —"),
        help_text=_("Hoạt động trong kế hoạch truyền thông mà sự kiện này thực hiện."),
    )

    class Meta:
        model = Event
        fields = ["unit", "commune", "kind", "title", "starts_at", "place", "description", "materials"]
        fields += ["title_en", "place_en", "description_en", "expected_attendees", "actual_attendees"]
        field_classes = {"starts_at": inputs.DateTimeField}

    def __init__(self, *args, units, user, activity=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["commune"].queryset = units.filter(level="commune")
        link = plan_link.registered()
        if link is None:  # nothing links events to plan activities
            del self.fields["activity"]
        else:
            self.fields["activity"].queryset = link.linkable(user, keep=activity)
            self.fields["activity"].label_from_instance = link.label
            self.initial["activity"] = activity
        if self.instance.pk:
            self.initial["partners"] = self.instance.partners
            self.initial["target_groups"] = list(self.instance.target_groups.all())
            self.initial["policy_areas"] = list(self.instance.policy_areas.all())
