"""cectrack: continuing-education credits in plain text, checked against each body's rules."""

__version__ = "0.1.0"
