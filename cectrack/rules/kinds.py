"""Every rule kind in one table: where a rule file writes it, which code applies it, which words
explain it, and (from its key) its row in docs/guide/rules.md; tests/test_kinds.py checks them.

A new kind: add its model field (model.py) and its Key (spec.py), then a Kind line here naming
the engine file that applies it and the render/ function that words it, and its docs row.
"""
from __future__ import annotations

from dataclasses import dataclass

from .model import (
    ActivityRule,
    CategoryRule,
    CredentialRule,
    CycleRule,
    GraceRule,
    PrerequisiteRule,
    RuleSet,
)

EXPLAIN = "render/explain.py:"  # where `cectrack rules ID` and the rules pages word a rule


@dataclass(frozen=True)
class Kind:
    """One kind of rule.  The docs row is the table row of the key's first part (a nested
    key is named in its parent's row)."""

    key: str  # as a rule file writes it: "caps", "activities.weight" (spec.py)
    engine: str  # the file under cectrack/ that applies it; "" for a fact shown, never counted
    explain: str  # "render/FILE.py:function": the words for it
    fields: tuple[str, ...] = ()  # the model's fields, when not the key's last part

    @property
    def model_fields(self) -> tuple[str, ...]:
        return self.fields or (self.key.rsplit(".", 1)[-1],)


# The rule dataclasses whose fields are kinds of their own, by the key they sit under.
OWNERS = {"": RuleSet, "cycle": CycleRule, "grace": GraceRule, "activities": ActivityRule,
          "prerequisites": PrerequisiteRule, "credentials": CredentialRule,
          "categories": CategoryRule}
# Fields that name what the rules are attached to; they are no kind of rule.
NOT_KINDS = {"file": "where the rule set was read from",
             "activities.name": "the activity the rules are for",
             "prerequisites.id": "the prerequisite's id", "prerequisites.label": "its name",
             "prerequisites.activity": "the activity that meets it (its parent row says so)",
             "activities.tag": "the tag whose `by_tag` values the engine applied to an entry",
             "credentials.id": "the credential's id", "credentials.name": "its name",
             "categories.id": "the category's id", "categories.label": "its name"}

