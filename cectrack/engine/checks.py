"""Checks that need the rules or the calendar, each a small function returning Problems.

The loader has already checked the format of every file; these look at what
the values mean: known credential ids, dates in order, units that say what they mean.
Pure: no files, no clock (the certificates on disk are audit/evidence.py's).
"""
from __future__ import annotations

import datetime as dt
import difflib
from typing import Any

from ..problem import ERROR, WARNING, Problem
from ..records.model import Entry, HeldCredential, Tracker, problem_at
from ..records.vocabulary import CARD_ACTIVITIES, UNITS
from ..rules.model import CycleRule, Fact, Library, RuleSet
from .cycles import ends_around


def validate(tracker: Tracker, library: Library, today: dt.date,
             repeats: dict[tuple[str, int], Entry]) -> list[Problem]:
    """Every problem of meaning; `repeats` are the entries duplicates() found recorded twice
    (the report counts them once, so it works them out once for both)."""
    problems: list[Problem] = []
    problems += check_profile(tracker, library)
    held = {c.id for c in tracker.profile.credentials} if tracker.profile else set()
    ambiguous = ambiguous_units(library, held)
    questioned = questioned_activities(library, held)
    categories = held_categories(library, held)
    bodies = tuple(library.rulesets)
    for entry in tracker.entries:
        problems += check_counts_for(entry, library, held)
        problems += check_dates(entry, today)
        problems += check_credits_given(entry, library, held)
        problems += check_card(entry)
        problems += check_decimal_unit(entry)
        problems += check_hours_in_decimal_unit(entry)
        problems += check_ambiguous_unit(entry, ambiguous)
        if entry.category is not None:
            problems += check_category(entry, categories, bodies)
        if entry.activity in questioned:
            problems += check_questioned_activity(entry, questioned[entry.activity])
        if entry.tags:
            problems += check_tags(entry, library, held)
    problems += check_duplicates(tracker.entries, repeats)
    return problems


def check_duplicates(entries: tuple[Entry, ...],
                     repeats: dict[tuple[str, int], Entry]) -> list[Problem]:
    """A course recorded twice is counted once; say so, at the copy."""
    return [problem_at(
        entry, "title", WARNING, "duplicate-entry",
        f"'{entry.title}' ({entry.completed.isoformat()}) looks like the same course as "
        f"{original.file}:{original.line}: it is counted once, there",
        "if these are two real courses, make the titles differ (the session or day) or give "
        "each its `approval:` number; if not, delete this file")
        for entry in entries if (original := repeats.get((entry.file, entry.line))) is not None]


def unknown_id_hint(credential_id: str, library: Library) -> str:
    return close_ids_hint(credential_id, library.credential_ids())


def close_ids_hint(credential_id: str, known: list[str]) -> str:
    """'did you mean `ACSM-CPT`?' or, with nothing close, the list of known ids."""
    close = difflib.get_close_matches(credential_id.upper(), known, n=3, cutoff=0.5)
    if close:
        return "did you mean " + " or ".join(f"`{c}`" for c in close) + "?"
    return "known credentials: " + ", ".join(known)


def check_profile(tracker: Tracker, library: Library) -> list[Problem]:
    profile = tracker.profile
    if profile is None:
        return []
    problems, seen = [], set()
    for held in profile.credentials:
        where = (profile.file, held.line)
        if held.id in seen:
            problems.append(Problem(ERROR, "duplicate-credential", *where,
                                    f"{held.id} is listed twice", "keep one of the two"))
        seen.add(held.id)
        if library.for_credential(held.id) is None:
            problems.append(Problem(ERROR, "unknown-credential", *where,
                                    f"`{held.id}` is not a credential in the rules library",
                                    unknown_id_hint(held.id, library)))
        elif held.expires is None and held.since is None:
            problems.append(Problem(
                ERROR, "missing-cycle-date", *where,
                f"{held.id} has neither `expires:` nor `since:`, so its cycle is unknown",
                "add `expires:` with the expiration date shown on the body's portal"))
        elif (held.expires is None and held.birth_month is None
              and (rules := library.for_credential(held.id)) is not None
              and rules.cycle_for(held.id).model == "birth_month"):
            problems.append(Problem(
                ERROR, "missing-birth-month", *where,
                f"{held.id} renews at the end of your birth month, and the profile gives "
                "no `birth_month:`, so its cycle is unknown",
                "add `birth_month: 7` (or its name, July) at the top of the profile, or "
                "`expires:` to this credential"))
        if held.since and held.expires and held.expires <= held.since:
            problems.append(Problem(ERROR, "dates-out-of-order", *where,
                                    f"{held.id} expires ({held.expires}) before it was earned "
                                    f"({held.since})", "check the two dates"))
        problems += _recertified_out_of_order(held, profile.file)
        problems += _expiry_off_calendar(held, library.for_credential(held.id), profile.file)
        problems += _unknown_path(held, library.for_credential(held.id), profile.file)
    return problems


