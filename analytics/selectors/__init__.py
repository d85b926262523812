"""Reads of the analytics app; `usage` is the engine, `reports` what the API answers."""
