"""The user's files read into values and problems: the YAML reader that keeps every line,
the fields of entries and the profile, the loader of a tracker, the JSON Schemas editors
use, and the plain data types (entries, problems and their registered codes)."""
