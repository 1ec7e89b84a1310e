"""The models of calibration, one module per feature, re-exported here.

- exemplars: the exemplar bank (voorbeeldformulieren), consent by student and mentor
"""

from apps.calibration.models.exemplars import (
    ConsentDecision,
    ConsentParty,
    Exemplar,
    ExemplarConsent,
    ExemplarState,
)

__all__ = [
    "ConsentDecision",
    "ConsentParty",
    "Exemplar",
    "ExemplarConsent",
    "ExemplarState",
]