def _unknown_path(held: HeldCredential, rules: RuleSet | None, file: str) -> list[Problem]:
    """A declared way to renew must be one the body offers (or `ce`, every body's)."""
    path = held.renewal_path
    if rules is None or path is None or path == "ce" or path in rules.paths:
        return []
    offered = ", ".join(f"`{p}`" for p in ("ce", *rules.paths))
    hint = (f"write one of: {offered}" if rules.paths else
            f"{rules.body} names no other way than CE: remove `renewal_path:`")
    return [_held_problem(held, "renewal_path", file, "unknown-renewal-path",
                          f"{held.id}: `renewal_path: {path}` is not a way {rules.body} renews",
                          hint)]


def recertified_ignored(held: HeldCredential, rules: RuleSet, rule: CycleRule,
                        window_start: dt.date, file: str) -> list[Problem]:
    """A `recertified:` that does not open the window, said rather than ignored: the body
    counts from the cycle's start, or the day is older than the cycle before this one (a
    profile not updated after the last recertification)."""
    day = held.recertified
    if day is None or (held.since and day <= held.since) or (held.expires and day >= held.expires):
        return []  # out of order: an error of its own
    fact = rule.window_after_recertification
    if fact is None or not fact.value:
        return [_held_problem(held, "recertified", file, "recertified-ignored",
                              f"{held.id}: `recertified:` is not used: {rules.body} counts "
                              "credit from the start of the cycle", "remove it, or keep it as "
                              "your own note (it changes nothing)", WARNING)]
    if window_start == day + dt.timedelta(days=1):
        return []
    return [_held_problem(held, "recertified", file, "recertified-ignored",
                          f"{held.id}: recertified {day} is too long ago to open this cycle's "
                          f"window (it falls in the cycle before, or in this one), so credit "
                          f"counts from {window_start}",
                          "after each recertification, give its day as `recertified:` and the "
                          "new `expires:`", WARNING)]


def _expiry_off_calendar(held: HeldCredential, rules: RuleSet | None,
                         file: str) -> list[Problem]:
    """An `expires:` that is not a day the body's cycles end on (CSEP: 31 March of even
    years) makes up a cycle of its own, so it is said, with the nearest day that fits; the
    holder whose body set the date on purpose says so with `special_expiry: true`."""
    day = held.expires
    if rules is None or day is None or held.special_expiry:
        return []
    around = ends_around(rules.cycle_for(held.id), day)
    if around is None or day in around:
        return []
    before, after = around
    nearest = min(around, key=lambda end: abs((end - day).days))
    return [_held_problem(
        held, "expires", file, "expiry-off-calendar",
        f"{held.id}: expires {day}, which is not a day {rules.body}'s cycles end on "
        f"(expected one such as {before} or {after}); the cycle is taken to end on it",
        f"check the date on {rules.body}'s portal: the nearest that fits is {nearest}; if "
        f"{rules.body} set {day} for you, add `special_expiry: true` under it", WARNING)]


def _recertified_out_of_order(held: HeldCredential, file: str) -> list[Problem]:
    """A last recertification must fall after the first certification and before the
    current expiry (which it set)."""
    day = held.recertified
    if day is None:
        return []
    if held.since and day <= held.since:
        return [_held_problem(held, "recertified", file, "dates-out-of-order",
                              f"{held.id} was recertified ({day}) before it was first earned "
                              f"({held.since})", "`recertified:` is the day your last "
                              "recertification was completed: check the two dates")]
    if held.expires and day >= held.expires:
        return [_held_problem(held, "recertified", file, "dates-out-of-order",
                              f"{held.id} was recertified ({day}) on or after its current "
                              f"expiry ({held.expires})",
                              "give the expiry your last recertification set")]
    return []


