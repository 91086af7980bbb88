"""The dashboard's status marker: the state worked out at build time, with the figures the
page's script (fresh.js) needs to work it out again from the reader's own today."""
from __future__ import annotations

import json

from markupsafe import Markup

from ..engine.report import CredentialResult
from ..engine.standing import DUE_SOON_DAYS, Standing
from .markup import html_attribute


def state_facts(c: CredentialResult) -> str:
    """The inputs of `standing()`, as JSON for fresh.js."""
    return json.dumps({
        "met": c.met, "earned": c.earned, "required": c.required,
        "start": c.cycle.window_start.isoformat(), "end": c.cycle.end.isoformat(),
        "grace_end": c.cycle.grace_end.isoformat() if c.cycle.grace_end else None,
        "earning_in_grace": c.cycle.earning_in_grace, "due_soon_days": DUE_SOON_DAYS,
    }, sort_keys=True)


def state_marker(c: CredentialResult, s: Standing) -> Markup:
    return Markup(f'<strong class="cectrack-state-word" data-state="{s.state}" '
                  f'data-cectrack-state="{html_attribute(state_facts(c))}">{s.label}</strong>')
