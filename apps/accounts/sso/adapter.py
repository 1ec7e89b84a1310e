"""django-allauth's hooks, pointed at our own flow: allauth never creates a person, never
signs anyone up, and every completed provider login goes to `flow.complete`."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return False


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        return False

    def pre_social_login(self, request, sociallogin) -> None:
        """The provider vouched for this login (state, PKCE, token, ID-token signature are
        checked by allauth); whom it belongs to is decided in `flow.complete`."""
        from apps.accounts.sso import flow

        raise ImmediateHttpResponse(flow.complete(request, sociallogin))

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ) -> None:
        """A refused, cancelled, replayed or expired login: one page of ours, audited."""
        from apps.accounts.sso import flow

        raise ImmediateHttpResponse(flow.failed(request, provider, error, exception))
