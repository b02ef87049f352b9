# Uses the unpooled standard error sqrt(p_b(1-p_b)/n_b + p_c(1-p_c)/n_c) instead of the pooled one.
import math


def canary_analysis(baseline_errors: int, baseline_total: int, canary_errors: int, canary_total: int,
                    confidence: float = 0.95, min_samples: int = 100) -> tuple:
    if not 0.0 < confidence < 1.0:
        raise ValueError("confidence must be in (0, 1)")
    for errors, total in ((baseline_errors, baseline_total), (canary_errors, canary_total)):
        if total < 0 or errors < 0 or errors > total:
            raise ValueError("need 0 <= errors <= total")
    # An empty arm can never be tested, whatever min_samples says.
    if min(baseline_total, canary_total) < max(min_samples, 1):
        return "wait", None, None

    pooled = (baseline_errors + canary_errors) / (baseline_total + canary_total)
    pb, pc = baseline_errors / baseline_total, canary_errors / canary_total
    se = math.sqrt(pb * (1 - pb) / baseline_total + pc * (1 - pc) / canary_total)
    z = 0.0 if se == 0.0 else (canary_errors / canary_total - baseline_errors / baseline_total) / se
    # Upper tail only: H1 is "the canary fails more often". 1 - Phi(z) = erfc(z / sqrt(2)) / 2.
    p_value = 0.5 * math.erfc(z / math.sqrt(2.0))
    decision = "rollback" if p_value < 1.0 - confidence else "promote"
    return decision, z, p_value
