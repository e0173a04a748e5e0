"""What the admin views share about forms: a service's refusal shown on the form that asked for it."""

from django.core.exceptions import ValidationError


def add_errors(form, error: ValidationError) -> None:
    """Put a service's `ValidationError` on `form`: each message by its field when the form has it, else at the top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