def _held_problem(held: HeldCredential, key: str, file: str, code: str, message: str,
                  hint: str, severity: str = ERROR) -> Problem:
    """A problem about one key of a held credential, pointing at its value."""
    line, col, span = held.at(key)
    return Problem(severity, code, file, line, message, hint, col, span)


def check_counts_for(entry: Entry, library: Library, held: set[str]) -> list[Problem]:
    problems = []
    for credential_id in entry.counts_for or ():
        if library.for_credential(credential_id) is None:
            problems.append(problem_at(entry, "counts_for", ERROR, "unknown-credential",
                                       f"`counts_for:` names `{credential_id}`, which is not a "
                                       "credential in the rules library",
                                       unknown_id_hint(credential_id, library)))
        elif credential_id not in held:
            problems.append(problem_at(entry, "counts_for", WARNING, "credential-not-held",
                                       f"`counts_for:` names {credential_id}, which your "
                                       "profile does not list", "add it to "
                                       "credits/profile.yaml, or remove it from `counts_for:`"))
    return problems


def check_dates(entry: Entry, today: dt.date) -> list[Problem]:
    problems = []
    if entry.completed > today:
        problems.append(problem_at(entry, "completed", WARNING, "future-date",
                                   f"completed {entry.completed} is after today ({today}); "
                                   "it does not count yet", "check the year and month"))
    if entry.started and entry.started > entry.completed:
        problems.append(problem_at(entry, "started", ERROR, "dates-out-of-order",
                                   f"started {entry.started} is after completed "
                                   f"{entry.completed}", "swap the two dates"))
    if entry.expires and entry.expires <= entry.completed:
        problems.append(problem_at(entry, "expires", ERROR, "dates-out-of-order",
                                   f"expires {entry.expires} is not after completed "
                                   f"{entry.completed}", "check the card's dates"))
    return problems


def check_credits_given(entry: Entry, library: Library, held: set[str]) -> list[Problem]:
    """`credits:` may be left out only where a body the holder deals with fixes the value."""
    if entry.credits is not None or credits_optional(entry.activity, library, held, entry.tags):
        return []
    return [Problem(ERROR, "missing-credits", entry.file, entry.line,
                    f"this {entry.activity} has no `credits:` and no rule gives it a fixed value",
                    "add `credits:` with the amount on the certificate, and `unit:` if it is not CEC")]


def credits_optional(activity: str, library: Library, held: set[str],
                     tags: tuple[str, ...] = ()) -> bool:
    """Whether a body of a credential held gives this activity a value of its own (a fixed
    value per card, per day, per year of service, or a default), so `credits:` may be left
    out."""
    for credential_id in held:
        ruleset = library.for_credential(credential_id)
        rule = ruleset.activity_for(activity, tags) if ruleset else None
        if rule and (rule.fixed or rule.per_day or rule.per_service_year or rule.default_credits):
            return True
        if ruleset and any(p.activity == activity and p.min_hours is None
                           for p in ruleset.prerequisites):
            return True  # a card the renewal asks for (ISSA's CPR/AED): recorded, not credit
    return False


def check_card(entry: Entry) -> list[Problem]:
    if entry.activity in CARD_ACTIVITIES and entry.expires is None:
        return [Problem(WARNING, "card-without-expiry", entry.file, entry.line,
                        f"this {entry.activity} card has no `expires:` date",
                        "add `expires: YYYY-MM-DD` as printed on the card; renewal needs a "
                        "current card")]
    return []


# Bodies that award decimal units (0.1 = 1 hour), as providers often write them.
_DECIMAL_BODIES = (
    (("american council on exercise", "ace"), "ACE-CEC",
     "ACE awards decimal CECs: 2.0 ACE CECs are 20 hours — use `unit: ACE-CEC`"),
    (("national strength and conditioning", "nsca", "national academy of sports medicine",
      "nasm"), "CEU", "this body awards decimal CEUs: 0.1 CEU is 1 hour — use `unit: CEU`"),
)


Ambiguous = tuple[str, RuleSet, str, dict[str, Any]]  # credential id, rules, unit, about it
Questioned = tuple[RuleSet, Fact, set[str]]  # a body's rules, its warning, credentials held


def ambiguous_units(library: Library, held: set[str]) -> list[Ambiguous]:
    """(credential id, its rules, the body's unit, what it says) for each unit word a body
    of a credential held uses for something else; worked out once, asked of every entry."""
    found = []
    for credential_id in sorted(held):
        ruleset = library.for_credential(credential_id)
        if ruleset is not None:
            found += [(credential_id, ruleset, name, about)
                      for name, about in ruleset.vocabulary["units"].items()
                      if about.get("ambiguous_with")]
    return found


