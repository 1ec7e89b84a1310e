"""Single sign-on through OpenID Connect (SURFconext, eduID, any OIDC provider), beside local
accounts. django-allauth's OpenID Connect provider does the protocol (discovery, state, PKCE,
token exchange, ID-token signature, userinfo); this package decides whom a login belongs to,
links and unlinks (audited), and logs out at the provider."""
