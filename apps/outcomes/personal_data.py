"""What the outcomes app holds about people: see apps/core/personal_data.py."""

from apps.core.personal_data import not_personal

not_personal(
    "outcomes.DecisionRule",
    "een beslisregel bij de kijkkader; wie publiceerde is werkinformatie van opleiders",
)
