# Treats an age exactly equal to max_staleness as stale (age < max_staleness instead of <=).
from bisect import bisect_left, bisect_right
from collections import defaultdict


def point_in_time_join(events, features, *, max_staleness=None, strict=False):
    if max_staleness is not None and max_staleness < 0:
        raise ValueError("max_staleness must be >= 0")
    names = {r[2] for r in features}
    rows = defaultdict(list)
    for e, ts, n, v in features:
        rows[(e, n)].append((ts, v))
    index = {}
    for k, items in rows.items():
        items.sort(key=lambda r: r[0])
        index[k] = ([ts for ts, _ in items], [v for _, v in items])
    search = bisect_left if strict else bisect_right
    out = []
    for e, t in events:
        joined = {}
        for n in names:
            times, values = index.get((e, n), ([], []))
            i = search(times, t) - 1
            ok = i >= 0 and (max_staleness is None or t - times[i] < max_staleness)
            joined[n] = values[i] if ok else None
        out.append(joined)
    return out
