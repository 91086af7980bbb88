"""Plain data into what people read: Markdown pages, status JSON, CSV and JSON exports,
the calendar, badges, charts and the terminal text.  Nothing here runs the analysis."""
