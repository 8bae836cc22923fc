"""Edit pages detect a concurrent change (as the API's `If-Match`, gsp/versions.py).

The edit form carries, in a hidden field, the version of the row it was opened on. Saving locks the row and compares:
if someone saved it meanwhile, nothing is saved and the page answers 409 with the user's input kept, a message, and
the fields whose current value differs from that input. The form then carries the current version: saving again
replaces the other change knowingly. A post without the field (an old page, a script) is not checked.
"""

from django.db import models
from django.http import Http404

from ..versions import current_version, is_versioned

VERSION_FIELD = "_version"


def edit_conflict(obj: models.Model, sent: str | None) -> models.Model | None:
    """None when the form was opened on the row's current version (checked under the row lock: call it inside the
    transaction that saves), else the row as it is now."""
    model = type(obj)
    if not sent or not is_versioned(model):
        return None
    now = current_version(model, obj.pk, lock=True)
    if now is None:
        raise Http404
    if now == sent:
        return None
    return model._base_manager.get(pk=obj.pk)


def _value(obj: models.Model, field: models.Field):
    if field.many_to_many:
        return sorted(str(related) for related in getattr(obj, field.name).all())
    if field.choices:
        return getattr(obj, f"get_{field.name}_display")()
    return getattr(obj, field.name)


def _shown(value) -> str:
    if isinstance(value, list):
        return ", ".join(value)
    return "—" if value in (None, "") else str(value)


def current_values(form, current: models.Model) -> list[tuple[str, str, str]]:
    """(label, current value, the user's value) of each field of the form whose stored value now differs from what
    the user entered."""
    rows = []
    submitted = form.instance.__class__(pk=current.pk)
    fields = {f.name: f for f in current._meta.get_fields() if getattr(f, "concrete", False)}
    for name, form_field in form.fields.items():
        field = fields.get(name)  # None: a form field that is no model field (a note, a confirmation)
        if field is None or name not in form.cleaned_data:
            continue
        theirs = _value(current, field)
        entered = form.cleaned_data[name]
        if field.many_to_many:
            mine = sorted(str(related) for related in entered or [])
        else:
            setattr(submitted, field.name, entered)
            mine = _value(submitted, field)
        if theirs != mine:
            rows.append((str(form_field.label or name), _shown(theirs), _shown(mine)))
    return rows
