"""Escaping for the generated Markdown pages: every user string is inert by default.

The page templates run with Jinja's autoescape on and `finalize=markdown_text`, so any
value a template prints is made Markdown-inert and HTML-escaped unless it is already
`Markup` (template text, or the output of one of the filters below).  User strings come
from credit files, CSVs and rule files, and the pages are published: a title ending in
`{: onclick="…" }` (attr_list) or holding `<script>` must reach the reader as text.
"""
from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

from markupsafe import Markup

from ..files.visible import printable

# Markdown's own punctuation is backslash-escaped; HTML's and attr_list's braces become
# entities, which Markdown passes through and no extension parses.
_MARKDOWN = str.maketrans({c: "\\" + c for c in "\\`*_[]|#!"} | {
    "<": "&lt;", ">": "&gt;", "&": "&amp;", "{": "&#123;", "}": "&#125;"})
_URL_SCHEMES = ("http", "https")
# Around HTML the templates write whole, escaped, with no Markdown inside (a packet, a long
# table): a generator's face may set it aside while the rest of the page is converted and
# put it back unchanged (plugin/passthrough.py), as Markdown would have passed it through.
WHOLE_HTML_START = "<!-- cectrack:html -->"
WHOLE_HTML_END = "<!-- /cectrack:html -->"


def one_line(text: object) -> str:
    """All whitespace (newlines, Unicode line separators) folded to single spaces, and
    control characters replaced: a value can never start a new Markdown block."""
    return " ".join(printable(str(text).replace("\t", " ").replace("\n", " ")).replace(
        "\ufffd", " ").split()) if text is not None else ""


def markdown_text(value: object) -> object:
    """Jinja's `finalize`: plain strings become Markdown-inert text; Markup passes."""
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return inert(value)


def inert(text: str) -> Markup:
    """Text made Markdown-inert, on one line."""
    return Markup(one_line(text).translate(_MARKDOWN))


def html_attribute(value: object) -> Markup:
    """A value inside a quoted HTML attribute of raw HTML the templates write."""
    return Markup(re.sub(r'[&<>"\']', lambda m: f"&#{ord(m.group())};", one_line(value)))


def html_text(value: object) -> object:
    """Jinja's `finalize` for the pages written as plain HTML (audit packets): any value
    not already Markup becomes one line of escaped text, so it can neither close a tag nor
    end the HTML block (a blank line would hand the rest back to Markdown)."""
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return html_attribute(value)


def html_href(url: object) -> Markup:
    """A link target inside an href="…" of an HTML page: safe_url, then attribute-escaped."""
    return html_attribute(str(safe_url(url)))


def html_source(value: object) -> Markup:
    """A quoted source line for <pre>: escaped, its runs of spaces kept (the marker under
    the bad part must stay under it)."""
    line = printable(str(value).replace("\t", " ").replace("\n", " "))
    return Markup(re.sub(r'[&<>"\']', lambda m: f"&#{ord(m.group())};", line))


def code_line(value: object) -> Markup:
    """A line inside an indented code block: Markdown shows it literally, so only line
    breaks and control characters must go (one line can never end the block)."""
    return Markup(one_line(value))


def safe_url(url: object) -> Markup:
    """A link target: http(s) or a relative path, percent-encoded so it cannot close the
    Markdown link or break an attribute; anything else (javascript:, data:, …) becomes '#'."""
    text = one_line(url)
    try:
        scheme = urlsplit(text).scheme.lower()
    except ValueError:
        return Markup("#")
    if scheme and scheme not in _URL_SCHEMES:
        return Markup("#")
    if not scheme and (text.startswith("//") or ":" in text.split("/", 1)[0]):
        return Markup("#")  # protocol-relative, or a scheme the parser did not see
    return Markup(quote(text, safe=":/#?&=%.-_~+,;@!$*") if scheme else quote(text, safe="/#.-_~%"))


def css_string(value: object) -> Markup:
    """A quoted CSS string (for `content:`): every character but letters, digits and spaces
    as a hex escape, so no value can end the string, the rule or the <style> element.
    (A space after a six-digit escape belongs to the escape: the text's own spaces stay.)"""
    text = one_line(value)
    return Markup('"' + "".join(ch if ch.isascii() and (ch.isalnum() or ch == " ")
                                else f"\\{ord(ch):06x} " for ch in text) + '"')


def print_heading(text: object) -> Markup:
    """A <style> element that prints `text` on top of every printed page (the page's own
    rule: a stylesheet cannot know whose page it styles): a loose sheet says what it is of
    and whose."""
    return Markup("<style>@media print { @page { @top-left { content: %s; "
                  "font: 8pt sans-serif; } } }</style>") % css_string(text)


def prose(value: object) -> Markup:
    """A rule file's note as a reader should see it: `quoted` words as code, "->" as an
    arrow; everything else as inert as markdown_text makes it."""
    parts = one_line(value).split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick: no code at all
        parts = [one_line(value)]
    out = []
    for i, part in enumerate(parts):
        if i % 2:
            out.append(f"<code>{html_attribute(part)}</code>")
        else:
            out.append(str(markdown_text(part.replace("->", "→"))))
    return Markup("".join(out))


def html_lines(lines) -> Markup:
    """Lines of text for <pre>: each escaped with its spaces kept, one per line."""
    return Markup("\n".join(html_source(line) for line in lines))


def html_prose(value: object) -> Markup:
    """prose() for raw HTML (where Markdown is not read): `quoted` words as code, "->" as an
    arrow, the rest HTML-escaped, its spaces kept next to the code; an unpaired backtick
    means no code at all."""
    text = one_line(value)
    parts = text.split("`")
    if len(parts) % 2 == 0:
        parts = [text]
    escape = lambda part: re.sub(r'[&<>"\']', lambda m: f"&#{ord(m.group())};", part)  # noqa: E731
    return Markup("".join(f"<code>{escape(part)}</code>" if i % 2 else
                          escape(part.replace("->", "→")) for i, part in enumerate(parts)))
