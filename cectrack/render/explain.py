"""A rule set in plain words: what is required, by when, what counts; each line with its facts.

The terminal (`cectrack rules ID`) and the site's body pages both render these lines, so a
rule is explained once.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass, replace

from ..records.vocabulary import activity_label, unit_label
from ..records.words import fmt, long_date, noun
from ..rules.model import SHARING_POLICIES, Fact, RuleSet


@dataclass(frozen=True)
class Line:
    text: str
    facts: tuple[Fact, ...] = ()


@dataclass(frozen=True)
class Section:
    title: str
    lines: tuple[Line, ...]


def explain(rules: RuleSet) -> list[Section]:
    sections = [
        Section("Credentials", tuple(_credentials(rules))),
        Section("Cycle", tuple(_cycle(rules))),
        Section("Units", tuple(_conversions(rules))),
        Section("Words this body adds", tuple(_vocabulary(rules))),
        Section("Activities", tuple(_activities(rules))),
        Section("Caps", tuple(_caps(rules))),
        Section("Categories", tuple(_categories(rules))),
        Section("Certified during a cycle", tuple(_proration(rules))),
        Section("Rules of earlier or later cycles", tuple(_versions(rules))),
        Section("Renewal also needs", tuple(_prerequisites(rules))),
        Section("Several credentials of this body", tuple(_sharing(rules))),
        Section("Other ways to renew", tuple(_paths(rules))),
        Section("Audit, fees and other rules", tuple(_audit(rules))),
        Section("How to renew", tuple(_renewal(rules))),
    ]
    return [s for s in sections if s.lines]


def _credentials(rules: RuleSet):
    for credential in rules.credentials.values():
        yield Line(f"{credential.id} ({credential.name}): {fmt(credential.required.value)} "
                   f"{rules.unit} per cycle.", (credential.required,))
        for cid, fact in credential.minima.items():
            label = rules.categories[cid].label if cid in rules.categories else cid
            yield Line(f"{credential.id}: at least {fmt(fact.value)} {rules.unit} in category "
                       f"{cid} ({label}).", (fact,))
        first = credential.first_renewal
        if first is not None:
            late = first.on_time_only is not None and first.on_time_only.value
            yield Line(f"{credential.id}, first renewal: {fmt(first.required.value)} "
                       f"{rules.unit}" + (" when renewed by the expiry date; renewed later, "
                                          f"the full {fmt(credential.required.value)}"
                                          if late else "") + ".",
                       (first.required,) + _some(first.on_time_only))
    for alias, credential_id in rules.aliases.items():
        yield Line(f"{alias} is another name for {credential_id}.")


def _cycle(rules: RuleSet):
    own = [(cid, c.cycle) for cid, c in rules.credentials.items() if c.cycle is not None]
    if not own:
        yield from _cycle_rule(rules.cycle)
    else:  # credentials of one body on cycles of their own (CSEP: CPT even, CEP odd years)
        shared = [cid for cid, c in rules.credentials.items() if c.cycle is None]
        for names, cycle in ([(", ".join(shared), rules.cycle)] if shared else []) + own:
            for line in _cycle_rule(cycle):
                yield replace(line, text=f"{names}: {line.text}")
    yield Line("Nothing completed before you were first certified counts.")
    if rules.grace:
        yield from _grace(rules.grace)


def _cycle_rule(cycle):
    """One cycle rule in plain words: its length, where it ends, where credit counts from."""
    years = cycle.years.value
    if cycle.model == "fixed":
        yield Line(f"One cycle of {years} years for everyone, whatever the certification date, "
                   f"counted from {long_date(cycle.anchor)}.", (cycle.years,))
    elif cycle.model == "anniversary_month_end":
        yield Line(f"Cycles of {years} years, ending on the last day of the month the credential "
                   "was earned (a cycle ending in February ends on its last day, the 28th or, "
                   "in a leap year, the 29th).", (cycle.years,))
        if cycle.first_end_after_years:
            yield Line(f"The first cycle ends on the last day of the month, "
                       f"{cycle.first_end_after_years.value} years after the day first earned.",
                       (cycle.first_end_after_years,))
    elif cycle.model == "anniversary_day_before":
        yield Line(f"Cycles of {years} {noun(years, 'year')} from the day the credential was "
                   "earned, each ending the day before its anniversary (earned 1 June: "
                   "ending 31 May).", (cycle.years,))
        yield from _first_end(cycle, "anniversary")
    elif cycle.model == "birth_month":
        yield Line(f"Cycles of {years} years, ending on the last day of your birth month "
                   "(`birth_month:` in your profile, or give `expires:`).", (cycle.years,))
        yield from _first_end(cycle, "birth month")
    else:
        yield Line(f"Cycles of {years} years, each ending on {cycle.end_day} "
                   f"{calendar.month_name[cycle.end_month]}.", (cycle.years,))
        yield from _first_end(cycle)
    if cycle.stub_joins_next is not None and cycle.stub_joins_next.value:
        yield Line("Certified where a cycle asks nothing more, credit counts from the "
                   "certification day toward the next, full cycle.", (cycle.stub_joins_next,))
    if cycle.late_window:
        month, day = cycle.late_window
        yield Line(f"After a late report, credit counts from {day} {calendar.month_name[month]} "
                   "of the cycle's first year.", _some(cycle.late_window_fact))
    if cycle.window_opens:
        month, day, before = cycle.window_opens
        yield Line(f"Credit counts from {day} {calendar.month_name[month]} of the year "
                   f"{'before the cycle starts' if before == 1 else f'{before} years before'}.",
                   _some(cycle.window_fact))
        if cycle.overlap is not None and cycle.overlap.value == "earlier_first":
            yield Line("A credit inside both the ending cycle's window and the next one's "
                       "counts once: for the ending cycle while it still needs it, else for "
                       "the next.", (cycle.overlap,))
    after = cycle.window_after_recertification
    if after is not None and after.value:
        yield Line("Credit counts from the day after your last recertification (give it as "
                   "`recertified:` in your profile), even before the cycle starts.", (after,))
    lifetime = cycle.lifetime_if_earned_before
    if lifetime is not None:
        yield Line(f"A credential first earned before {long_date(lifetime.value)} never expires: "
                   "nothing to earn (give `expires:` in your profile if yours has one).",
                   (lifetime,))


def _grace(grace):
    earn = "may still" if grace.earning_allowed.value else "may not"
    months, days = grace.months, grace.days  # one of them (spec.py's check)
    count, unit = ((months.value, "month") if months is not None else
                   (days.value, "day") if days is not None else (0, "day"))
    unit = noun(count, unit)
    yield Line(f"After the cycle end: a grace period of {count} {unit}, with a late fee; "
               f"credits {earn} be earned in it.", (grace.length, grace.earning_allowed))
    if grace.late_until_months is not None:
        later = grace.late_until_months.value
        yield Line(f"Late renewal is still accepted, with a higher fee, until {later} "
                   f"months after the expiration date.", (grace.late_until_months,))


def _first_end(cycle, counted: str = ""):
    """When a cycle's first deadline falls (CDR: it depends on the exam's month)."""
    end = f"{cycle.end_day} {calendar.month_name[cycle.end_month]}"
    later = cycle.first_end_after_years
    early = cycle.first_end_after_years_early
    if counted == "anniversary" and later is not None:
        yield Line(f"The first cycle ends the day before the {ordinal(later.value)} "
                   "anniversary of the day first earned.", (later,))
    elif counted and later is not None:
        yield Line(f"The first cycle ends at the end of your {counted}, {later.value} "
                   f"{noun(later.value, 'year')} after the year first earned.", (later,))
    elif early is not None:
        yield Line(f"Certified from 1 January to {end}: the first cycle ends on {end}, "
                   f"{early.value} years after the year first earned.", (early,))
        if later is not None:
            yield Line(f"Certified after {end}: the first cycle ends on {end}, {later.value} "
                       "years after the year first earned.", (later,))
    elif later is not None:
        yield Line(f"The first cycle ends {later.value} years after the year first earned.",
                   (later,))


def ordinal(n: int) -> str:
    return {1: "first", 2: "second", 3: "third"}.get(n, f"{n}th")


def _some(fact: Fact | None) -> tuple[Fact, ...]:
    return (fact,) if fact is not None else ()


def _conversions(rules: RuleSet):
    for unit, fact in rules.conversions.items():
        if unit == rules.unit and fact.value == 1 and not fact.unconfirmed:
            continue  # the body's own unit, counted as it is
        yield Line(f"1 {unit_label(unit)} = {fmt(fact.value)} {rules.unit}.", (fact,))
    if rules.rounding:
        yield Line(f"Each entry is rounded down to a multiple of {fmt(rules.rounding.value)}.",
                   (rules.rounding,))


def _vocabulary(rules: RuleSet):
    """The units, activities and tags a rule file declares, in its own words."""
    for name, about in rules.vocabulary["units"].items():
        yield Line(f"Unit {name}: {about['meaning']}.")
    for name, meaning in rules.vocabulary["activities"].items():
        yield Line(f"Activity {name}: {meaning}.")
    for name, meaning in rules.vocabulary.get("tags", {}).items():
        yield Line(f"Tag {name} (an entry's `tags:`): {meaning}.")


def _activities(rules: RuleSet):
    for name, a in rules.activities.items():
        label = activity_label(name)
        yield from _activity(label[0].upper() + label[1:], a, rules.unit)
        for variant in a.by_tag:  # values by organiser, presenter or standing (CSEP)
            tags = " or ".join(f"`{t}`" for t in variant.tags)
            yield from _activity(f"{label[0].upper() + label[1:]} tagged {tags}",
                                 variant.values, rules.unit)
    if rules.default_category:
        yield Line(f"Any other entry: category {rules.default_category.value}.",
                   (rules.default_category,))
    if rules.petition_review_days:
        yield Line("Courses the body has not approved count only by an approved petition, and "
                   f"only inside the cycle; review takes about {rules.petition_review_days.value} days.",
                   (rules.petition_review_days,))


def _activity(label: str, a, unit: str):
    """One activity's rules (or a tag's values for it), a line each."""
    if a.accepted is not None and not a.accepted.value:
        yield Line(f"{label}: earns no credit.", (a.accepted,))
    if a.earns_from:
        yield Line(f"{label}: earns credit from {long_date(a.earns_from.value)}.", (a.earns_from,))
    if a.hands_on_required is not None and a.hands_on_required.value:
        yield Line(f"{label}: earns credit only with a hands-on skills check "
                   "(`hands_on: true`).", (a.hands_on_required,))
    if a.warning is not None:
        yield Line(f"{label}: each one gets a warning: {a.warning.value}.", (a.warning,))
    if a.fixed:
        yield Line(f"{label}: worth {fmt(a.fixed.value)} {unit}.", (a.fixed,))
    if a.default_credits:
        yield Line(f"{label}: worth {fmt(a.default_credits.value)} {unit} when no credits "
                   "are given.", (a.default_credits,))
    if a.per_service_year:
        yield Line(f"{label} inside the cycle: worth {fmt(a.per_service_year.value)} {unit}.",
                   (a.per_service_year,))
    if a.min_grade:
        yield Line(f"{label}: counts with a grade of {a.min_grade.value} or better.",
                   (a.min_grade,))
    if a.pass_fail_counts is not None:
        counts = "counts" if a.pass_fail_counts.value else "does not count"
        yield Line(f"{label}: a pass in a pass/fail course {counts}.", (a.pass_fail_counts,))
    if a.weight:
        limit = f" on the first {fmt(a.weight_limit.value)} {unit} a cycle" if a.weight_limit else ""
        yield Line(f"{label}: weighted × {fmt(a.weight.value)}{limit}.",
                   (a.weight,) + _some(a.weight_limit))
    if a.category:
        only = (f" only when given by {a.category_providers[0]}; by anyone else, as any "
                "other entry" if a.category_providers else "")
        yield Line(f"{label}: category {a.category.value}{only}.", (a.category,))
    for entry_unit, fact in a.conversions.items():
        yield Line(f"{label}: 1 {unit_label(entry_unit)} = {fmt(fact.value)} {unit}.", (fact,))
    if a.per_day:
        yield Line(f"{label}: worth {fmt(a.per_day.value)} {unit} a day, from `started:` to "
                   "`completed:`, whatever the certificate awards.", (a.per_day,))


def _caps(rules: RuleSet):
    for cap in rules.caps:
        limits = [(cap.per_item, "per item"), (cap.per_year, "a year"), (cap.per_cycle, "a cycle")]
        words = " and ".join(f"{fmt(f.value)} {rules.unit} {per}" for f, per in limits if f)
        only = f" ({', '.join(cap.credentials)} only)" if cap.credentials else ""
        yield Line(f"For {cap.label}{only}: at most {words}.",
                   tuple(f for f, _ in limits if f))


def _categories(rules: RuleSet):
    for category in rules.categories.values():
        bounds = [f"at least {fmt(category.min.value)}" if category.min else "",
                  f"at most {fmt(category.max.value)}" if category.max else ""]
        bounds_text = " and ".join(b for b in bounds if b)
        inside = f" inside {category.within}" if category.within else ""
        yield Line(f"Category {category.id} ({category.label}){inside}"
                   + (f": {bounds_text} {rules.unit}; more is ignored." if category.max else
                      f": {bounds_text} {rules.unit}." if bounds_text else "."),
                   _some(category.min) + _some(category.max))
    if rules.min_categories:
        yield Line(f"Credit must come from at least {rules.min_categories.value} categories.",
                   (rules.min_categories,))
    for group in rules.category_groups:
        yield Line(f"At least {fmt(group.min.value)} {rules.unit} from {group.label} "
                   f"(categories {', '.join(group.categories)}, together).", (group.min,))
    own = rules.provider_minimum
    if own is not None:
        kinds = (" or ".join(activity_label(a) + "s" for a in own.activities)
                 if own.activities else "courses")
        yield Line(f"At least {fmt(own.min.value)} {rules.unit} from {kinds} of "
                   f"{' or '.join(own.providers[:2])}.", (own.min,))
    if rules.pace_per_year is not None:
        yield Line(f"Recommended: {fmt(rules.pace_per_year.value)} {rules.unit} a year "
                   "(advice, not a rule).", (rules.pace_per_year,))


def _proration(rules: RuleSet):
    for bucket in rules.proration:
        bounds = ", ".join([*(f"{cid} at least {fmt(f.value)}" for cid, f in bucket.min.items()),
                            *(f"{cid} at most {fmt(f.value)}" for cid, f in bucket.max.items())])
        yield Line(f"Certified {bucket.from_month}–{bucket.to_month} months into the cycle: "
                   f"{fmt(bucket.required.value)} {rules.unit}" + (f" ({bounds})" if bounds else "")
                   + ".", (bucket.required, *bucket.min.values(), *bucket.max.values()))


def _versions(rules: RuleSet):
    """What a version (dated rules: NSCA 2018-2020, CSCCa 2016-2019) puts in place of the
    base rules, each line prefixed with the cycles it holds for."""
    for version in rules.versions:
        start, until = (long_date(d) if d else "" for d in (version.start, version.until))
        when = (f"from {start} to {until}" if start and until else
                f"from {start} on" if start else f"on or before {until}")
        only = replace(rules, categories=version.categories or {}, caps=version.caps or (),
                       proration=version.proration or (), activities=version.activities or {},
                       min_categories=None, category_groups=(), provider_minimum=None,
                       pace_per_year=None, default_category=None, petition_review_days=None)
        for line in (*_activities(only), *_caps(only), *_categories(only), *_proration(only)):
            if line.facts:  # a category without bounds says nothing new
                yield Line(f"Cycles starting {when}: {line.text[0].lower()}{line.text[1:]}",
                       line.facts)


def _prerequisites(rules: RuleSet):
    for rule in rules.prerequisites:
        if rule.min_hours is not None:
            yield Line(f"{fmt(rule.min_hours.value)} hours of {rule.label} in each cycle, "
                       "besides the credits.", (rule.min_hours,))
            continue
        hands_on = rule.hands_on_required
        needs = (" with a hands-on skills check" if hands_on and hands_on.value else "")
        when = (", held without a gap through the whole period (from the day you were "
                "certified, if that is later)" if rule.throughout and rule.throughout.value
                else ", valid on the cycle end (renewing in a grace period: on the day you "
                "renew)")
        yield Line(f"A {rule.label} card{needs}{when}.", _some(hands_on) + _some(rule.throughout))


def _sharing(rules: RuleSet):
    if rules.sharing:
        yield Line(SHARING_POLICIES[rules.sharing.value].capitalize() + ".", (rules.sharing,))
    renews = rules.new_credential_renews
    if renews is not None and renews.value:
        yield Line(f"Earning another {rules.body} certification meets the whole credit "
                   "requirement of every other one whose cycle is open that day (the current "
                   "cycle, or an earlier one still auditable); cards are still needed.",
                   (renews,))


def _paths(rules: RuleSet):
    for path in rules.paths.values():
        yield Line(f"Instead of the CE total, you may renew by {path.label}: "
                   f"{path.about.value}. Say so in your profile with `renewal_path: {path.id}`; "
                   "the CE total is then not asked.", (path.about,))


def _audit(rules: RuleSet):
    words = {"respond_days": "Days to send proof when audited", "keep_records_years":
             "Years to keep records", "late_fee_usd": "Late fee (USD)",
             "appeals_window": "Appeals", "audit_failure": "Failing an audit",
             "renewal_fee_usd": "Renewal fee (USD)", "renewal_fee": "Renewal fee",
             "reinstatement": "Reinstatement", "exam_instead": "Instead of continuing education",
             "chapter_rounding": "Regional chapters", "cpr_after_lapse": "CPR/AED after a lapse",
             "second_certification": "A second certification",
             "recertification_exam": "Recertification exam"}
    for key, fact in rules.audit.items():
        value = fmt(fact.value) if isinstance(fact.value, (int, float)) else fact.value
        yield Line(f"{words.get(key, key.replace('_', ' ').capitalize())}: {value}.", (fact,))


def _renewal(rules: RuleSet):
    renewal = rules.renewal
    if renewal is None:
        return
    yield Line(f"Renew at {renewal.address.value}.", (renewal.address,))
    if renewal.fee is not None:
        yield Line(f"Fee: {renewal.fee.value}.", (renewal.fee,))
    for credential_id, fee in renewal.fee_for.items():
        yield Line(f"Fee for {credential_id}: {fee.value}.", (fee,))
    if renewal.late_fee is not None:
        yield Line(f"Late fee: {renewal.late_fee.value}.", (renewal.late_fee,))
    if renewal.reinstatement is not None:
        yield Line(f"Once too late to renew: {renewal.reinstatement.value}.",
                   (renewal.reinstatement,))


def fact_mark(fact: Fact) -> str:
    """[C A1], [U], [T B5], [yours]: the confidence and source of one fact."""
    label = {"C": "C", "T": "T", "U": "U", "user": "yours"}[fact.confidence]
    return f"[{label} {fact.source}]" if fact.source else f"[{label}]"
