"""The page editor's form."""

from django.forms import ModelChoiceField
from django.forms.widgets import ChoiceWidget
from wagtail.admin.forms import WagtailAdminPageForm


class ContentPageForm(WagtailAdminPageForm):
    """Wagtail's page form, with each list of choices (policy areas, target groups…) read once: the editor draws
    every widget twice (the form, then its client-side template), and a model field's choices are a query each
    time they are listed. Validation still checks the submitted values against the field's queryset."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, ModelChoiceField) and isinstance(field.widget, ChoiceWidget):
                field.choices = list(iter(field.choices))  # iter: list() would also count them first
