# Joins the row nearest in time (merge_asof direction="nearest"), which can use values from the future.
from collections import defaultdict


def point_in_time_join(events, features, *, max_staleness=None, strict=False):
    if max_staleness is not None and max_staleness < 0:
        raise ValueError("max_staleness must be >= 0")
    names = {r[2] for r in features}
    rows = defaultdict(list)
    for pos, (e, ts, n, v) in enumerate(features):
        rows[(e, n)].append((ts, pos, v))
    out = []
    for e, t in events:
        joined = {}
        for n in names:
            cands = [r for r in rows.get((e, n), []) if not (strict and r[0] == t)]
            if not cands:
                joined[n] = None
                continue
            ts, _, v = min(cands, key=lambda r: (abs(t - r[0]), -r[1]))
            joined[n] = v if max_staleness is None or abs(t - ts) <= max_staleness else None
        out.append(joined)
    return out
