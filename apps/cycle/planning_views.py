"""Views of deadlines and reminders: a placement's planning, moving a date, the conversations
as an .ics file, and how a person wants their reminders."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, translation
from django.utils.text import slugify
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from apps.accounts.models import ReminderMode
from apps.accounts.services import user_language_set
from apps.cycle import planning
from apps.cycle.reminders import reminder_mode_set
from apps.cycle.services import CycleError
from apps.placements.access import placement_for_user

GET_POST = ["GET", "HEAD", "POST"]


class RescheduleForm(forms.Form):
    planned_date = forms.DateField(
        label=gettext_lazy("Nieuwe datum"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": gettext_lazy("Kies een datum."),
            "invalid": gettext_lazy("Vul een geldige datum in."),
        },
    )


def language_choices() -> list[tuple[str, str]]:
    """Each language named in itself ("Nederlands", "English"), after the browser's own."""
    named = [(code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES]
    return [("", gettext_lazy("De taal van je browser")), *named]


class PreferencesForm(forms.Form):
    reminder_mode = forms.ChoiceField(
        label=gettext_lazy("Hoe wil je herinneringen ontvangen?"),
        choices=ReminderMode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Kies hoe je herinneringen wilt ontvangen.")},
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Taal"),
        help_text=gettext_lazy("Geldt op elk apparaat waarop je inlogt."),
        choices=language_choices,
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Kies een taal uit de lijst.")},
    )


def _conversations(placement):
    return list(placement.conversations.order_by("planned_date", "kind", "sequence", "id"))


@require_GET
def placement_planning(request: HttpRequest, pk: int) -> HttpResponse:
    """The dates of a placement's conversations and the rule they came from; the guides may
    move a date from here."""
    placement = placement_for_user(request.user, pk)
    context = {
        "placement": placement,
        "conversations": _conversations(placement),
        "rule": planning.rule_for(placement),
        "may_reschedule": planning.may_reschedule(request.user, placement),
    }
    return render(request, "cycle/planning.html", context)


@require_GET
def placement_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """The placement's conversations as an iCalendar file, for the people of the placement."""
    placement = placement_for_user(request.user, pk)
    body = planning.placement_ics(placement, _conversations(placement))
    response = HttpResponse(body.encode(), content_type="text/calendar; charset=utf-8")
    filename = f"gesprekken-{slugify(placement.student.user.full_name)}.ics"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(GET_POST)
def conversation_reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    """Move the planned date of one conversation."""
    conversation = planning.conversation_for_reschedule(request.user, pk)
    placement = conversation.placement
    form = RescheduleForm(initial={"planned_date": conversation.planned_date})
    status = 200
    if request.method == "POST":
        form = RescheduleForm(request.POST)
        if form.is_valid():
            try:
                moved = planning.conversation_reschedule(
                    by=request.user,
                    conversation=conversation,
                    planned_date=form.cleaned_data["planned_date"],
                )
            except CycleError as exc:
                form.add_error("planned_date", str(exc))
            else:
                day = formats.date_format(moved.planned_date, "j F Y")
                messages.success(
                    request,
                    _("%(kind)s is verplaatst naar %(day)s.")
                    % {"kind": moved.get_kind_display(), "day": day},
                )
                return redirect("cycle:planning", pk=placement.pk)
        status = 400
    context = {
        "placement": placement,
        "conversation": conversation,
        "form": form,
        "moves": planning.reschedule_history(conversation),
    }
    return render(request, "cycle/planning_reschedule.html", context, status=status)


@require_http_methods(GET_POST)
def preferences(request: HttpRequest) -> HttpResponse:
    """My own preferences: one mail per reminder or one daily digest, and my language (stored
    with me, so it holds on every device)."""
    user = request.user
    form = PreferencesForm(initial={"reminder_mode": user.reminder_mode, "language": user.language})
    status = 200
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            reminder_mode_set(by=user, user=user, mode=form.cleaned_data["reminder_mode"])
            language = form.cleaned_data["language"]
            user_language_set(by=user, user=user, language=language)
            if language:
                translation.activate(language)
            messages.success(request, _("Je voorkeuren zijn opgeslagen."))
            response = redirect("preferences")
            # This browser follows too, also once logged out (the language menu's cookie).
            if language:
                response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language)
            else:
                response.delete_cookie(settings.LANGUAGE_COOKIE_NAME)
            return response
        status = 400
    return render(request, "accounts/preferences.html", {"form": form}, status=status)
