"""A credential's state word, as the dashboard and the credentials list show it: the state of
the build day, with every later day's state for the page's script (render/live.py)."""
from __future__ import annotations

from markupsafe import Markup

from ..engine.report import CredentialResult
from ..engine.standing import Standing
from .live import live_attribute, state_words
from .markup import html_attribute


def state_marker(c: CredentialResult, s: Standing) -> Markup:
    return Markup(f'<strong class="cectrack-state-word" data-state="{html_attribute(s.state)}" '
                  f'data-cectrack-live="{live_attribute(state_words(c), c)}">'
                  f'{html_attribute(s.label)}</strong>')
