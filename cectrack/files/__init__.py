"""The ground floor, where cectrack meets the disk: the one path policy (what the data may
name), the one text reader (bounded, UTF-8, never a traceback) and the one atomic writer."""
