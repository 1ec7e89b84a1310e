from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


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

    def confirm_login_allowed(self, user) -> None:
        """With the praktijkbureau's policy on, students and institute staff log in only
        through their institution (told only after a correct password)."""
        super().confirm_login_allowed(user)
        from apps.accounts.sso.services import password_login_allowed

        if not password_login_allowed(user):
            raise forms.ValidationError(
                _(
                    "Log in via je instelling: het praktijkbureau heeft inloggen met een "
                    "wachtwoord voor jouw account uitgezet."
                ),
                code="sso_only",
            )


# Django's own help texts for the password validators speak "u/uw"; ours say "je".
PASSWORD_HELP = {
    "UserAttributeSimilarityValidator": _(
        "Je wachtwoord lijkt niet te veel op je naam of e-mailadres."
    ),
    "CommonPasswordValidator": _("Je wachtwoord is geen veelgebruikt wachtwoord."),
    "NumericPasswordValidator": _("Je wachtwoord bestaat niet alleen uit cijfers."),
}


def password_help_text() -> str:
    """The rules of the configured password validators, in our voice, as an HTML list."""
    rules = []
    for validator in password_validation.get_default_password_validators():
        name = type(validator).__name__
        if name == "MinimumLengthValidator":
            rules.append(
                ngettext(
                    "Je wachtwoord is minstens %(count)d teken lang.",
                    "Je wachtwoord is minstens %(count)d tekens lang.",
                    validator.min_length,
                )
                % {"count": validator.min_length}
            )
        else:
            rules.append(PASSWORD_HELP.get(name) or validator.get_help_text())
    if not rules:
        return ""
    items = format_html_join("", "<li>{}</li>", ((rule,) for rule in rules))
    return format_html("<ul>{}</ul>", items)


class ChoosePasswordForm(SetPasswordForm):
    """Choose a password (invitation, forgotten password), with Django's validators."""

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields["new_password1"].label = _("Kies een wachtwoord")
        self.fields["new_password1"].help_text = password_help_text()
        self.fields["new_password2"].label = _("Herhaal het wachtwoord")


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's password-reset form, but the mail goes through the outbox: a mail server that
    is down does not break the page, and the reset link is made only when the mail leaves, so
    the database never holds a working one (`apps.accounts.services.password_reset_queue`)."""

    def save(
        self,
        domain_override=None,
        subject_template_name="registration/password_reset_subject.txt",
        email_template_name="registration/password_reset_email.html",
        use_https=False,
        token_generator=None,
        from_email=None,
        request=None,
        html_email_template_name=None,
        extra_email_context=None,
    ) -> None:
        from apps.accounts.services import password_reset_queue

        domain = domain_override or (request.get_host() if request else "")
        templates = {
            "subject_template_name": subject_template_name,
            "email_template_name": email_template_name,
        }
        for user in self.get_users(self.cleaned_data["email"]):
            password_reset_queue(
                user=user,
                domain=domain,
                protocol="https" if use_https else "http",
                templates=templates,
            )
