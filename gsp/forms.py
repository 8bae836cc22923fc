"""Base form of every HTML page that writes domain data.

A `DomainForm` is a ModelForm, so `is_valid()` runs the model's `full_clean()` (fields, `clean()`, constraints):
the same validation as the API's `DomainSerializer`. Like the serializer, it offers as related objects only the
rows the user may see, so a drop-down never lists, and a forged POST never reaches, another organisation's rows.
It also gives every widget Bootstrap's classes and the attributes that tie an error and a hint to their field.
"""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from .widgets import faster


class DateInput(forms.DateInput):
    """The browser's own date picker; ISO dates whatever the language (the picker shows them the local way)."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def style_widgets(form: forms.BaseForm) -> None:
    """Bootstrap classes, `aria-describedby` for hints and errors, `aria-invalid` on fields in error.

    It reads errors only once the form has been validated (`form._errors` set): styling must never validate a form
    early, before a subclass has narrowed its choices."""
    errors = form._errors or {}
    for name, field in form.fields.items():
        widget = field.widget = faster(field.widget)
        if isinstance(widget, (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)):
            css = "form-check-input"
        elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
            css = "form-select"
        else:
            css = "form-control"
        classes = [c for c in widget.attrs.get("class", "").split() if c != "is-invalid"]
        if css not in classes:
            classes.append(css)
        bound = form[name]
        described = [f"{bound.auto_id}_help"] if field.help_text else []
        if name in errors:
            widget.attrs["aria-invalid"] = "true"
            classes.append("is-invalid")
            described.append(f"{bound.auto_id}_error")
        else:
            widget.attrs.pop("aria-invalid", None)
        widget.attrs["class"] = " ".join(classes)
        if described:
            widget.attrs["aria-describedby"] = " ".join(described)
        if isinstance(widget, forms.DateInput) and not isinstance(widget, DateInput):
            field.widget = DateInput(attrs=widget.attrs)


def restrict_choices(form: forms.BaseForm, user) -> None:
    """Related-object fields offer only what `user` may see (the model's one visibility rule)."""
    for field in form.fields.values():
        queryset = getattr(field, "queryset", None)
        if queryset is not None and hasattr(queryset, "visible_to"):
            field.queryset = queryset.visible_to(user)


class StyledForm(forms.Form):
    """A plain form (an action's note, an upload) with the same look and accessibility as a `DomainForm`."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        restrict_choices(self, user)

    def full_clean(self):
        super().full_clean()
        style_widgets(self)

    def add_service_error(self, error: ValidationError) -> None:
        add_service_error(self, error)


class DomainForm(forms.ModelForm):
    """ModelForm restricted to the user's rows; `full_clean` of the model validates, as in the API."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        restrict_choices(self, user)
        style_widgets(self)

    def full_clean(self):
        super().full_clean()
        style_widgets(self)

    def add_service_error(self, error: ValidationError) -> None:
        add_service_error(self, error)


def add_service_error(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's ValidationError (or Refused) beside the fields it names; the rest above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for message in errors:
                text = " ".join(message.messages) if isinstance(message, ValidationError) else str(message)
                if target is None and field != NON_FIELD_ERRORS:
                    text = f"{field.replace('_', ' ').capitalize()}: {text}"
                form.add_error(target, text)
    else:
        form.add_error(None, error)
    style_widgets(form)


NOTE_HELP = _("Optional: why, for the record.")
