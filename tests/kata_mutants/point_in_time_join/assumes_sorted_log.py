# Keeps the last row (in log order) with feature_time <= event_time, as if the log were sorted by time.
from collections import defaultdict


def point_in_time_join(events, features, *, max_staleness=None, strict=False):
    if max_staleness is not None and max_staleness < 0:
        raise ValueError("max_staleness must be >= 0")
    names = {r[2] for r in features}
    rows = defaultdict(list)
    for e, ts, n, v in features:
        rows[e].append((ts, n, v))
    out = []
    for e, t in events:
        found = {}
        for ts, n, v in rows.get(e, []):
            if ts < t or (ts == t and not strict):
                found[n] = (ts, v)
        joined = {}
        for n in names:
            hit = found.get(n)
            ok = hit is not None and (max_staleness is None or t - hit[0] <= max_staleness)
            joined[n] = hit[1] if ok else None
        out.append(joined)
    return out
