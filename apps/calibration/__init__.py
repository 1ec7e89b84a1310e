"""Kalibreren: assessors who judge alike, shown without naming anyone.

The design is ../shared/reviews/calibration-design.md (§3, the items marked E). This app sits
above the cycle: it reads sent forms, judgements and doubts, and writes only its own tables
(and, through the outcomes app, the beslisregels shown beside an indicator in the live form).
"""
