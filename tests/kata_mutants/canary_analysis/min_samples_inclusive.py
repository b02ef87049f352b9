# Waits when an arm has exactly min_samples requests (<= instead of <).
import math


def canary_analysis(baseline_errors: int, baseline_total: int, canary_errors: int, canary_total: int,
                    confidence: float = 0.95, min_samples: int = 100) -> tuple:
    if not 0.0 < confidence < 1.0:
        raise ValueError("confidence must be in (0, 1)")
    for errors, total in ((baseline_errors, baseline_total), (canary_errors, canary_total)):
        if total < 0 or errors < 0 or errors > total:
            raise ValueError("need 0 <= errors <= total")
    # An empty arm can never be tested, whatever min_samples says.
    if min(baseline_total, canary_total) <= min_samples:
        return "wait", None, None

    pooled = (baseline_errors + canary_errors) / (baseline_total + canary_total)
    se = math.sqrt(pooled * (1.0 - pooled) * (1.0 / baseline_total + 1.0 / canary_total))
    z = 0.0 if se == 0.0 else (canary_errors / canary_total - baseline_errors / baseline_total) / se
    # Upper tail only: H1 is "the canary fails more often". 1 - Phi(z) = erfc(z / sqrt(2)) / 2.
    p_value = 0.5 * math.erfc(z / math.sqrt(2.0))
    decision = "rollback" if p_value < 1.0 - confidence else "promote"
    return decision, z, p_value