def check_ambiguous_unit(entry: Entry,
                         ambiguous: list[Ambiguous]) -> list[Problem]:
    """A unit word a body uses for something else: BOC's CEU is an hour, cectrack's CEU is
    the decimal unit (0.1 = 1 hour)."""
    for credential_id, ruleset, name, about in ambiguous:
        if about["ambiguous_with"] != entry.unit or (
                entry.counts_for is not None and credential_id not in entry.counts_for):
            continue
        key = "unit" if "unit" in entry.positions else "credits"
        return [problem_at(
            entry, key, WARNING, "ambiguous-unit",
            f"`unit: {entry.unit}` is read as cectrack's {entry.unit} "
            f"({UNITS[entry.unit]}); {ruleset.body}'s own {entry.unit} is {name}, "
            f"{about['meaning']}",
            f"if the certificate is {ruleset.body}'s, write `unit: {name}`")]
    return []


def check_decimal_unit(entry: Entry) -> list[Problem]:
    """`credits: 0.5` with unit CEC from ACE is almost surely 0.5 ACE-CEC (5 hours), not 0.5 hour."""
    if entry.unit != "CEC" or entry.credits is None or entry.credits >= 3:
        return []
    words = set(entry.provider.lower().replace(",", " ").split())
    provider = entry.provider.lower()
    for names, unit, hint in _DECIMAL_BODIES:
        if any(name in words if " " not in name else name in provider for name in names):
            key = "unit" if "unit" in entry.positions else "credits"
            return [problem_at(entry, key, WARNING, "decimal-unit-suspected",
                               f"{entry.credits:g} CEC from {entry.provider} looks like a "
                               f"decimal unit ({entry.credits * 10:g} hours as {unit})", hint)]
    return []


# A figure in a decimal unit this high is more hours than one course gives: 5 ACE-CEC or
# 5 CEU are 50 hours.  A college course or a further certification may be that long.
_DECIMAL_UNITS = ("ACE-CEC", "CEU")
_MANY_DECIMAL = 5.0
_LONG_ACTIVITIES = ("college_course", "certification")


def check_hours_in_decimal_unit(entry: Entry) -> list[Problem]:
    """`credits: 8` in ACE-CEC is 80 hours: most likely the certificate's 8 hours (0.8)."""
    if entry.unit not in _DECIMAL_UNITS or entry.credits is None \
            or entry.credits < _MANY_DECIMAL or entry.activity in _LONG_ACTIVITIES:
        return []
    return [problem_at(entry, "credits", WARNING, "hours-in-decimal-unit-suspected",
                       f"{entry.credits:g} {entry.unit} is {entry.credits * 10:g} hours of "
                       f"study: {entry.unit} is a decimal unit (0.1 = 1 hour)",
                       f"if the certificate says {entry.credits:g} hours, write "
                       f"`credits: {entry.credits / 10:g}` (or keep {entry.credits:g} with "
                       "`unit: contact_hour`)")]


def questioned_activities(library: Library, held: set[str]) -> dict[str, list[Questioned]]:
    """activity -> (body's rules, its warning, the credentials held of that body) for each
    activity a body of a credential held flags (Yoga Alliance: presenting is not learning)."""
    found: dict[str, list[Questioned]] = {}
    bodies: dict[str, tuple[RuleSet, set[str]]] = {}
    for credential_id in sorted(held):
        ruleset = library.for_credential(credential_id)
        if ruleset is not None:
            bodies.setdefault(ruleset.body, (ruleset, set()))[1].add(credential_id)
    for ruleset, ids in bodies.values():
        for name, rule in ruleset.activities.items():
            if rule.warning is not None:
                found.setdefault(name, []).append((ruleset, rule.warning, ids))
    return found


def check_questioned_activity(entry: Entry, questioned: list[Questioned]) -> list[Problem]:
    """An activity a body may not count: said at the entry, for every body that flags it."""
    key = "activity" if "activity" in entry.positions else "title"
    return [problem_at(entry, key, WARNING, "questioned-activity",
                       f"{ruleset.body}: {fact.value}"
                       + (f" (source {fact.source})" if fact.source else ""),
                       f"ask {ruleset.body} whether it counts; a rule file of your own "
                       "(rules/) can say it does")
            for ruleset, fact, ids in questioned
            if entry.counts_for is None or ids & set(entry.counts_for)]


