"""Base views of the HTML pages. An app's page is a few lines on one of these, as its API viewset is on
`DomainViewSet`, and both read the model's one visibility rule:

- a list reads `visible_to(user)`, filtered by the API's FilterSet, sorted by a column, paginated, exported;
- a detail page, its history tab and every action read `visible_to(user)`: an invisible object answers 404;
- an edit or an action needs the object in `editable_by(user)` (403 when it is visible but not editable), saves
  inside a transaction and checks that the row it leaves is still editable (nobody writes into another
  organisation's partnership); invalid input answers 400 with the errors beside their fields and the input kept,
  a refusal (`Refused`: a full cohort, a signed agreement) 409 with the reason, and nothing is half-saved;
- a delete refused because other rows reference the object answers 409.
"""

from abc import ABCMeta, abstractmethod

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from ..access import actor_label
from ..api.pagination import COHORT_CURSOR_ORDERINGS, CURSOR_ORDERINGS, page_and_more
from ..errors import Refused
from ..forms import style_widgets
from ..history import history_records, record_changes
from ..versions import is_versioned, version_of
from .conflicts import VERSION_FIELD, current_values, edit_conflict
from .exports import FORMATS, export_response
from .tables import Column, detail_url

PER_PAGE_CHOICES = (25, 50, 100)


class PageMixin(LoginRequiredMixin):
    """What every page of the application has: a signed-in user, a title, breadcrumbs."""

    model = None
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple = ()

    def base_queryset(self):
        return self.model.objects.all()

    def visible(self):
        qs = self.base_queryset().visible_to(self.request.user)
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        if self.prefetch_related:
            qs = qs.prefetch_related(*self.prefetch_related)
        return qs

    def editable(self):
        return self.base_queryset().editable_by(self.request.user)

    def may_edit(self, obj) -> bool:
        return self.editable().filter(pk=obj.pk).exists()

    def list_url(self) -> str | None:
        return _reverse(f"{self.model._meta.app_label}:{self.model._meta.model_name}_list")

    def list_crumb(self) -> tuple[str, str | None]:
        return (capfirst(self.model._meta.verbose_name_plural), self.list_url())

    def crumbs_for(self, obj) -> list[tuple[str, str | None]]:
        """Breadcrumbs down to `obj` (override to put a parent in between)."""
        return [self.list_crumb(), (str(obj), detail_url(obj))]


def _reverse(name: str, **kwargs) -> str | None:
    try:
        return reverse(name, kwargs=kwargs or None)
    except Exception:  # noqa: BLE001 — a page without that route simply has no such link
        return None


