"""My own preferences (how reminders reach me, my language, the phone number my triangle sees):
the form, its service and the page at /voorkeuren/."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from apps.accounts.models import ReminderMode, User, validate_phone
from apps.accounts.services import (
    AccountError,
    audit_record,
    user_language_set,
    user_phone_set,
)

GET_POST = ["GET", "HEAD", "POST"]


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
    phone = forms.CharField(
        label=gettext_lazy("Telefoonnummer"),
        help_text=gettext_lazy(
            "Niet verplicht. De andere mensen van je stages (student, werkplekbegeleider, "
            "schoolopleider, instituutsopleider) en het praktijkbureau zien het op de "
            "stagepagina, naast je e-mailadres."
        ),
        max_length=32,
        required=False,
        validators=[validate_phone],
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        error_messages={
            "max_length": gettext_lazy("Een telefoonnummer is hooguit 32 tekens lang."),
        },
    )


@require_http_methods(GET_POST)
def preferences(request: HttpRequest) -> HttpResponse:
    """My own preferences: one mail per reminder or one daily digest, my language (stored
    with me, so it holds on every device) and the phone number my triangle sees."""
    user = request.user
    form = PreferencesForm(
        initial={
            "reminder_mode": user.reminder_mode,
            "language": user.language,
            "phone": user.phone,
        }
    )
    status = 200
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            reminder_mode_set(by=user, user=user, mode=form.cleaned_data["reminder_mode"])
            language = form.cleaned_data["language"]
            user_language_set(by=user, user=user, language=language)
            user_phone_set(by=user, user=user, phone=form.cleaned_data["phone"])
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


@transaction.atomic
def reminder_mode_set(*, by: User, user: User, mode: ReminderMode) -> User:
    """A person chooses how reminders reach them: one mail each, or one daily digest."""
    if by.pk != user.pk:
        raise AccountError(_("Alleen de persoon zelf kiest hoe herinneringen komen."))
    user.reminder_mode = mode
    user.full_clean(exclude=["password"])
    user.save(update_fields=["reminder_mode"])
    audit_record(actor=by, action="preferences.reminder_mode", target=user, detail={"mode": mode})
    return user
