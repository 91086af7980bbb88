"""The certifying bodies' rules as data (one YAML file per body), their declarative spec
and the reader that checks a rule file as strictly as a credit file."""
