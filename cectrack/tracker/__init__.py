"""Where the tracker is (the nearest folder upwards holding credits/ or mkdocs.yml) and
what its site configuration says, read as plain data, never run."""
