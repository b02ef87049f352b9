def point_in_time_join(events: list[tuple], features: list[tuple], *, max_staleness: float | None = None,
                       strict: bool = False) -> list[dict]:
    """As-of join of label events to a feature log, without leaking the future.

    events: [(entity, event_time)]; features: [(entity, feature_time, name, value)] in any order.
    Returns one dict per event (input order) with a key for every feature name in the log: the value of
    the latest row of that entity and name with feature_time <= event_time (< when strict); ties at
    equal timestamps go to the row that comes last in `features`; None when there is no such row or
    when event_time - feature_time > max_staleness. Raises ValueError if max_staleness < 0.
    Inputs are not modified.
    """
    raise NotImplementedError
