# Leaves out the names without a fresh value instead of giving them the key with None.
from bisect import bisect_left, bisect_right
from collections import defaultdict


def point_in_time_join(events, features, *, max_staleness=None, strict=False):
    if max_staleness is not None and max_staleness < 0:
        raise ValueError("max_staleness must be >= 0")
    rows = defaultdict(list)
    for e, ts, n, v in features:
        rows[(e, n)].append((ts, v))
    by_entity = defaultdict(dict)
    for (e, n), items in rows.items():
        items.sort(key=lambda r: r[0])
        by_entity[e][n] = ([ts for ts, _ in items], [v for _, v in items])
    search = bisect_left if strict else bisect_right
    out = []
    for e, t in events:
        joined = {}
        for n, (times, values) in by_entity.get(e, {}).items():
            i = search(times, t) - 1
            if i >= 0 and (max_staleness is None or t - times[i] <= max_staleness):
                joined[n] = values[i]
        out.append(joined)
    return out
