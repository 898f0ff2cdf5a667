"""The analysis tables: derived from the archive, rebuilt from it, read by the analyses."""
