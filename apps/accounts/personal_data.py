"""What the accounts app (and the login libraries it brings) holds about a person: see
apps/core/personal_data.py. Person-level data is exported with the person; the retention purge
works per placement and leaves the account alone."""

from apps.core.personal_data import Not, not_personal, register

ACCOUNT = Not("hoort bij het account, niet bij een stage: blijft zolang het account bestaat")
NOT_IN_DOSSIER = Not("gaat over het account, niet over de ontwikkeling op de stage")

register(
    "accounts.User",
    person="pk",
    export="persoon",
    purge=ACCOUNT,
    dossier="voorblad",
    exclude=["password", "is_superuser", "user_permissions", "groups"],
)
register(
    "accounts.RoleMembership",
    person="user",
    export="rollen",
    purge=ACCOUNT,
    dossier=NOT_IN_DOSSIER,
)
register(
    "accounts.AuditEvent",
    person="actor",
    export="auditlog",
    purge=Not(
        "het auditlog is alleen-toevoegen (migratie accounts 0004): het bewijst wie wat deed "
        "en bevat verwijzingen (soort en id), geen inhoud van de stage"
    ),
    dossier=NOT_IN_DOSSIER,
)
register(
    "accounts.Notification",
    person="recipient",
    export="meldingen",
    purge=ACCOUNT,
    dossier=NOT_IN_DOSSIER,
)
register(
    "accounts.Invitation",
    person="user",
    export="uitnodigingen",
    purge=ACCOUNT,
    dossier=NOT_IN_DOSSIER,
    exclude=["token_hash"],
)
register(
    "accounts.OutboxMail",
    person="recipient",
    export="e_mails",
    purge=Not("een verstuurde mail houdt alleen de envelop (apps/accounts/outbox.py)"),
    dossier=NOT_IN_DOSSIER,
    exclude=["claim_token", "context"],
)
not_personal(
    "accounts.LoginPolicy",
    "instelling van het praktijkbureau; noemt alleen wie haar het laatst wijzigde",
)
# The login libraries.
register(
    "account.EmailAddress",
    person="user",
    export="e_mailadressen",
    purge=ACCOUNT,
    dossier=NOT_IN_DOSSIER,
)
register(
    "account.EmailConfirmation",
    person="email_address__user",
    export=Not("een bevestigingslink van allauth, geen gegevens over de persoon"),
    purge=ACCOUNT,
    dossier=NOT_IN_DOSSIER,
    exclude=["key"],
)
register(
    "socialaccount.SocialAccount",
    person="user",
    export="inloggen_via_instelling",
    purge=ACCOUNT,
    dossier=NOT_IN_DOSSIER,
)
register(
    "socialaccount.SocialToken",
    person="account__user",
    export=Not("een sleutel van de identiteitsprovider, geen gegevens over de persoon"),
    purge=ACCOUNT,
    dossier=NOT_IN_DOSSIER,
)
register(
    "admin.LogEntry",
    person="user",
    export=Not("wat een beheerder in de beheeromgeving deed; studenten hebben geen toegang"),
    purge=Not("het wijzigingslog van de beheeromgeving; noemt objecten alleen bij naam en id"),
    dossier=NOT_IN_DOSSIER,
)
register(
    "guardian.UserObjectPermission",
    person="user",
    export=Not("rechten op andere objecten dan stages (die staan bij de stage); geen inhoud"),
    purge=ACCOUNT,
    dossier=NOT_IN_DOSSIER,
)
# Held without a relation, so the walk cannot find them; named here so nobody wonders.
register(
    "sessions.Session",
    export=Not("de sessie van de browser; verloopt vanzelf"),
    purge=Not("verloopt vanzelf (SESSION_COOKIE_AGE); clearsessions ruimt op"),
    dossier=NOT_IN_DOSSIER,
)
register(
    "axes.AccessAttempt",
    export=Not("mislukte inlogpogingen (gebruikersnaam en IP) ter beveiliging"),
    purge=Not("beveiliging tegen raden; opruimen met manage.py axes_reset"),
    dossier=NOT_IN_DOSSIER,
)
register(
    "django_tasks_database.DBTaskResult",
    export=Not("taken van de worker dragen alleen id's (van een dossier of een mail)"),
    purge=Not("bevat geen persoonsgegevens: alleen id's en de uitkomst van de taak"),
    dossier=NOT_IN_DOSSIER,
)
