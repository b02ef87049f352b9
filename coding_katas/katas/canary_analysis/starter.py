import math


def canary_analysis(baseline_errors: int, baseline_total: int, canary_errors: int, canary_total: int,
                    confidence: float = 0.95, min_samples: int = 100) -> tuple:
    """Decide whether a canary's error rate is significantly worse than the baseline's.

    Returns ("wait", None, None) when an arm has fewer than max(min_samples, 1) requests; otherwise
    (decision, z, p_value) with z = (p_canary - p_baseline) / pooled standard error (0.0 when that is 0),
    the one-sided p_value = 1 - Phi(z), and decision "rollback" if p_value < 1 - confidence else "promote".
    Raises ValueError for counts outside 0 <= errors <= total or confidence outside (0, 1).
    """
    raise NotImplementedError
