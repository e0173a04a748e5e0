"""Forms of bulletins: a recording to upload, a broadcast to log (admin and the phone link)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lantoa.inputs import DateField


class RecordingForm(forms.Form):
    recording = forms.FileField(
        label=_("Bản ghi âm giọng đọc"),
        required=False,
        help_text=_("Tệp âm thanh ghi trên máy tính hoặc điện thoại (MP3, M4A, OGG, WAV, WEBM…), tối đa 50 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "audio/*"}),
    )


class BroadcastForm(forms.Form):
    day = DateField(label=_("Ngày phát"))
    time = forms.TimeField(label=_("Giờ phát"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    clusters = forms.IntegerField(label=_("Số cụm loa"), min_value=1, max_value=500, initial=1)
    villages = forms.CharField(
        label=_("Thôn, bản, tổ dân phố"), max_length=500, required=False, widget=forms.TextInput()
    )
    note = forms.CharField(label=_("Ghi chú"), max_length=300, required=False)

    def __init__(self, *args, communes=None, **kwargs):
        super().__init__(*args, **kwargs)
        now = timezone.localtime()
        self.fields["day"].initial = now.date()
        self.fields["time"].initial = now.strftime("%H:%M")
        if communes is not None:
            self.fields["unit"] = forms.ModelChoiceField(queryset=communes, label=_("Xã, phường phát"))
            only = list(communes[:2])
            if len(only) == 1:  # a commune's own bulletin: nothing to choose
                self.fields["unit"].initial = only[0].pk
            self.order_fields(["unit"])

    def played_at(self):
        moment = timezone.datetime.combine(self.cleaned_data["day"], self.cleaned_data["time"])
        return timezone.make_aware(moment)

    def clean(self):
        data = super().clean()
        if data.get("day") and data.get("time") and self.played_at() > timezone.now() + timezone.timedelta(minutes=5):
            raise forms.ValidationError(_("Thời gian phát không thể ở tương lai."))
        return data