def check_tags(entry: Entry, library: Library, held: set[str]) -> list[Problem]:
    """A tag that changes nothing for this course: no body it counts for uses the tag, or
    the body that does values it only for other activities (CSEP's csep-national is for a
    conference, not a course). The course still counts as its activity; said, not silent."""
    counted_for = held if entry.counts_for is None else held & set(entry.counts_for)
    bodies = {r.body: r for r in map(library.for_credential, sorted(counted_for)) if r}
    problems = []
    for tag in entry.tags:
        users = {body: _activities_tagged(rules, tag) for body, rules in bodies.items()
                 if tag in rules.vocabulary.get("tags", {})}
        if any(entry.activity in activities for activities in users.values()):
            continue
        if users:
            body, activities = next(iter(users.items()))
            message = (f"`{tag}` changes nothing for a {entry.activity.replace('_', ' ')}: "
                       f"{body}'s rules value it only for " + ", ".join(
                           a.replace("_", " ") for a in activities))
            hint = (f"check the activity (`activity: {activities[0]}`?), or leave the tag out;"
                    " the course counts as its activity meanwhile")
        else:
            owners = [r.body for r in library.rulesets.values()
                      if tag in r.vocabulary.get("tags", {})]
            message = (f"`{tag}` changes nothing here: it is a tag of {' and '.join(owners)}, "
                       "and the course counts for no credential of theirs")
            hint = "leave it out, or check the profile and `counts_for:`"
        problems.append(problem_at(entry, "tags", WARNING, "tag-without-effect", message, hint))
    return problems


def _activities_tagged(rules: RuleSet, tag: str) -> list[str]:
    """The activities whose values `tag` changes, in any cycle's rules."""
    activities = dict(rules.activities)
    for version in rules.versions:
        activities.update(version.activities or {})
    return [name for name, rule in activities.items()
            if any(tag in variant.tags for variant in rule.by_tag)]


def held_categories(library: Library, held: set[str]) -> dict[str, tuple[str, ...]]:
    """body -> the categories it has in any cycle, for the bodies of the credentials held."""
    found: dict[str, tuple[str, ...]] = {}
    for credential_id in sorted(held):
        ruleset = library.for_credential(credential_id)
        if ruleset is not None and ruleset.body not in found:
            ids = dict.fromkeys(ruleset.categories)
            for version in ruleset.versions:
                ids.update(dict.fromkeys(version.categories or ()))
            found[ruleset.body] = tuple(ids)
    return found


def check_category(entry: Entry, categories: dict[str, tuple[str, ...]],
                   bodies: tuple[str, ...]) -> list[Problem]:
    """A category no body held has is reported, not silently replaced by the default (a map
    may name a body whose credential is no longer held: that one is left alone)."""
    unknown = []
    if isinstance(entry.category, dict):
        for body, category in entry.category.items():
            if body not in bodies:
                close = difflib.get_close_matches(body, list(categories) or list(bodies), n=1,
                                                  cutoff=0.5)
                unknown.append((f"`category:` names {body}, which is not a body cectrack "
                                "knows", f"did you mean `{close[0]}`?" if close
                                else "bodies: " + ", ".join(bodies)))
            elif body in categories and category not in categories[body]:
                unknown.append(_no_such_category(category, {body: categories[body]}))
    elif entry.category is not None and not any(entry.category in ids
                                                for ids in categories.values()):
        having = {body: ids for body, ids in categories.items() if ids}
        if having:
            unknown.append(_no_such_category(entry.category, having))
    return [problem_at(entry, "category", WARNING, "unknown-category", message, hint)
            for message, hint in unknown]


def _no_such_category(category: str, bodies: dict[str, tuple[str, ...]]) -> tuple[str, str]:
    names = [c for ids in bodies.values() for c in ids]
    close = difflib.get_close_matches(category, names, n=1, cutoff=0.5)
    if len(bodies) == 1:
        (body, ids), = bodies.items()
        where = f"{body} has no category `{category}` (its categories: {', '.join(ids)})"
    else:
        listed = "; ".join(f"{body}: {', '.join(ids)}" for body, ids in bodies.items())
        where = f"no body you hold has a category `{category}` ({listed})"
    return (f"{where}; the entry is counted as if it named none",
            f"did you mean `{close[0]}`?" if close else "write one of the categories listed")
