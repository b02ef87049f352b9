from bisect import bisect_left, bisect_right
from collections import defaultdict


def point_in_time_join(events, features, *, max_staleness=None, strict=False):
    if max_staleness is not None and max_staleness < 0:
        raise ValueError("max_staleness must be >= 0")
    names = {name for _, _, name, _ in features}

    # One timeline per (entity, feature name). The sort is stable, so rows with equal timestamps keep
    # their input order and the rightmost of them is the last one written.
    rows = defaultdict(list)
    for entity, ts, name, value in features:
        rows[(entity, name)].append((ts, value))
    timelines = {}
    for key, items in rows.items():
        items.sort(key=lambda item: item[0])
        timelines[key] = ([ts for ts, _ in items], [value for _, value in items])

    # strict: rows at the event time are excluded, so search left of any equal timestamps.
    search = bisect_left if strict else bisect_right
    out = []
    for entity, t in events:
        joined = {}
        for name in names:
            times, values = timelines.get((entity, name), ((), ()))
            i = search(times, t) - 1
            fresh = i >= 0 and (max_staleness is None or t - times[i] <= max_staleness)
            joined[name] = values[i] if fresh else None
        out.append(joined)
    return out
