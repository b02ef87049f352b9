import random
from types import SimpleNamespace

from coding_katas.scenarios import hidden, sample

_FEATURES = [
    ("u1", 10, "clicks", 3),
    ("u1", 20, "clicks", 5),
    ("u1", 20, "clicks", 6),
    ("u1", 15, "country", "FR"),
    ("u2", 12, "clicks", 1),
]
_EVENTS = [("u1", 20), ("u1", 19), ("u2", 40), ("u3", 50), ("u1", 9)]
_NONE = {"clicks": None, "country": None}


def _timeline_join(events, features, *, max_staleness=None, strict=False):
    """Independent model: per (entity, name) a list sorted by (time, log position); bisect finds the last
    usable row, so among equal times the later write wins."""
    import bisect

    if max_staleness is not None and max_staleness < 0:
        raise ValueError("max_staleness < 0")
    names = list(dict.fromkeys(name for _, _, name, _ in features))
    lines = {}
    for pos, (entity, t, name, value) in enumerate(features):
        lines.setdefault((entity, name), []).append((t, pos, value))
    for rows in lines.values():
        rows.sort(key=lambda r: (r[0], r[1]))
    times_of = {key: [r[0] for r in rows] for key, rows in lines.items()}
    out = []
    for entity, t in events:
        row = {}
        for name in names:
            rows, times = lines.get((entity, name), []), times_of.get((entity, name), [])
            j = (bisect.bisect_left(times, t) if strict else bisect.bisect_right(times, t)) - 1
            fresh = j >= 0 and (max_staleness is None or t - rows[j][0] <= max_staleness)
            row[name] = rows[j][2] if fresh else None
        out.append(row)
    return out


_MODEL = SimpleNamespace(point_in_time_join=_timeline_join)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


def _error_name(call):
    try:
        call()
    except ValueError:
        return "ValueError"
    return "no error"


