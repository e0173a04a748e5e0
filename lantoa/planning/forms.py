"""Forms of the planning admin: a plan, its targets and activities, scenarios and their adaptation."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminPageChooser
from wagtail.models import Page

from lantoa import inputs
from lantoa.metrics import Indicator
from lantoa.outreach.models import Partner
from lantoa.taxonomy.models import ContentLanguage, PolicyArea, TargetGroup

from .models import MAX_YEAR, MIN_YEAR, Activity, Channel, Format, Plan, Scenario, Target
from .services import MAX_MATERIALS


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit):
        return unit.office_name


class PlanCreateForm(forms.Form):
    unit = UnitChoiceField(label=_("Đơn vị"), queryset=None, empty_label=None)
    year = forms.IntegerField(label=_("Năm"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    title = forms.CharField(label=_("Tên kế hoạch"), max_length=200, required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["year"].initial = timezone.localdate().year
        self.fields["title"].help_text = _("Để trống: “Kế hoạch truyền thông năm … – đơn vị”.")


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["title", "summary"]


class TargetForm(forms.ModelForm):
    class Meta:
        model = Target
        fields = ["indicator", "value", "manual_actual", "note"]

    def __init__(self, *args, computable: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = Indicator.choices
        if self.instance.pk:
            self.fields["indicator"].disabled = True
        self.fields["manual_actual"].help_text = _(
            "Chỉ nhập cho chỉ tiêu hệ thống không tự tính được. Tự tính: %(names)s."
        ) % {"names": ", ".join(str(label) for code, label in Indicator.choices if code in computable)}


class ActivityForm(forms.ModelForm):
    partners = forms.MultipleChoiceField(
        label=_("Đơn vị phối hợp"), choices=Partner.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    channels = forms.MultipleChoiceField(
        label=_("Kênh truyền thông"), choices=Channel.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    target_groups = forms.ModelMultipleChoiceField(
        label=_("Nhóm đối tượng"),
        queryset=TargetGroup.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    policy_areas = forms.ModelMultipleChoiceField(
        label=_("Lĩnh vực chính sách"),
        queryset=PolicyArea.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.ModelMultipleChoiceField(
        label=_("Ngôn ngữ"),
        queryset=ContentLanguage.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    events = forms.ModelMultipleChoiceField(label=_("Sự kiện thực hiện hoạt động"), queryset=None, required=False)

    class Meta:
        model = Activity
        fields = ["kind", "title", "description", "starts_on", "ends_on", "budget", "responsible_unit", "status"]
        fields += ["quantity"]
        field_classes = {"starts_on": inputs.DateField, "ends_on": inputs.DateField}

    def __init__(self, *args, units, events, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_unit"].queryset = units
        self.fields["responsible_unit"].label_from_instance = lambda unit: unit.office_name
        self.fields["events"].queryset = events
        self.fields["quantity"].help_text = _(
            "Số buổi phát thanh, số tờ rơi, số hợp đồng phối hợp báo chí… đã thực hiện; được cộng vào kết quả khi "
            "hoạt động hoàn thành."
        )
        if self.instance.pk:
            self.initial["partners"] = self.instance.partners
            self.initial["channels"] = self.instance.channels
            self.initial["target_groups"] = list(self.instance.target_groups.all())
            self.initial["policy_areas"] = list(self.instance.policy_areas.all())
            self.initial["languages"] = list(self.instance.languages.all())
            self.initial["events"] = list(self.instance.events.all())


class ScenarioForm(forms.ModelForm):
    channels = forms.MultipleChoiceField(
        label=_("Kênh khuyến nghị"), choices=Channel.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    formats = forms.MultipleChoiceField(
        label=_("Hình thức thể hiện"), choices=Format.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    languages = forms.ModelMultipleChoiceField(
        label=_("Ngôn ngữ"),
        queryset=ContentLanguage.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Scenario
        fields = ["unit", "target_group", "title", "key_messages", "timing", "is_template", "is_published"]

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda unit: unit.office_name
        self.fields["target_group"].queryset = TargetGroup.objects.filter(is_active=True)
        if self.instance.pk:
            self.fields["unit"].disabled = True
            self.initial["channels"] = self.instance.channels
            self.initial["formats"] = self.instance.formats
            self.initial["languages"] = list(self.instance.languages.all())


class PageChooser(AdminPageChooser):
    """Wagtail's page chooser; a malformed id sent back (not a number) shows as nothing chosen instead of failing."""

    def get_instance(self, value):
        try:
            return super().get_instance(value)
        except (ValueError, TypeError, OverflowError):
            return None


class MaterialForm(forms.Form):
    """One material of a scenario: a live content page, picked in Wagtail's page chooser (which shows its title)."""

    page = forms.ModelChoiceField(
        label=_("Trang nội dung"),
        queryset=Page.objects.live(),
        required=False,
        widget=PageChooser(),
        error_messages={"invalid_choice": _("Trang này không tồn tại hoặc chưa đăng.")},
    )


class BaseMaterialFormSet(forms.BaseFormSet):
    def pages(self) -> list:
        """The pages chosen, by their order numbers (rows without one last), without deleted or empty rows."""
        return [form.cleaned_data["page"] for form in self.ordered_forms if form.cleaned_data.get("page")]


MaterialFormSet = forms.formset_factory(
    MaterialForm,
    formset=BaseMaterialFormSet,
    extra=2,
    can_order=True,
    can_delete=True,
    max_num=MAX_MATERIALS,
    validate_max=True,
    absolute_max=MAX_MATERIALS,
)


def material_formset(data=None, *, scenario: Scenario) -> BaseMaterialFormSet:
    initial = [{"page": page, "ORDER": order} for order, page in enumerate(scenario.ordered_materials(), start=1)]
    return MaterialFormSet(data, initial=initial, prefix="tai-lieu")


class AdaptForm(forms.Form):
    unit = UnitChoiceField(label=_("Đơn vị điều chỉnh"), queryset=None, empty_label=None)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
