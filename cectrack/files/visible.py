"""What a reader sees is what is there: the characters that hide or reorder text, and the
letters of other scripts that pass for Latin ones.

A title with a right-to-left override shows its words in another order; a zero-width
space or a tag character is in the text but not on the screen; a line separator starts a
new line where a spreadsheet or a calendar shows one; a Cyrillic 'а' in 'ACSM' makes another
name that looks the same.  The loader warns of each (records/fields.py), and every face
shows such characters written out (`\\u202e`) instead of obeying them.
"""
from __future__ import annotations

import re
import unicodedata

# Invisible or reordering characters (none of them a C0 control: those are refused or
# folded elsewhere): C1 controls with NEL, the soft hyphen, the Arabic letter mark, the
# Mongolian vowel separator, zero-width space/joiners and the directional marks, the line and
# paragraph separators, the embeddings and overrides, the word joiner and invisible
# operators, the isolates and deprecated format characters, the byte-order mark (zero-width
# no-break space), interlinear annotations and the tag characters.
HIDDEN = re.compile("[\x80-\x9f\xad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064"
                    "\u2066-\u206f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]")
# The same, and the C0 controls and lone surrogates: for names read from someone else's file.
HIDDEN_OR_CONTROL = re.compile(HIDDEN.pattern[:-1] + "\x00-\x1f\x7f\ud800-\udfff]")


def _written_out(found: re.Match) -> str:
    return found.group().encode("unicode_escape", "backslashreplace").decode("ascii")


def reveal(text: str, pattern: re.Pattern = HIDDEN) -> str:
    """`text` with each hidden character written out as Python writes it: \\u202e, \\x85,
    \\U000e0041.  Plain text (the usual case) is returned as it is, at C speed."""
    if text.isprintable():
        return text
    return pattern.sub(_written_out, text)


def printable(text: str) -> str:
    """`text` with what cannot be shown replaced: bytes of a name that is not UTF-8
    (surrogate escapes) and control characters, so no message can break a terminal or page;
    characters that hide or reorder text written out (\\u202e), so none can disguise it."""
    if text.isprintable():  # no control character, no surrogate: the usual case, at C speed
        return text
    return reveal("".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF or ord(c) < 32 or ord(c) == 127
                          else c for c in text))


def unreadable_name(name: str) -> bool:
    """Whether a file name holds bytes that are not UTF-8 (surrogate escapes) or control
    characters: such a file is not read."""
    return not name.isprintable() and any(0xD800 <= ord(c) <= 0xDFFF or ord(c) < 32
                                          or ord(c) == 127 for c in name)


def first_hidden(text: str) -> tuple[int, str] | None:
    """Where the first hidden character stands in `text`, and which it is."""
    if text.isprintable():
        return None
    found = HIDDEN.search(text)
    return (found.start(), found.group()) if found else None


def char_name(char: str) -> str:
    """'U+202E RIGHT-TO-LEFT OVERRIDE'."""
    return f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed')}"


# Letters of Cyrillic, Greek and Armenian that look like a Latin letter in common fonts
# (after Unicode's confusables list, the letters that matter for names and titles).
_LOOKS_LATIN = {
    "а": "a", "в": "b", "е": "e", "ё": "e", "һ": "h", "і": "i", "ї": "i", "ј": "j", "к": "k",
    "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s",
    "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l", "ɡ": "g",
    "А": "A", "В": "B", "Е": "E", "Ё": "E", "З": "3", "І": "I", "Ї": "I", "Ј": "J", "К": "K",
    "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T", "У": "Y", "Х": "X", "Ѕ": "S",
    "Ԁ": "D", "Ԛ": "Q", "Ԝ": "W", "Ӏ": "I", "Ь": "b",
    "α": "a", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u",
    "χ": "x", "ϲ": "c", "ϳ": "j",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "Ϲ": "C",
    "օ": "o", "ս": "u", "ց": "g", "զ": "q", "ո": "n", "հ": "h",
}
_TO_LATIN = str.maketrans(_LOOKS_LATIN)
_WORD = re.compile(r"[^\W\d_]+")


def _script(char: str) -> str:
    """LATIN, CYRILLIC, GREEK, …: the first word of the letter's Unicode name."""
    return unicodedata.name(char, "?").split(" ", 1)[0]


def latin_look_alike(text: str, strict: bool = False) -> tuple[int, str] | None:
    """The first letter of another script that passes for a Latin one where it stands: in
    a word that also holds Latin letters, or anywhere when `strict` (an id is Latin
    throughout).  A word wholly in Cyrillic or Greek is that language, not a disguise."""
    if text.isascii():
        return None
    for word in _WORD.finditer(text):
        scripts = {_script(c) for c in word.group()}
        if not strict and (len(scripts) < 2 or "LATIN" not in scripts):
            continue
        for offset, char in enumerate(word.group()):
            if char in _LOOKS_LATIN:
                return word.start() + offset, char
    return None


def as_latin(text: str) -> str:
    """`text` with each word that passes for Latin (Latin mixed with look-alikes, or made of
    look-alikes alone, as a Cyrillic 'АСЕ') read as the Latin letters it shows: two titles
    that look the same on the screen read the same here.  Other words stay as written."""
    if text.isascii():
        return text
    return _WORD.sub(lambda word: word.group().translate(_TO_LATIN)
                     if _passes_for_latin(word.group()) else word.group(), text)


def _passes_for_latin(word: str) -> bool:
    scripts = {_script(c) for c in word}
    return ("LATIN" in scripts and len(scripts) > 1) or all(c in _LOOKS_LATIN for c in word)


def looks_like(char: str) -> str:
    return _LOOKS_LATIN.get(char, char)