class ObjectListView(PageMixin, View):
    """A table of the rows the user may see, with the API's FilterSet beside it, sorting by column, pagination,
    and export (`?export=csv|xlsx`) of exactly the filtered rows."""

    filterset_class = None
    columns: tuple[Column, ...] = ()
    #: default order; the primary key is always appended, so pages never overlap
    ordering: tuple[str, ...] = ("-updated",)
    #: filters of the API that a person does not need on the page
    hidden_filters: tuple[str, ...] = ("updated_since",)
    template_name = "gsp/object_list.html"
    title = None
    intro = ""
    add_url_name: str | None = None
    add_label = gettext_lazy("Add")
    #: False for the large lists (trainees, enrollments…): pages say "next" and "previous", never how many rows
    #: there are in all, which would count every row the visibility rule admits on each page
    count_rows = True

    def get(self, request, *args, **kwargs):
        queryset = self.visible()
        filterset = None
        if self.filterset_class is not None:
            filterset = self.filterset_class(
                _filter_data(request, self.hidden_filters), queryset=queryset, request=request
            )
            for name in self.hidden_filters:
                filterset.form.fields.pop(name, None)
            queryset = filterset.qs if filterset.is_valid() else queryset.none()
            style_widgets(filterset.form)
        sort, order = self.sorting(request.GET.get("sort", ""))
        queryset = queryset.order_by(*order, "pk")
        fmt = request.GET.get("export")
        if fmt in FORMATS:
            self.rows_shown(queryset, exported=True)
            return export_response(queryset, self.columns, fmt, self.export_name())
        per_page = _int(request.GET.get("per_page"), PER_PAGE_CHOICES[0])
        if per_page not in PER_PAGE_CHOICES:
            per_page = PER_PAGE_CHOICES[0]
        page = (
            Paginator(queryset, per_page).get_page(request.GET.get("page"))
            if self.count_rows
            else UncountedPage(queryset, request.GET.get("page"), per_page)
        )
        self.rows_shown(page.object_list, exported=False)
        context = self.get_context_data(
            filterset=filterset,
            page=page,
            rows=[(obj, detail_url(obj), [(c, c.text(obj)) for c in self.columns]) for obj in page],
            columns=[(c, self.sort_link(request, c, sort)) for c in self.columns],
            sort=sort,
            query=query_without(request, "page", "export"),
            export_query=query_without(request, "page", "export", "per_page"),
            per_page=per_page,
            per_page_choices=PER_PAGE_CHOICES,
        )
        return render(request, self.template_name, context)

    def get_context_data(self, **context):
        title = self.title or capfirst(self.model._meta.verbose_name_plural)
        return {
            "title": title,
            "intro": self.intro,
            "breadcrumbs": [(title, None)],
            "add_url": self.add_url(),
            "add_label": self.add_label,
            **context,
        }

    def rows_shown(self, rows, *, exported: bool) -> None:
        """Called with the rows about to be shown (the page) or exported (every filtered row, a queryset), e.g. to
        log who saw which person's data."""

    def add_url(self) -> str | None:
        return _reverse(self.add_url_name) if self.add_url_name and self.may_add() else None

    def may_add(self) -> bool:
        """Whether the page offers its Add button; the add page checks again when saving."""
        return True

    def export_name(self) -> str:
        return str(self.model._meta.verbose_name_plural).replace(" ", "-")

    def sorting(self, requested: str) -> tuple[str, tuple[str, ...]]:
        """The `?sort=` column (`-name` for descending), if it is a sortable column; else the default order."""
        name = requested.removeprefix("-")
        for column in self.columns:
            if column.name == name and column.sort_fields():
                descending = requested.startswith("-")
                return requested, tuple(("-" if descending else "") + f for f in column.sort_fields())
        return "", self.ordering

    def sort_link(self, request, column: Column, current: str) -> str | None:
        if not column.sort_fields():
            return None
        params = request.GET.copy()
        params.pop("page", None)
        params.pop("export", None)
        params["sort"] = f"-{column.name}" if current == column.name else column.name
        return "?" + params.urlencode()


#: The default order of a large list's page: its API cursor's index order, newest first, so that the first page of
#: what a user may see among a million rows is an index range (docs/PERFORMANCE.md, "Lists"); a column sort asked
#: for (`?sort=`) sorts every visible row instead.
LATEST_FIRST = CURSOR_ORDERINGS["-updated"]
#: the same for rows that belong to a cohort: latest cohorts first
LATEST_COHORTS_FIRST = COHORT_CURSOR_ORDERINGS["-cohort"]


class UncountedPage:
    """A page of a large list without a COUNT: its rows, read with one more to know whether a next page exists.
    Offers what the templates read of a Django `Page` but the total (`paginator`)."""

    #: beyond this a page number is read as the last page allowed (a person pages by filtering, not by 10,000 clicks)
    MAX_PAGE = 10_000

    def __init__(self, queryset, number, per_page: int):
        """`number`: the page asked for, as the query string gives it (what is not a number is the first page)."""
        self.number = min(max(_int(number, 1), 1), self.MAX_PAGE)
        start = (self.number - 1) * per_page
        self.object_list, self._more = page_and_more(queryset[start : start + per_page + 1], per_page)
        self._start = start

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_next(self) -> bool:
        return self._more and self.number < self.MAX_PAGE

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1

    def start_index(self) -> int:
        return self._start + 1 if self.object_list else 0

    def end_index(self) -> int:
        return self._start + len(self.object_list)


def _filter_data(request, hidden: tuple[str, ...]):
    """The query string minus what is not a filter (and minus hidden filters, which the page does not offer)."""
    data = request.GET.copy()
    for name in ("page", "per_page", "sort", "export", *hidden):
        data.pop(name, None)
    return data


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def query_without(request, *names: str) -> str:
    """The request's query string without `names` (for links that keep the filters but not the page)."""
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


