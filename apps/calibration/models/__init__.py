"""The models of calibration, one module per feature, re-exported here.

- exemplars: the exemplar bank (voorbeeldformulieren), consent by student and mentor
- sessions: calibration sessions, blind judgements, agreements, the assessor register
- audit: the random audit sample with a blind second judgement
The beslisregels themselves are reference data beside the kijkkader: outcomes.DecisionRule.
"""

from apps.calibration.models.audit import AuditItem, AuditSample
from apps.calibration.models.exemplars import (
    ConsentDecision,
    ConsentParty,
    Exemplar,
    ExemplarConsent,
    ExemplarOfStudent,
    ExemplarReference,
    ExemplarState,
)
from apps.calibration.models.sessions import (
    AgreementKind,
    AssessorCredential,
    CalibrationSession,
    CredentialKind,
    JudgementPhase,
    Participant,
    SessionAgreement,
    SessionExemplar,
    SessionJudgement,
    SessionMode,
    SessionPhase,
    SessionScope,
)

__all__ = [
    "AgreementKind",
    "AssessorCredential",
    "AuditItem",
    "AuditSample",
    "CalibrationSession",
    "ConsentDecision",
    "ConsentParty",
    "CredentialKind",
    "Exemplar",
    "ExemplarConsent",
    "ExemplarOfStudent",
    "ExemplarReference",
    "ExemplarState",
    "JudgementPhase",
    "Participant",
    "SessionAgreement",
    "SessionExemplar",
    "SessionJudgement",
    "SessionMode",
    "SessionPhase",
    "SessionScope",
]