def _random_log(seed, n_events, n_rows, n_entities, names, horizon):
    """A shuffled feature log with many equal timestamps, and events that include an unknown entity."""
    rng = random.Random(seed)
    entities = [f"e{i}" for i in range(n_entities)]
    rows = [(rng.choice(entities), rng.randrange(horizon), rng.choice(names), rng.randrange(10_000))
            for _ in range(n_rows)]
    events = [(rng.choice(entities + ["ghost"]), rng.randrange(horizon + horizon // 10)) for _ in range(n_events)]
    return events, rows


@sample(expected=[{"clicks": 6, "country": "FR"}, {"clicks": 3, "country": "FR"},
                  {"clicks": 1, "country": None}, _NONE, _NONE])
def prompt_example(m):
    """the feature log and events of the example, default arguments"""
    return m.point_in_time_join(_EVENTS, _FEATURES)


@sample(expected=[{"clicks": 3, "country": "FR"}, {"clicks": 3, "country": "FR"},
                  {"clicks": 1, "country": None}, _NONE, _NONE])
def strict_excludes_equal_timestamps(m):
    """the example with strict=True: rows written at exactly the event time are not usable"""
    return m.point_in_time_join(_EVENTS, _FEATURES, strict=True)


@sample(expected=[{"x": 1.5}, {"x": 1.5}, {"x": None}])
def staleness_limit_is_inclusive(m):
    """one value x = 1.5 written at 0; events at 4, 5 and 6 with max_staleness = 5"""
    return m.point_in_time_join([("a", 4), ("a", 5), ("a", 6)], [("a", 0, "x", 1.5)], max_staleness=5)


@hidden(expected=[{"f": None}, {"f": "old"}, {"f": None}])
def future_rows_never_leak(m):
    """f = "old" at 0 and f = "new" at 101; events at -1, 100, and 100 with max_staleness 50"""
    rows = [("k", 101, "f", "new"), ("k", 0, "f", "old")]
    return (m.point_in_time_join([("k", -1), ("k", 100)], rows)
            + m.point_in_time_join([("k", 100)], rows, max_staleness=50))


@hidden(expected=[{"f": "fixed"}, {"f": "fixed"}, {"f": "a"}])
def last_write_wins_at_equal_timestamps(m):
    """three rows at time 5 ("first", "second", "fixed" in log order) around rows at 3 and 7"""
    rows = [("k", 5, "f", "first"), ("k", 7, "f", "later"), ("k", 5, "f", "second"), ("k", 3, "f", "a"),
            ("k", 5, "f", "fixed")]
    return m.point_in_time_join([("k", 5), ("k", 6), ("k", 4)], rows)


@hidden(expected=[{"f": 30}, {"f": 10}, {"f": 20}, {"f": 40}])
def unsorted_log(m):
    """a log written out of time order"""
    rows = [("k", 30, "f", 30), ("k", 10, "f", 10), ("k", 40, "f", 40), ("k", 20, "f", 20)]
    return m.point_in_time_join([("k", 35), ("k", 15), ("k", 29), ("k", 1000)], rows)


@hidden(expected=[{"a": 5, "b": 3}, {"a": 1, "b": 3}, {"a": 1, "b": None}])
def each_feature_has_its_own_timeline(m):
    """a written at 1 and 5, b written at 3; events at 6, 4 and 2"""
    rows = [("k", 1, "a", 1), ("k", 3, "b", 3), ("k", 5, "a", 5)]
    return m.point_in_time_join([("k", 6), ("k", 4), ("k", 2)], rows)


@hidden(expected=[{"age": 31, "score": None, "plan": None}, {"age": None, "score": 0.5, "plan": "pro"},
                  {"age": None, "score": None, "plan": None}])
def every_name_is_a_key(m):
    """names only one entity has still appear, as None, for the others; an unknown entity"""
    rows = [(1, 0, "age", 31), (2, 0, "score", 0.5), (2, 1, "plan", "pro")]
    return m.point_in_time_join([(1, 9), (2, 9), (3, 9)], rows)


@_expected_from_model(hidden)
def staleness_zero_and_strict(m):
    """max_staleness = 0 without and with strict; an exact-time match only counts when not strict"""
    rows = [("k", 10, "f", "at10"), ("k", 8, "f", "at8")]
    events = [("k", 10), ("k", 11), ("k", 8)]
    return [m.point_in_time_join(events, rows, max_staleness=0),
            m.point_in_time_join(events, rows, max_staleness=0, strict=True),
            m.point_in_time_join(events, rows, max_staleness=2, strict=True)]


@_expected_from_model(hidden)
def unsorted_repeated_events_keep_their_order(m):
    """events out of time order with repeats and float timestamps, float staleness"""
    rows = [("a", 1.5, "v", 1), ("a", 2.25, "v", 2), ("b", 0.5, "v", 3), ("a", 3.0, "w", "w3")]
    events = [("a", 3.0), ("b", 0.4), ("a", 2.25), ("a", 3.0), ("b", 2.0), ("a", 1.0), ("a", 2.2)]
    return [m.point_in_time_join(events, rows), m.point_in_time_join(events, rows, max_staleness=0.75)]


@hidden(expected=[[{}, {}], []])
def empty_inputs(m):
    """an empty feature log, then no events"""
    return [m.point_in_time_join([("a", 1), ("b", 2)], []), m.point_in_time_join([], _FEATURES)]


@hidden(expected=["ValueError", "no error"])
def negative_staleness_raises(m):
    return [_error_name(lambda: m.point_in_time_join(_EVENTS, _FEATURES, max_staleness=-1)),
            _error_name(lambda: m.point_in_time_join(_EVENTS, _FEATURES, max_staleness=0))]


@_expected_from_model(hidden)
def inputs_are_not_modified(m):
    """call with every option, then return the events and the feature log"""
    events, rows = _random_log(3, 20, 40, 3, ["p", "q"], 50)
    m.point_in_time_join(events, rows, max_staleness=10, strict=True)
    m.point_in_time_join(events, rows)
    return [events, rows]


@_expected_from_model(hidden)
def random_log_all_options(m):
    """300 events, 600 shuffled rows with many ties, 5 entities, 3 names; four option combinations"""
    events, rows = _random_log(4, 300, 600, 5, ["p", "q", "r"], 200)
    return [m.point_in_time_join(events, rows, max_staleness=s, strict=st)
            for s, st in [(None, False), (None, True), (15, False), (15, True)]]


@_expected_from_model(hidden)
def large_log_few_entities(m):
    """10,000 events and 20,000 rows over 4 entities and 2 names, max_staleness 500 (needs O((E + F) log F))"""
    events, rows = _random_log(5, 10_000, 20_000, 4, ["a", "b"], 100_000)
    return m.point_in_time_join(events, rows, max_staleness=500)


# Independent checks of the reference itself (plain pytest only).
def _brute_force(events, features, max_staleness=None, strict=False):
    names = {row[2] for row in features}
    out = []
    for entity, t in events:
        joined = {}
        for name in names:
            best = None  # (feature_time, position, value)
            for pos, (e, ts, n, value) in enumerate(features):
                usable = ts < t or (ts == t and not strict)
                if e == entity and n == name and usable and (best is None or (ts, pos) > best[:2]):
                    best = (ts, pos, value)
            fresh = best is not None and (max_staleness is None or t - best[0] <= max_staleness)
            joined[name] = best[2] if fresh else None
        out.append(joined)
    return out


def test_matches_brute_force(solution):
    for seed in range(6):
        events, rows = _random_log(100 + seed, 80, 150, 3, ["p", "q"], 60)
        for staleness in (None, 0, 7):
            for strict in (False, True):
                assert solution.point_in_time_join(events, rows, max_staleness=staleness, strict=strict) == \
                    _brute_force(events, rows, staleness, strict)


def test_matches_pandas_merge_asof(solution):
    pd = __import__("pytest").importorskip("pandas")
    events, rows = _random_log(200, 150, 300, 4, ["p", "q"], 500)
    left = pd.DataFrame(events, columns=["entity", "t"]).reset_index()
    right_all = pd.DataFrame(rows, columns=["entity", "t", "name", "value"])
    for staleness, strict in [(None, False), (None, True), (20, False), (20, True)]:
        got = solution.point_in_time_join(events, rows, max_staleness=staleness, strict=strict)
        for name in ("p", "q"):
            right = right_all[right_all["name"] == name][["entity", "t", "value"]]
            right = right.reset_index().sort_values(["t", "index"], kind="stable").drop(columns="index")
            merged = pd.merge_asof(left.sort_values("t"), right, on="t", by="entity", direction="backward",
                                   allow_exact_matches=not strict, tolerance=staleness).sort_values("index")
            expected = [None if pd.isna(v) else int(v) for v in merged["value"]]
            assert [row[name] for row in got] == expected
