"""The commands whose job is to write the user's files: `add`, `import`, `init` (and
`init --here`), with the shared writer of new credit files and the version pin a new
tracker installs.  Everything else in cectrack only reads what the user wrote."""
