"""allauth's OpenID Connect adapter, keeping what logout at the provider needs: the raw ID
token (sent back as `id_token_hint`) and the provider's end_session_endpoint."""

from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter


class DriehoekOIDCAdapter(OpenIDConnectOAuth2Adapter):
    def complete_login(self, request, app, token, **kwargs):
        sociallogin = super().complete_login(request, app, token, **kwargs)
        sociallogin.id_token_raw = kwargs["response"].get("id_token", "")
        sociallogin.end_session_endpoint = self.openid_config.get("end_session_endpoint", "")
        return sociallogin


def callback_view(request, provider_id: str):
    """allauth's callback (state, PKCE, token, ID token, userinfo) with our adapter."""
    view = OAuth2CallbackView.adapter_view(DriehoekOIDCAdapter(request, provider_id))
    return view(request)
