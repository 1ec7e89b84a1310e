"""The models of the cycle app, one module per feature. Everything is re-exported here, so
`from apps.cycle.models import X` works for every model and choice list; the app label stays
"cycle" and the table names stay as they were.

- conversations: the conversations, the handbook's agenda, kennismaking, sensitive
  information, planning rules and reminders
- leerplan: the leerplan, its goals, leerroute, phases, versions and approvals
- feedback: the feedback- en beoordelingsformulier, its versions and judgements
- procedure: disagreement and its dialogue, concern, termination
- logbook: the guidance logbook and its comments
- beroepsvaardigheden: the placements on the complexe beroepsvaardigheden table
- observations: lesson observations (lesbezoek), their instruments, requests and the forms
  that rest on them
- records: dossier jobs and the purge allowance of retention
- evidence: files and links the student attaches as bewijs
- hours: lessons given and the werkplekbegeleider's guidance time per week
"""

from apps.cycle.models.beroepsvaardigheden import CbvMoment, CbvPerspective, CbvPlacement
from apps.cycle.models.conversations import (
    DEFAULT_PARTICIPANTS,
    FORM_KINDS,
    TRIANGLE_KINDS,
    Conversation,
    ConversationGuideItem,
    ConversationKind,
    GuideItemManager,
    KennismakingRecord,
    Participant,
    PlanningRule,
    ReminderLog,
    SensitiveInfo,
)
from apps.cycle.models.evidence import EVIDENCE_TARGETS, Evidence, EvidenceKind
from apps.cycle.models.feedback import FeedbackForm, FormEntry, FormState, FormVersion, Judgement
from apps.cycle.models.hours import WeekHours
from apps.cycle.models.leerplan import (
    ApprovalDecision,
    GoalPhase,
    LeerdoelLine,
    Leerplan,
    LeerplanApproval,
    LeerplanGoal,
    LeerplanStatus,
    LeerplanVersion,
    LeerrouteItem,
    LeerrouteKind,
    LeerrouteOrigin,
)
from apps.cycle.models.logbook import GuidanceComment, GuidanceLog
from apps.cycle.models.observations import (
    FormObservation,
    InstrumentItem,
    InstrumentKind,
    Observation,
    ObservationInstrument,
    ObservationRequest,
    ObservedIndicator,
)
from apps.cycle.models.procedure import (
    Concern,
    ConcernStatus,
    Disagreement,
    DisagreementMessage,
    DisagreementStatus,
    DoubtCategory,
    TerminationProposal,
    TerminationStatus,
)
from apps.cycle.models.records import DossierJob, DossierStatus, PurgeAllowance

__all__ = [
    # conversations
    "DEFAULT_PARTICIPANTS",
    "FORM_KINDS",
    "TRIANGLE_KINDS",
    "Conversation",
    "ConversationGuideItem",
    "ConversationKind",
    "GuideItemManager",
    "KennismakingRecord",
    "Participant",
    "PlanningRule",
    "ReminderLog",
    "SensitiveInfo",
    # leerplan
    "ApprovalDecision",
    "GoalPhase",
    "LeerdoelLine",
    "Leerplan",
    "LeerplanApproval",
    "LeerplanGoal",
    "LeerplanStatus",
    "LeerplanVersion",
    "LeerrouteItem",
    "LeerrouteKind",
    "LeerrouteOrigin",
    # feedback
    "FeedbackForm",
    "FormEntry",
    "FormState",
    "FormVersion",
    "Judgement",
    # procedure
    "Concern",
    "ConcernStatus",
    "Disagreement",
    "DisagreementMessage",
    "DisagreementStatus",
    "DoubtCategory",
    "TerminationProposal",
    "TerminationStatus",
    # logbook
    "GuidanceComment",
    "GuidanceLog",
    # beroepsvaardigheden
    "CbvMoment",
    "CbvPerspective",
    "CbvPlacement",
    # observations
    "FormObservation",
    "InstrumentItem",
    "InstrumentKind",
    "Observation",
    "ObservationInstrument",
    "ObservationRequest",
    "ObservedIndicator",
    # records
    "DossierJob",
    "DossierStatus",
    "PurgeAllowance",
    # evidence
    "EVIDENCE_TARGETS",
    "Evidence",
    "EvidenceKind",
    # hours
    "WeekHours",
]