KINDS = (
    Kind("body", "engine/build.py", "render/text.py:explanation_lines"),
    Kind("name", "engine/build.py", "render/text.py:explanation_lines"),
    Kind("unit", "engine/counting.py", EXPLAIN + "_credentials"),
    Kind("vocabulary", "engine/checks.py", EXPLAIN + "_vocabulary"),
    Kind("aliases", "rules/model.py", EXPLAIN + "_credentials"),  # Library.canonical
    Kind("sources", "", "render/text.py:explanation_lines"),
    Kind("credentials", "engine/requirement.py", EXPLAIN + "_credentials"),
    Kind("credentials.required", "engine/requirement.py", EXPLAIN + "_credentials"),
    Kind("credentials.minima", "engine/requirement.py", EXPLAIN + "_credentials"),
    Kind("credentials.first_renewal", "engine/requirement.py", EXPLAIN + "_credentials"),
    Kind("credentials.cycle", "rules/model.py", EXPLAIN + "_cycle"),  # RuleSet.cycle_for
    Kind("cycle", "engine/build.py", EXPLAIN + "_cycle"),
    Kind("cycle.model", "engine/cycles.py", EXPLAIN + "_cycle_rule"),
    Kind("cycle.years", "engine/cycles.py", EXPLAIN + "_cycle_rule"),
    Kind("cycle.end_month", "engine/cycles.py", EXPLAIN + "_cycle_rule"),
    Kind("cycle.end_day", "engine/cycles.py", EXPLAIN + "_cycle_rule"),
    Kind("cycle.anchor", "engine/cycles.py", EXPLAIN + "_cycle_rule"),
    Kind("cycle.first_end_after_years", "engine/cycles.py", EXPLAIN + "_first_end"),
    Kind("cycle.first_end_after_years_early", "engine/cycles.py", EXPLAIN + "_first_end"),
    Kind("cycle.window_opens", "engine/cycles.py", EXPLAIN + "_cycle_rule",
         ("window_opens", "window_fact")),
    Kind("cycle.overlap", "engine/overlap.py", EXPLAIN + "_cycle_rule"),
    Kind("cycle.late_window_opens", "engine/cycles.py", EXPLAIN + "_cycle_rule",
         ("late_window", "late_window_fact")),
    Kind("cycle.stub_joins_next", "engine/requirement.py", EXPLAIN + "_cycle_rule"),
    Kind("cycle.window_after_recertification", "engine/cycles.py", EXPLAIN + "_cycle_rule"),
    Kind("cycle.lifetime_if_earned_before", "engine/build.py", EXPLAIN + "_cycle_rule"),
    Kind("grace", "engine/build.py", EXPLAIN + "_cycle"),
    Kind("grace.months", "rules/model.py", EXPLAIN + "_grace"),  # GraceRule.end_after
    Kind("grace.days", "engine/report.py", EXPLAIN + "_grace"),
    Kind("grace.earning_allowed", "engine/cycles.py", EXPLAIN + "_grace"),
    Kind("grace.late_until_months", "", EXPLAIN + "_grace"),
    Kind("conversions", "engine/counting.py", EXPLAIN + "_conversions"),
    Kind("rounding", "engine/counting.py", EXPLAIN + "_conversions"),
    Kind("activities", "engine/counting.py", EXPLAIN + "_activities"),
    Kind("activities.accepted", "engine/counting.py", EXPLAIN + "_activity"),
    Kind("activities.earns_from", "engine/counting.py", EXPLAIN + "_activity"),
    Kind("activities.fixed", "engine/counting.py", EXPLAIN + "_activity"),
    Kind("activities.per_service_year", "engine/counting.py", EXPLAIN + "_activity"),
    Kind("activities.min_grade", "engine/counting.py", EXPLAIN + "_activity"),
    Kind("activities.pass_fail_counts", "engine/counting.py", EXPLAIN + "_activity"),
    Kind("activities.default_credits", "engine/counting.py", EXPLAIN + "_activity"),
    Kind("activities.weight", "engine/counting.py", EXPLAIN + "_activity"),
    Kind("activities.weight_limit", "engine/counting.py", EXPLAIN + "_activity"),
    Kind("activities.category", "engine/counting.py", EXPLAIN + "_activity"),
    Kind("activities.category_providers", "engine/counting.py", EXPLAIN + "_activity"),
    Kind("activities.conversions", "engine/counting.py", EXPLAIN + "_activity"),
    Kind("activities.hands_on_required", "engine/counting.py", EXPLAIN + "_activity"),
    Kind("activities.warning", "engine/checks.py", EXPLAIN + "_activity"),
    Kind("activities.per_day", "engine/counting.py", EXPLAIN + "_activity"),
    Kind("activities.by_tag", "rules/model.py", EXPLAIN + "_activities"),  # RuleSet.activity_for
    Kind("caps", "engine/maxima.py", EXPLAIN + "_caps"),
    Kind("categories", "engine/maxima.py", EXPLAIN + "_categories"),
    Kind("categories.min", "engine/requirement.py", EXPLAIN + "_categories"),
    Kind("categories.max", "engine/requirement.py", EXPLAIN + "_categories"),
    Kind("categories.within", "rules/model.py", EXPLAIN + "_categories"),  # category_family
    Kind("min_categories", "engine/build.py", EXPLAIN + "_categories"),
    Kind("default_category", "engine/counting.py", EXPLAIN + "_activities"),
    Kind("category_groups", "engine/build.py", EXPLAIN + "_categories"),
    Kind("provider_minimum", "engine/build.py", EXPLAIN + "_categories"),
    Kind("proration", "engine/requirement.py", EXPLAIN + "_proration"),
    Kind("versions", "rules/model.py", EXPLAIN + "_versions"),  # RuleSet.for_cycle
    Kind("pace_per_year", "", EXPLAIN + "_categories"),  # advice shown, not a rule
    Kind("prerequisites", "engine/build.py", EXPLAIN + "_prerequisites"),
    Kind("prerequisites.hands_on_required", "engine/prerequisites.py", EXPLAIN + "_prerequisites"),
    Kind("prerequisites.min_hours", "engine/prerequisites.py", EXPLAIN + "_prerequisites"),
    Kind("prerequisites.throughout", "engine/prerequisites.py", EXPLAIN + "_prerequisites"),
    Kind("sharing", "engine/build.py", EXPLAIN + "_sharing"),
    Kind("new_credential_renews", "engine/build.py", EXPLAIN + "_sharing"),
    Kind("paths", "engine/requirement.py", EXPLAIN + "_paths"),  # with the profile's renewal_path
    Kind("petition_review_days", "engine/counting.py", EXPLAIN + "_activities"),
    Kind("audit", "engine/build.py", EXPLAIN + "_audit"),
    Kind("renewal", "", EXPLAIN + "_renewal"),  # the dashboard's Renew block shows it
)
