"""A real OpenID Connect provider for the test session: django-oidc-provider in a small Django
project of its own, started as a separate process by `tests.accounts.sso_idp` (never imported
by Driehoek itself)."""
