"""Review forecast (Anki's Statistics > Future due): reviews falling due per day, from the store's due dates.

Days are calendar days in the user's time zone (a review due at 23:30 local is that day's work, even if it
is tomorrow in UTC). Overdue cards count on today, as they will be shown today; suspended and buried cards
are not counted, as the queue does not show them.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo

from progress.clock import from_db, utc_now
from progress.store import Store

DEFAULT_DAYS = 30


def forecast(store: Store, days: int = DEFAULT_DAYS, now: datetime | None = None,
             tz: tzinfo | None = None) -> list[tuple[date, int]]:
    """[(day, reviews due that day)] for today and the next days-1 days; `tz` None = the machine's zone."""
    now = now or utc_now()
    local_now = now.astimezone(tz)
    today = local_now.date()
    counts = {today + timedelta(days=i): 0 for i in range(days)}
    for (due_text,) in store.conn.execute("SELECT due FROM review_state WHERE suspended = 0"):
        day = max(today, from_db(due_text).astimezone(local_now.tzinfo).date())
        if day in counts:
            counts[day] += 1
    return sorted(counts.items())
