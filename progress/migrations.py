"""Schema migrations, applied in order and recorded in PRAGMA user_version.

Append new steps; never edit a released one (users' databases already ran it).
"""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: attempts at any item, spaced-repetition state and log, mock sessions, settings.
    """
    CREATE TABLE attempts (
        id INTEGER PRIMARY KEY,
        item_type TEXT NOT NULL CHECK (item_type IN ('question', 'kata', 'case')),
        item_id TEXT NOT NULL,
        created_at TEXT NOT NULL,          -- UTC, ISO 8601
        duration_s REAL,
        result TEXT NOT NULL,              -- e.g. knew/partly/not, pass/fail, submitted
        score REAL,                        -- 0..1 (questions, katas) or 0..100 (cases), when known
        details TEXT NOT NULL DEFAULT '{}' -- JSON: code, verdicts, answer text, hints used, ...
    );
    CREATE INDEX attempts_item ON attempts (item_type, item_id, created_at);
    CREATE INDEX attempts_time ON attempts (created_at);

    CREATE TABLE review_state (
        item_type TEXT NOT NULL CHECK (item_type IN ('question', 'kata', 'case')),
        item_id TEXT NOT NULL,
        card TEXT NOT NULL,                -- JSON of the scheduler's card
        due TEXT NOT NULL,                 -- UTC, ISO 8601
        lapses INTEGER NOT NULL DEFAULT 0,
        suspended INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (item_type, item_id)
    );
    CREATE INDEX review_state_due ON review_state (due);

    CREATE TABLE review_log (
        id INTEGER PRIMARY KEY,
        item_type TEXT NOT NULL CHECK (item_type IN ('question', 'kata', 'case')),
        item_id TEXT NOT NULL,
        rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
        reviewed_at TEXT NOT NULL,         -- UTC, ISO 8601
        duration_s REAL,
        state_before TEXT,                 -- JSON of the card before the review
        kind TEXT NOT NULL CHECK (kind IN ('scheduled', 'cram', 'manual'))
    );
    CREATE INDEX review_log_item ON review_log (item_type, item_id, reviewed_at);

    CREATE TABLE mock_sessions (
        id TEXT PRIMARY KEY,
        role TEXT NOT NULL,
        seed INTEGER NOT NULL,
        config TEXT NOT NULL,              -- JSON: rounds, durations, mode
        started_at TEXT NOT NULL,
        deadline TEXT,                     -- UTC deadline of the whole session
        finished_at TEXT,
        status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'abandoned')),
        state TEXT NOT NULL DEFAULT '{}',  -- JSON: current round, per-round deadlines and answers
        report TEXT                        -- JSON, once finished
    );

    CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL                -- JSON; never secrets (API keys stay in the environment)
    );
    """,
    # 2: autosaved drafts of free-form answers (design cases, typed answers).
    """
    CREATE TABLE drafts (
        item_type TEXT NOT NULL,
        item_id TEXT NOT NULL,
        text TEXT NOT NULL,
        updated_at TEXT NOT NULL,          -- UTC, ISO 8601
        PRIMARY KEY (item_type, item_id)
    );
    """,
    # 3: cached LLM-judge results, keyed on case, answer hash and model (never the API key).
    """
    CREATE TABLE llm_cache (
        case_id TEXT NOT NULL,
        answer_hash TEXT NOT NULL,
        model TEXT NOT NULL,
        result TEXT NOT NULL,              -- JSON of the validated, corrected grade
        created_at TEXT NOT NULL,
        PRIMARY KEY (case_id, answer_hash, model)
    );
    """,
    # 4: "reviews today" and the calendar scan the log by time.
    """
    CREATE INDEX review_log_time ON review_log (reviewed_at);
    """,
    # 5: what calibration needs, as plain columns (parsing 200,000 JSON blobs per dashboard is too slow).
    """
    ALTER TABLE review_log ADD COLUMN stability_before REAL;
    ALTER TABLE review_log ADD COLUMN elapsed_days REAL;
    UPDATE review_log SET
        stability_before = json_extract(state_before, '$.stability'),
        elapsed_days = julianday(reviewed_at) - julianday(json_extract(state_before, '$.last_review'))
    WHERE json_extract(state_before, '$.last_review') IS NOT NULL;
    """,
    # 6: the state of practice activities (kata attempt, design attempt, drill session) as they change,
    #    so a reload, a switch between items or a timeout resumes instead of losing work.
    """
    CREATE TABLE activity_state (
        kind TEXT NOT NULL,                -- kata / case / drills
        item_id TEXT NOT NULL,
        state TEXT NOT NULL,               -- JSON of the activity's state machine
        updated_at TEXT NOT NULL,          -- UTC, ISO 8601
        PRIMARY KEY (kind, item_id)
    );
    """,
]
