from oidc_provider.lib.claims import ScopeClaims

from tests.oidc_idp.models import Person


def _claims_of(user) -> dict:
    person = Person.objects.filter(user=user).first()
    return person.claims if person else {}


def userinfo(claims: dict, user) -> dict:
    """Standard claims (name, email, email_verified) as the test registered them."""
    for key, value in _claims_of(user).items():
        if key in claims:
            claims[key] = value
    return claims


class EdupersonScopeClaims(ScopeClaims):
    """The scope SURFconext uses for the eduPerson attributes."""

    def scope_eduperson(self):
        data = _claims_of(self.user)
        return {
            "eduperson_principal_name": data.get("eduperson_principal_name", ""),
            "schac_home_organization": data.get("schac_home_organization", ""),
        }
