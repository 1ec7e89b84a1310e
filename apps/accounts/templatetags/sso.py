"""Single sign-on on shared pages: the provider buttons on the login page and the linked
logins under Voorkeuren. The lists are computed here, not in the templates."""

from allauth.socialaccount.models import SocialAccount
from django import template

from apps.accounts.sso import config
from apps.accounts.sso.services import claims_of_account

register = template.Library()


@register.inclusion_tag("accounts/sso/_login_buttons.html", takes_context=True)
def sso_login_buttons(context, next_url: str = ""):
    """'Inloggen met je instelling' / 'Inloggen met eduID' for each configured provider."""
    return {"providers": config.providers(), "next": next_url, "request": context.get("request")}


@register.inclusion_tag("accounts/sso/_logins.html", takes_context=True)
def sso_logins(context):
    """My linked logins (one query) and a button for each provider not linked yet."""
    user = context["request"].user
    providers = {p.id: p for p in config.providers()}
    linked = [
        {
            "pk": account.pk,
            "name": providers[account.provider].name
            if account.provider in providers
            else account.provider,
            "email": claims_of_account(account).get("email", ""),
            "since": account.date_joined,
        }
        for account in SocialAccount.objects.filter(user=user).order_by("date_joined")
    ]
    return {
        "linked": linked,
        "providers": list(providers.values()),
        "request": context["request"],
    }
