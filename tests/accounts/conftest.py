from tests.accounts.sso_helpers import idp, sso  # noqa: F401  (fixtures)
