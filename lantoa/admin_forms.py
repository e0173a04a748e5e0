"""What the admin views share about forms: a service's refusal shown on the form that asked for it."""

from django import forms
from django.core.exceptions import ValidationError


def add_errors(form, error: ValidationError) -> None:
    """Put a service's `ValidationError` on `form`: each message by its field when the form has it, else at the top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


class ReadOnceModelChoiceField(forms.ModelChoiceField):
    """A model choice field over objects the form has already read (`set_objects`): drawing its options and
    cleaning the submitted value look them up in that list instead of querying the queryset again."""

    def set_objects(self, objects) -> None:
        self._objects = {str(self.prepare_value(obj)): obj for obj in objects}
        choices = [(key, self.label_from_instance(obj)) for key, obj in self._objects.items()]
        self.choices = ([("", self.empty_label)] if self.empty_label is not None else []) + choices

    def to_python(self, value):
        objects = getattr(self, "_objects", None)
        if objects is None or value in self.empty_values:
            return super().to_python(value)
        try:
            return objects[str(value)]
        except KeyError:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from None
