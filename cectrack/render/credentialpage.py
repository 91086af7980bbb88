"""What the credential page needs beyond the shared words: its sources numbered 1, 2, 3 in
the order it lists them (the rule files' ids, A1, A3, A11, would look like gaps), one mark,
†, where a figure rests on an unconfirmed rule (explained once, under "Unconfirmed rules"),
the courses newest first, and where each course's certificate is published."""
from __future__ import annotations

import re

from markupsafe import Markup

from ..audit.proof import ProofTally, proof_tally
from ..engine.reasons import counted_notes
from ..engine.report import CredentialResult, EntryResult
from ..rules.model import RuleSet
from .markup import html_href, print_heading
from .proofwords import marked
from .reasons import reason_words

UNCONFIRMED_ANCHOR = "#unconfirmed-rules"  # the heading's id (toc); the dashboard links it too
_SOURCE = re.compile(r"\(source ([^,()<]+)\)")


def credential_heading(c: CredentialResult, holder: str | None) -> Markup:
    """The line on top of every printed page of a credential's page: which credential and
    whose (the page's title is on its first sheet only; an auditor may hold another)."""
    heading = f"{c.id}: {c.name}"
    return print_heading(f"{heading} · {holder}" if holder else heading)


def source_numbers(rules: RuleSet) -> dict[str, int]:
    """{a source's id: its number on the page}, 1 upwards, in the order the page lists them."""
    return {source_id: n for n, source_id in enumerate(rules.sources, 1)}


def how_counted(result: EntryResult, numbers: dict[str, int]) -> Markup:
    """How a course was counted, for raw HTML: each note with its source by the page's
    number and a linked † where it rests on an unconfirmed rule; "as awarded" for none."""
    notes = [reason_words(note) for note in counted_notes(result.category, result.notes)]
    if not notes:
        return Markup("as awarded")
    dagger = (f'<a class="cectrack-dagger" href="{UNCONFIRMED_ANCHOR}" '
              f'title="An unconfirmed rule: see Unconfirmed rules">†</a>')
    text = "; ".join(str(marked(note)) for note in notes)
    text = _SOURCE.sub(lambda m: f"(source {numbers.get(m.group(1), m.group(1))})", text)
    return Markup(text.replace("†", dagger))


def newest_first(c: CredentialResult) -> list[EntryResult]:
    """The counted courses, the latest on top (the engine counts them oldest first)."""
    return sorted(c.counted_entries, key=lambda r: (r.entry.completed, r.entry.file,
                                                     r.entry.line), reverse=True)


def certificates(rows: list[EntryResult], proof_of) -> ProofTally:
    """How many of the courses listed have their certificate (audit/proof.py's answer)."""
    return proof_tally(proof_of(r.entry) for r in rows)


def certificate_href(published_as: str, options) -> str:
    """The certificate's address relative to the credential page, where the site publishes
    certificates in the clear at their own names; "" otherwise (sealed, unlisted, private:
    the packet's address must not show on this page). Raw HTML is not rewritten by the
    generator, so the page's own folder counts (credentials/x/ with directory URLs)."""
    if (not options.publish_evidence or options.sealed or options.audit_token
            or options.names is not None):
        return ""
    up = "../../" if options.directory_urls else "../"
    return html_href(f"{up}{options.audit_dir}/evidence/{published_as}")

