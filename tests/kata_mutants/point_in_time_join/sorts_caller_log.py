# Right answers, but sorts the caller's feature log in place by time.
from bisect import bisect_left, bisect_right
from collections import defaultdict


def point_in_time_join(events, features, *, max_staleness=None, strict=False):
    if max_staleness is not None and max_staleness < 0:
        raise ValueError("max_staleness must be >= 0")
    features.sort(key=lambda r: r[1])  # stable, so ties keep their log order
    names = {r[2] for r in features}
    index = defaultdict(lambda: ([], []))
    for e, ts, n, v in features:
        index[(e, n)][0].append(ts)
        index[(e, n)][1].append(v)
    search = bisect_left if strict else bisect_right
    out = []
    for e, t in events:
        joined = {}
        for n in names:
            times, values = index.get((e, n), ([], []))
            i = search(times, t) - 1
            ok = i >= 0 and (max_staleness is None or t - times[i] <= max_staleness)
            joined[n] = values[i] if ok else None
        out.append(joined)
    return out