class ObjectDetailView(PageMixin, View):
    """An object's page. Its template extends `gsp/object_detail.html`, which draws the tabs (the object, its
    related lists, its history) and the Edit and Delete buttons the user may use."""

    template_name = None
    edit_url_name: str | None = None
    delete_url_name: str | None = None

    def get_object(self):
        return get_object_or_404(self.visible(), pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        obj = self.get_object()
        return render(request, self.get_template_name(), self.get_context_data(obj))

    def get_template_name(self) -> str:
        return self.template_name or f"{self.model._meta.app_label}/{self.model._meta.model_name}_detail.html"

    def get_context_data(self, obj, **context):
        editable = self.may_edit(obj)
        meta = self.model._meta
        return {
            "object": obj,
            "title": str(obj),
            "breadcrumbs": self.crumbs_for(obj)[:-1] + [(str(obj), None)],
            "may_edit": editable,
            "edit_url": _reverse(self.edit_url_name, pk=obj.pk) if self.edit_url_name and editable else None,
            "delete_url": _reverse(self.delete_url_name, pk=obj.pk)
            if self.delete_url_name and self.base_queryset().deletable_by(self.request.user).filter(pk=obj.pk).exists()
            else None,
            "history_url": _reverse(f"{meta.app_label}:{meta.model_name}_history", pk=obj.pk),
            "object_url": detail_url(obj),
            "tab": "detail",
            **context,
        }


class ObjectHistoryView(ObjectDetailView):
    """The history tab: every recorded version, newest first: who changed which fields, from what to what."""

    template_name = "gsp/object_history.html"

    def get(self, request, *args, **kwargs):
        obj = self.get_object()
        records = history_records(obj)
        for record in records:
            record.actor = actor_label(record.history_user) if record.history_user_id else None
        self.history_shown(obj)
        versions = [
            {
                "record": r,
                "changes": [
                    (_field_label(obj, name), _show(old), _show(new)) for name, (old, new) in record_changes(r).items()
                ],
            }
            for r in records
        ]
        context = self.get_context_data(obj, versions=versions, tab="history")
        context["breadcrumbs"] = self.crumbs_for(obj) + [(_("History"), None)]
        return render(request, self.template_name, context)

    def history_shown(self, obj) -> None:
        """Called once a history was shown (a trainee's page logs who saw their past data)."""


def _field_label(obj, name: str) -> str:
    try:
        return capfirst(obj._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 — a field since removed keeps its name
        return name


def _show(value) -> str:
    return "—" if value in (None, "") else str(value)


class ObjectEditView(PageMixin, View):
    """Create (no `pk` in the URL) or update an object with a `DomainForm`.

    `save(form)` writes; override it to call the app's service. It runs in a transaction that is rolled back unless
    the saved row is one the user may edit."""

    form_class = None
    template_name = "gsp/object_form.html"
    success_message = gettext_lazy("Saved.")

    def get_object(self):
        if "pk" not in self.kwargs:
            return None
        obj = get_object_or_404(self.visible(), pk=self.kwargs["pk"])
        if not self.may_edit(obj):
            raise PermissionDenied(_("You may see this but not change it."))
        return obj

    def get_form(self, obj, data=None, files=None):
        return self.form_class(data, files, instance=obj, user=self.request.user, **self.form_kwargs(obj))

    def form_kwargs(self, obj) -> dict:
        return {}

    def get(self, request, *args, **kwargs):
        obj = self.get_object()
        return self.render_form(self.get_form(obj), obj)

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        form = self.get_form(obj, request.POST, request.FILES)
        if not form.is_valid():
            return self.render_form(form, obj, status=400)
        try:
            with transaction.atomic():
                if obj is not None and (conflict := edit_conflict(obj, request.POST.get(VERSION_FIELD))):
                    return self.render_conflict(form, conflict)
                saved = self.save(form)
                if not self.may_edit(saved):
                    raise PermissionDenied(_("You may not save this here: it belongs to someone you do not act for."))
        except ValidationError as error:
            form.add_service_error(error)
            return self.render_form(form, obj, status=409 if isinstance(error, Refused) else 400)
        messages.success(request, self.success_message)
        return redirect(self.success_url(saved))

    def render_conflict(self, form, current):
        """409: the row changed since the form was opened. Nothing is saved; the page shows the user's input again,
        the current values beside it, and carries the current version, so saving again replaces them knowingly."""
        return self.render_form(form, current, status=409, conflict=current_values(form, current))

    def save(self, form):
        return form.save()

    def success_url(self, obj) -> str:
        return detail_url(obj) or self.list_url() or "/"

    def render_form(self, form, obj, status: int = 200, conflict=None):
        meta = self.model._meta
        title = _("Change %(object)s") % {"object": obj} if obj else _("New %(model)s") % {"model": meta.verbose_name}
        crumbs = self.crumbs_for(obj) if obj else [self.list_crumb()]
        context = {
            "form": form,
            "object": obj,
            "title": title,
            "breadcrumbs": crumbs + [(title, None)],
            "cancel_url": (detail_url(obj) if obj else None) or self.list_url(),
            # The version the form is opened on (checked when it is saved), and what changed meanwhile.
            "version_field": VERSION_FIELD,
            "version": self.form_version(obj, conflict),
            "conflict": conflict,
            **self.extra_context(form, obj),
        }
        return render(self.request, self.template_name, context, status=status)

    def extra_context(self, form, obj) -> dict:
        return {}

    def form_version(self, obj, conflict) -> str:
        """The version the form carries: the one it was opened on (kept when it comes back with errors), the current
        one after a conflict."""
        if obj is None or not is_versioned(type(obj)):
            return ""
        sent = self.request.POST.get(VERSION_FIELD, "") if self.request.method == "POST" else ""
        return sent if sent and conflict is None else version_of(obj)


class ObjectDeleteView(PageMixin, View):
    """Asks, then deletes. Refused with 409 while other rows reference the object."""

    template_name = "gsp/object_delete.html"

    def get_object(self):
        obj = get_object_or_404(self.visible(), pk=self.kwargs["pk"])
        if not self.base_queryset().deletable_by(self.request.user).filter(pk=obj.pk).exists():
            raise PermissionDenied(_("You may see this but not delete it."))
        return obj

    def get(self, request, *args, **kwargs):
        return self.render_confirm(self.get_object())

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        try:
            with transaction.atomic():
                self.delete(obj)
        except (ProtectedError, RestrictedError):
            return self.render_confirm(
                obj, status=409, error=_("This cannot be deleted: other records still refer to it.")
            )
        except ValidationError as error:
            return self.render_confirm(obj, status=409, error=" ".join(error.messages))
        messages.success(request, _("Deleted: %(object)s.") % {"object": obj})
        return redirect(self.list_url() or "/")

    def delete(self, obj) -> None:
        obj.delete()

    def render_confirm(self, obj, status: int = 200, error: str = ""):
        context = {
            "object": obj,
            "title": _("Delete %(object)s") % {"object": obj},
            "breadcrumbs": self.crumbs_for(obj) + [(_("Delete"), None)],
            "cancel_url": detail_url(obj),
            "error": error,
        }
        return render(self.request, self.template_name, context, status=status)


class ObjectActionView(PageMixin, View, metaclass=ABCMeta):
    """A POST that runs one service on an object (sign, approve, withdraw, certify…). The service's refusal is
    shown on the object's page with 409; success goes back to it with a message. `form_class` (optional) is a
    `StyledForm` for the action's input (a note, a date), shown again with its errors when invalid."""

    form_class = None
    #: the page a refusal is shown on (an action without a form)
    detail_view = None
    require_edit = True
    success_message = gettext_lazy("Done.")
    template_name = "gsp/object_action.html"
    title = ""

    def get_object(self):
        obj = get_object_or_404(self.visible(), pk=self.kwargs["pk"])
        if self.require_edit and not self.may_edit(obj):
            raise PermissionDenied(_("You may see this but not change it."))
        return obj

    def get(self, request, *args, **kwargs):
        if self.form_class is None:
            raise Http404
        obj = self.get_object()
        return self.render_form(obj, self.form_class(user=request.user, **self.form_kwargs(obj)))

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        form = None
        if self.form_class is not None:
            form = self.form_class(request.POST, request.FILES, user=request.user, **self.form_kwargs(obj))
            if not form.is_valid():
                return self.render_form(obj, form, status=400)
        try:
            with transaction.atomic():
                result = self.perform(obj, form.cleaned_data if form is not None else {})
        except ValidationError as error:
            status = 409 if isinstance(error, Refused) else 400
            if form is not None:
                form.add_service_error(error)
                return self.render_form(obj, form, status=status)
            messages.error(request, " ".join(error.messages))
            return redirect(self.next_url(obj, None), status=303) if status == 400 else self.refused(obj, error)
        messages.success(request, self.success_message)
        return redirect(self.next_url(obj, result))

    def refused(self, obj, error):
        """A refusal without a form: the object's page again (`detail_view`), with the reason above it, as 409."""
        view = self.detail_view()
        view.setup(self.request, pk=obj.pk)
        response = view.get(self.request, pk=obj.pk)
        response.status_code = 409
        return response

    def form_kwargs(self, obj) -> dict:
        return {}

    @abstractmethod
    def perform(self, obj, data: dict):
        """Run the action's one service on `obj` with the form's cleaned data; return what `next_url` needs."""

    def next_url(self, obj, result) -> str:
        return detail_url(obj) or "/"

    def render_form(self, obj, form, status: int = 200):
        context = {
            "object": obj,
            "form": form,
            "title": self.title,
            "breadcrumbs": self.crumbs_for(obj) + [(self.title, None)],
            "cancel_url": detail_url(obj),
        }
        return render(self.request, self.template_name, context, status=status)
