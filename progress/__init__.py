"""Persistence and scheduling: the SQLite store, attempts, review state and (later) FSRS scheduling."""
