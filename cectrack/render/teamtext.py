"""A team's status as terminal lines (`cectrack team status`): one line per member and
credential, the most urgent first, then the members whose standing could not be read."""
from __future__ import annotations

from ..files.visible import printable
from ..records.words import counted, fmt
from ..team.status import CARD_FLAGS, MemberCredential, MemberStatus, TeamStatus
from .text import days_text


def summary_line(status: TeamStatus) -> str:
    """3 members: 2 read, 1 not read, 1 stale (built more than 8 days ago)."""
    total = len(status.members)
    parts = [f"{len(status.members) - len(status.not_read)} read",
             f"{len(status.not_read)} not read"]
    if status.stale:
        parts.append(f"{len(status.stale)} stale (built more than "
                     f"{counted(status.stale_after_days, 'day')} ago)")
    return f"{counted(total, 'member')}: {', '.join(parts)}"


def team_lines(status: TeamStatus) -> list[str]:
    lines = [f"{printable(status.studio)}, as of {status.as_of.isoformat()}"]
    lines += [_row(m, c) for m, c in status.rows()]
    if status.not_read:
        lines += ["", "Not read:"]
        lines += [f"  {printable(m.name)} ({printable(m.standing)}): {m.error}"
                  for m in status.not_read]
    return lines + ["", summary_line(status)]


def _row(m: MemberStatus, c: MemberCredential) -> str:
    parts = [f"{printable(m.name)}: {c.id} {c.state_words}",
             f"deadline {c.deadline.isoformat()} ({days_text(c.days_left)})"]
    if c.remaining > 0:
        parts.append(f"{fmt(c.remaining)} {c.unit} still needed")
    if c.card_valid_until is not None:
        parts.append(f"CPR/AED valid until {c.card_valid_until.isoformat()}")
    if c.card_flag:
        words = f"CPR/AED card: {CARD_FLAGS[c.card_flag]}"
        parts.append(words if c.card_flag == "expires_soon" else words.upper())
    if m.stale and m.built is not None:  # stale: its build day is known and old
        parts.append(f"STALE: built {m.built.isoformat()}")
    return "; ".join(parts)
