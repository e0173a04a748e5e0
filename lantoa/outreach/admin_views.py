"""Wagtail admin views of the outreach app: the commune's follow-up queue, a person's record, events and the funnel."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lantoa.admin_forms import add_errors
from lantoa.listing import folded_match, page_of, search_text
from lantoa.units.roles import Action
from lantoa.units.selectors import has_scope, units_for, user_can

from . import plan_link, selectors, services, verification
from .forms import ContactForm, EventForm, TransitionForm
from .models import Event, Registration


def menu_is_shown(request) -> bool:
    return has_scope(request.user, Action.VIEW)


def _require_staff(request) -> None:
    if not menu_is_shown(request):
        raise PermissionDenied


@require_safe
def queue(request):
    _require_staff(request)
    qs = selectors.registrations_for(request.user)
    status = request.GET.get("status", "")
    if status in Registration.Status.values:
        qs = qs.filter(status=status)
    query = search_text(request)
    if query:
        qs = _search_registrations(request.user, qs, query)
    verifier = verification.registered()
    state = request.GET.get("xac_minh", "")
    if verifier and state in dict(verifier.choices()):
        qs = verifier.filter(qs, state)
    page = page_of(request, qs)
    registrations = list(page)
    states = verifier.states(user=request.user, registrations=registrations) if verifier else []
    context = {
        "page": page,
        "rows": list(zip(registrations, states or [None] * len(registrations), strict=True)),
        "q": query,
        "status": status,
        "statuses": Registration.Status.choices,
        "verification": state,
        "verifications": verifier.choices() if verifier else [],
        "funnel": selectors.funnel(request.user)[0],
    }
    return render(request, "outreach/admin/queue.html", context)


def _search_registrations(user, registrations, query: str):
    """By the registration's number (#123), the phone's digits, or the commune's name with or without diacritics.

    Not by the person's name: the queue is worked by commune and by phone, and a name search over every
    registration of a province would read personal data it does not need."""
    digits = "".join(ch for ch in query if ch.isdigit())
    if query.startswith("#") and digits:
        return registrations.filter(pk=int(digits[:12]))
    if len(digits) >= 4 and len(digits) >= len(query.replace(" ", "")) - 1:
        return registrations.filter(phone__contains=digits[-10:])
    communes = folded_match(units_for(user, Action.VIEW), query, ["name"])
    return registrations.filter(unit__in=communes)


@require_http_methods(["GET", "POST"])
def registration_detail(request, registration_id: int):
    registration = get_object_or_404(selectors.registrations_for(request.user), pk=registration_id)
    contact_form, transition_form = ContactForm(prefix="contact"), TransitionForm(prefix="move")
    if request.method == "POST":
        try:
            verifier = verification.registered()
            if "from-list" in request.POST and verifier:
                verifier.confirm(registration=registration, user=request.user)
                messages.success(request, _("Đã cập nhật trạng thái theo danh sách người tham gia."))
                return redirect("outreach_registration", registration.pk)
            if "contact-method" in request.POST:
                contact_form = ContactForm(request.POST, prefix="contact")
                if contact_form.is_valid():
                    services.log_contact(registration=registration, user=request.user, **contact_form.cleaned_data)
                    messages.success(request, _("Đã ghi lần liên hệ."))
                    return redirect("outreach_registration", registration.pk)
            else:
                transition_form = TransitionForm(request.POST, prefix="move")
                if transition_form.is_valid():
                    services.transition(registration=registration, user=request.user, **transition_form.cleaned_data)
                    messages.success(request, _("Đã cập nhật trạng thái."))
                    return redirect("outreach_registration", registration.pk)
        except ValidationError as error:
            add_errors(contact_form if "contact-method" in request.POST else transition_form, error)
    # Logged on every rendering of the record, the form re-displays included: each shows the personal fields.
    services.record_access(user=request.user, registration=registration)
    verifier = verification.registered()
    context = {
        **(verifier.detail(user=request.user, registration=registration) if verifier else {}),
        "registration": registration,
        "contacts": registration.contacts.select_related("author"),
        "touches": registration.touch_log.all(),
        "calculator_lines": selectors.calculator_lines(registration),
        "contact_form": contact_form,
        "transition_form": transition_form,
        "can_edit": user_can(request.user, Action.EDIT, registration.unit),
    }
    return render(request, "outreach/admin/registration.html", context)


@require_safe
def registration_export(request, registration_id: int):
    registration = get_object_or_404(selectors.registrations_for(request.user), pk=registration_id)
    data = services.export_personal_data(registration=registration, user=request.user)
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="dang-ky-{registration.pk}.json"'
    return response


@require_POST
def registration_erase(request, registration_id: int):
    registration = get_object_or_404(selectors.registrations_for(request.user), pk=registration_id)
    services.erase_personal_data(registration=registration, user=request.user)
    messages.success(request, _("Đã xoá dữ liệu cá nhân của đăng ký; số liệu thống kê được giữ lại."))
    return redirect("outreach_registration", registration.pk)


@require_safe
def funnel(request):
    _require_staff(request)
    by = request.GET.get("by", "commune")
    if by not in selectors.FUNNEL_GROUPS:
        by = "commune"
    context = {"rows": selectors.funnel(request.user, by=by), "by": by, "groups": selectors.FUNNEL_GROUPS}
    return render(request, "outreach/admin/funnel.html", context)


@require_safe
def events(request):
    _require_staff(request)
    events = selectors.events_for(request.user)
    query = search_text(request)
    if query:
        events = folded_match(events, query, ["title", "place", "commune__name", "unit__name"])
    page = page_of(request, plan_link.with_activities(events))
    context = {
        "page": page,
        "q": query,
        "rows": [(event, plan_link.title_of(event)) for event in page.object_list],
        "can_add": units_for(request.user, Action.EDIT).exists(),
    }
    return render(request, "outreach/admin/events.html", context)


@require_safe
def event_detail(request, event_id: int):
    event = get_object_or_404(selectors.events_for(request.user), pk=event_id)
    activity = plan_link.activity_of(event)
    context = {
        "event": event,
        "activity": activity,
        "activity_url": plan_link.url_for(request.user, activity),
        "can_edit": user_can(request.user, Action.EDIT, event.unit),
    }
    return render(request, "outreach/admin/event.html", context)


@require_http_methods(["GET", "POST"])
def event_edit(request, event_id: int | None = None):
    event = get_object_or_404(selectors.events_for(request.user, Action.EDIT), pk=event_id) if event_id else Event()
    units = units_for(request.user, Action.EDIT)
    if not units.exists():
        raise PermissionDenied
    current = plan_link.activity_of(event)
    form = EventForm(request.POST or None, instance=event, units=units, user=request.user, activity=current)
    if request.method == "POST" and form.is_valid():
        data, adding = form.cleaned_data, form.instance.pk is None
        try:
            services.save_event(
                user=request.user,
                event=form.instance,
                partners=data["partners"],
                target_groups=data["target_groups"],
                policy_areas=data["policy_areas"],
                **({"activity": data["activity"]} if "activity" in form.fields else {}),
            )
        except ValidationError as error:
            if adding:
                form.instance.pk = None  # the save was rolled back
            add_errors(form, error)
        else:
            messages.success(request, _("Đã lưu sự kiện."))
            return redirect("outreach_event", form.instance.pk)
    return render(request, "outreach/admin/event_form.html", {"form": form, "event": event})
