"""Forms of the channels app: the portal's newsletter sign-up and the admin's account and post forms."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from lantoa import inputs
from lantoa.taxonomy.models import TargetGroup
from lantoa.units.models import Unit

from . import services
from .models import ChannelAccount, ChannelPost, Platform


class _Honeypot(forms.Form):
    # Hidden from people by CSS, filled by bots: a filled one looks successful and does nothing.
    website = forms.CharField(label=_("Để trống ô này"), required=False, max_length=200)


class _Audience(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Tỉnh, thành phố"),
        queryset=Unit.objects.filter(is_active=True, level__in=[Unit.Level.CENTRE, Unit.Level.PROVINCE]),
        empty_label=None,
        help_text=_("Chọn “Bảo hiểm xã hội Việt Nam” để nhận tin toàn quốc."),
    )
    language = forms.ChoiceField(label=_("Ngôn ngữ"), choices=settings.LANGUAGES, initial="vi")
    target_groups = forms.ModelMultipleChoiceField(
        label=_("Nhóm đối tượng quan tâm"),
        queryset=TargetGroup.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Không chọn nhóm nào nghĩa là nhận mọi tin."),
    )


class SubscribeForm(_Audience, _Honeypot):
    email = forms.EmailField(label=_("Thư điện tử"), max_length=254)
    consent = forms.BooleanField(
        label=_("Tôi đồng ý để Bảo hiểm xã hội Việt Nam dùng địa chỉ này chỉ để gửi bản tin."),
        error_messages={"required": _("Cần có sự đồng ý của bạn để gửi bản tin.")},
    )

    field_order = ["email", "unit", "language", "target_groups", "consent", "website"]


class _Phone(forms.Form):
    phone = forms.CharField(
        label=_("Số điện thoại di động"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )

    def clean_phone(self) -> str:
        return services.subscriber_phone(self.cleaned_data["phone"])


class SmsSubscribeForm(_Audience, _Phone, _Honeypot):
    consent = forms.BooleanField(
        label=_("Tôi đồng ý để Bảo hiểm xã hội Việt Nam dùng số điện thoại này chỉ để gửi tin nhắn thông tin."),
        error_messages={"required": _("Cần có sự đồng ý của bạn để gửi tin nhắn.")},
    )

    field_order = ["phone", "unit", "language", "target_groups", "consent", "website"]


class SmsUnsubscribeForm(_Phone, _Honeypot):
    pass


class SmsCodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Mã xác nhận"),
        regex=r"^[0-9]{6}$",
        max_length=20,
        strip=True,
        error_messages={"invalid": _("Mã gồm 6 chữ số.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class AccountForm(forms.ModelForm):
    secret = forms.CharField(
        label=_("Mã truy cập (token)"),
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("Chỉ nhập khi thêm mới hoặc thay mã; mã đã lưu không bao giờ hiện lại."),
    )

    class Meta:
        model = ChannelAccount
        fields = ["unit", "platform", "name", "external_id", "token_expires_at"]
        field_classes = {"token_expires_at": inputs.DateTimeField}

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units


class PostForm(forms.ModelForm):
    link = forms.URLField(label=_("Liên kết"), max_length=1000, required=False, assume_scheme="https")
    image_url = forms.URLField(label=_("Ảnh"), max_length=1000, required=False, assume_scheme="https")
    scheduled_at = inputs.DateTimeField(
        label=_("Thời điểm đăng"),
        required=False,
        help_text=_("Để trống để đăng ngay khi bấm “Đăng”."),
    )

    video_url = forms.URLField(
        label=_("Tệp video"),
        max_length=1000,
        required=False,
        assume_scheme="https",
        help_text=_(
            "Địa chỉ tệp video MP4 để đăng thay cho bài liên kết (YouTube tải lên, TikTok và Facebook tự lấy từ "
            "địa chỉ này, Zalo đặt video ở đầu bài). Bản tin truyền thanh tự điền video của bản tin."
        ),
    )

    class Meta:
        model = ChannelPost
        fields = ["title", "message", "link", "image_url", "video_url", "video_id"]
        help_texts = {"video_id": _("YouTube: mã một video có sẵn để cập nhật tiêu đề và mô tả thay vì tải lên.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only what the post's platform sends: no video id on a Facebook or Zalo post.
        used = POST_FIELDS.get(self.instance.account.platform) if self.instance.account_id else None
        if used is not None:
            for name in list(self.fields):
                if name not in used and name != "scheduled_at":
                    del self.fields[name]


# What each platform's adapter (or the newsletter and SMS senders) reads from a post.
POST_FIELDS = {
    Platform.FACEBOOK: {"message", "link", "video_url"},
    Platform.ZALO: {"title", "message", "link", "image_url", "video_url"},
    Platform.YOUTUBE: {"title", "message", "link", "video_url", "video_id"},
    Platform.TIKTOK: {"title", "message", "link", "image_url", "video_url"},
    Platform.EMAIL: {"title", "message", "link"},
    Platform.SMS: {"message"},
}
