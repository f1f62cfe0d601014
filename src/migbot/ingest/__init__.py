"""Import IOM page texts into migbot knowledge: ``migbot ingest PAGE...``."""
