"""The triangle on the page (issue 13): who to contact on a placement, who took part in its
held conversations, and per school how the held conversations compare with the triangle the
school chose (the co-design tool's "grote driehoek" or "kleine driehoek")."""

from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext_lazy

from apps.accounts.models import User
from apps.core import db
from apps.cycle.conversations.services import named_roles
from apps.cycle.models import DEFAULT_PARTICIPANTS, TRIANGLE_KINDS, Conversation, Participant
from apps.placements.models import DRIEHOEK_ROLES, Driehoek, Placement

# --- Contacts ---------------------------------------------------------------------------------

CONTACT_ROLES = (
    ("student", gettext_lazy("Student")),
    ("werkplekbegeleider", gettext_lazy("Werkplekbegeleider")),
    ("schoolopleider", gettext_lazy("Schoolopleider")),
    ("instituutsopleider", gettext_lazy("Instituutsopleider")),
    ("opleider", gettext_lazy("Opleider van het instituut")),
    ("studieloopbaanbegeleider", gettext_lazy("Studieloopbaanbegeleider (slb'er)")),
)


@dataclass(frozen=True)
class Contact:
    role: str
    person: User
    is_me: bool


def placement_contacts(placement: Placement, viewer: User) -> list[Contact]:
    """Everyone named on the placement with their e-mail address and phone number, in the
    order of the triangle; the handbook keeps saying "neem contact op met". No query when the
    placement was read `with_people()`. Who may see this is `access.may_see_contacts`."""
    people = placement.people() | placement.institute_people()
    contacts = []
    for key, label in CONTACT_ROLES:
        person = people[key]
        if person is not None:
            contacts.append(Contact(role=str(label), person=person, is_me=person.pk == viewer.pk))
    return contacts


# --- Who took part ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ParticipantChoice:
    value: str
    label: str
    checked: bool


def participant_choices(placement: Placement) -> list[ParticipantChoice]:
    """The checkboxes of "held": the roles named on the placement, the student and the
    werkplekbegeleider pre-ticked."""
    named = named_roles(placement)
    return [
        ParticipantChoice(value=role, label=str(label), checked=role in DEFAULT_PARTICIPANTS)
        for role, label in Participant.choices
        if role in named
    ]


def _label(roles) -> str:
    return ", ".join(str(Participant(role).label) for role in Participant.values if role in roles)


@dataclass
class Combination:
    """Held conversations with the same participants at one school."""

    label: str
    count: int
    as_chosen: bool  # everyone of the school's triangle took part


@dataclass
class ShortPlacement:
    """A placement whose held conversations never had one of the school's triangle."""

    placement_id: int
    student: str
    missing: str


@dataclass
class SchoolTriangle:
    """One school: its chosen triangle and who took part in its held conversations."""

    name: str
    driehoek: str
    driehoek_label: str
    held: int = 0
    not_recorded: int = 0
    as_chosen: int = 0
    combinations: list[Combination] = field(default_factory=list)
    short: list[ShortPlacement] = field(default_factory=list)


FLAGS = [f"with_{role}" for role in Participant.values]


def triangle_by_school(placement_ids: list[int]) -> list[SchoolTriangle]:
    """Per school of the placements `placement_ids`: how many of the held conversations of the
    cycle (kennismaking, startgesprek, tussenevaluatie, eindbeoordeling; not the weekly
    begeleidingsgesprekken) had which participants, against the triangle the school chose;
    and the placements where someone of that triangle took part in none of them (say, the
    instituutsopleider at a school of the grote driehoek). One query at any size (none
    without placements)."""
    rows = (
        db.filter_by_ids(
            Conversation.objects.filter(held_date__isnull=False, kind__in=TRIANGLE_KINDS),
            "placement",
            placement_ids,
        )
        .values(
            "placement_id",
            "placement__student__user__full_name",
            "placement__school_id",
            "placement__school__name",
            "placement__school__driehoek",
            *FLAGS,
        )
        .annotate(n=Count("id"))
        .order_by()
    )
    schools: dict[int, SchoolTriangle] = {}
    combinations: dict[tuple[int, frozenset], int] = {}
    took_part: dict[int, tuple[int, str, set]] = {}
    for row in rows:
        school_id, chosen = row["placement__school_id"], row["placement__school__driehoek"]
        school = schools.get(school_id)
        if school is None:
            school = schools[school_id] = SchoolTriangle(
                name=row["placement__school__name"],
                driehoek=chosen,
                driehoek_label=str(Driehoek(chosen).label),
            )
        roles = frozenset(r for r in Participant.values if row[f"with_{r}"])
        school.held += row["n"]
        if not roles:
            school.not_recorded += row["n"]
            continue
        key = (school_id, roles)
        combinations[key] = combinations.get(key, 0) + row["n"]
        student = row["placement__student__user__full_name"]
        seen = took_part.setdefault(row["placement_id"], (school_id, student, set()))[2]
        seen |= roles
    for (school_id, roles), count in combinations.items():
        school = schools[school_id]
        as_chosen = set(DRIEHOEK_ROLES[school.driehoek]) <= roles
        school.as_chosen += count if as_chosen else 0
        school.combinations.append(Combination(_label(roles), count, as_chosen))
    for pk, (school_id, student, seen) in took_part.items():
        missing = set(DRIEHOEK_ROLES[schools[school_id].driehoek]) - seen
        if missing:
            schools[school_id].short.append(ShortPlacement(pk, student, _label(missing)))
    for school in schools.values():
        school.combinations.sort(key=lambda c: (not c.as_chosen, -c.count, c.label))
        school.short.sort(key=lambda s: (s.student, s.placement_id))
    return sorted(schools.values(), key=lambda s: s.name)
