from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class EmailAuthenticationForm(AuthenticationForm):
    """Log in with e-mail address and password, with Dutch messages."""

    username = forms.EmailField(
        label=_("E-mailadres"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    error_messages = {
        "invalid_login": _(
            "Dit e-mailadres en wachtwoord horen niet bij elkaar. Let op: het wachtwoord is "
            "hoofdlettergevoelig."
        ),
        "inactive": _("Dit account is niet actief. Neem contact op met het praktijkbureau."),
    }

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()
