from coding_katas.scenarios import hidden, sample

# Expected values: FLOP and byte counts multiplied out by hand (written as integer arithmetic below), bounds
# decided by hand, and the derived floats (time, attainable FLOP/s, MFU) from _derived, which follows the
# definitions in the prompt.
H100 = (989 * 10**12, 335 * 10**10)


def _derived(flops, n_bytes, bound, hw):
    peak, bw = hw
    return {"flops": flops, "bytes": n_bytes, "intensity": flops / n_bytes,
            "time_s": max(flops / peak, n_bytes / bw), "attainable_flops": min(peak, flops / n_bytes * bw),
            "bound": bound}


def _summary(rows, hw):
    total = sum(r["time_s"] for r in rows)
    return {"ops": rows, "total_time_s": total, "mfu": sum(r["flops"] for r in rows) / total / hw[0]}


GEMV = {"kind": "matmul", "m": 1, "n": 4096, "k": 4096, "bytes_per_elem": 2}
GEMV_ROW = _derived(33_554_432, (4096 + 16_777_216 + 4096) * 2, "memory", H100)


@sample(expected=_summary([GEMV_ROW], H100))
def prompt_example_decode_gemv(m):
    """batch-1 decode through a 4096 x 4096 bf16 projection on an H100: intensity ~1, memory-bound"""
    return m.roofline([GEMV], *H100)


GEMM = {"kind": "matmul", "m": 8192, "n": 8192, "k": 8192, "bytes_per_elem": 2}
GEMM_ROW = _derived(2 * 8192**3, 3 * 8192**2 * 2, "compute", H100)


@sample(expected=_summary([GEMM_ROW], H100))
def prefill_gemm_is_compute_bound(m):
    """8192^3 bf16 GEMM: 1.1e12 FLOPs over 402,653,184 bytes, intensity 2731 > 295: MFU 1.0"""
    return m.roofline([GEMM], *H100)


TOY = (100, 10)
AT_RIDGE = {"kind": "elementwise", "n": 5, "inputs": 1, "flops_per_elem": 20, "bytes_per_elem": 1}


@sample(expected=_summary([_derived(100, 10, "balanced", TOY)], TOY))
def exactly_at_the_ridge(m):
    """toy hardware 100 FLOP/s, 10 B/s (ridge 10); 5 elements x 20 FLOPs over 5 x 2 bytes: intensity 10"""
    return m.roofline([AT_RIDGE], *TOY)


ATTN = {"kind": "decode_attention", "batch": 8, "heads": 32, "seq_len": 4096, "head_dim": 128, "bytes_per_elem": 2}
ATTN_ROW = _derived(4 * 8 * 32 * 4096 * 128, (2 * 4096 + 2) * 8 * 32 * 128 * 2, "memory", H100)


@hidden(expected=_summary([ATTN_ROW], H100))
def decode_attention_over_the_kv_cache(m):
    """8 sequences, 32 heads, 4096 cached positions, head dim 128, bf16: about 1 FLOP per byte"""
    return m.roofline([ATTN], *H100)


GELU = {"kind": "elementwise", "n": 10**8, "inputs": 1, "flops_per_elem": 8, "bytes_per_elem": 4}
GELU_ROW = _derived(8 * 10**8, 10**8 * 2 * 4, "memory", H100)


@hidden(expected=_summary([GELU_ROW], H100))
def fp32_elementwise(m):
    """1e8 fp32 elements, 1 input, 8 FLOPs each: intensity 1"""
    return m.roofline([GELU], *H100)


MLP_UP = {"kind": "matmul", "m": 512, "n": 14336, "k": 4096, "bytes_per_elem": 2}
ADD = {"kind": "elementwise", "n": 512 * 4096, "inputs": 2, "flops_per_elem": 1, "bytes_per_elem": 2}
ROWS = [_derived(2 * 512 * 14336 * 4096, (512 * 4096 + 4096 * 14336 + 512 * 14336) * 2, "compute", H100),
        _derived(512 * 4096, 512 * 4096 * 3 * 2, "memory", H100), GEMV_ROW, ATTN_ROW]


@hidden(expected=_summary(ROWS, H100))
def sequence_of_ops(m):
    """a 512-token MLP up-projection (intensity 441: compute), a residual add, a GEMV and decode attention:
    times add up and the MFU covers all four"""
    return m.roofline([MLP_UP, ADD, GEMV, ATTN], *H100)


HUGE_PEAK = (10**17, 1)
TIP = {"kind": "elementwise", "n": 1, "inputs": 2, "flops_per_elem": 3 * 10**17 + 1, "bytes_per_elem": 1}


@hidden(expected=_summary([_derived(3 * 10**17 + 1, 3, "compute", HUGE_PEAK)], HUGE_PEAK))
def one_flop_past_the_ridge(m):
    """flops * bw exceeds bytes * peak by 1; as floats, intensity and ridge both round to 1e17"""
    return m.roofline([TIP], *HUGE_PEAK)


A100 = (312 * 10**12, 2039 * 10**9)
SMALL_GEMM = {"kind": "matmul", "m": 64, "n": 4096, "k": 4096, "bytes_per_elem": 2}


@hidden(expected=_summary([_derived(2 * 64 * 4096 * 4096, (64 * 4096 + 4096 * 4096 + 64 * 4096) * 2, "memory",
                                    A100)], A100))
def batch_64_decode_on_a100(m):
    """A100 (312 TFLOP/s bf16, 2.039 TB/s, ridge 153): a batch of 64 tokens gives intensity 62: still memory-bound"""
    return m.roofline([SMALL_GEMM], *A100)


@hidden(expected=[dict(GEMV), dict(ATTN)])
def inputs_not_modified(m):
    ops = [dict(GEMV), dict(ATTN)]
    m.roofline(ops, *H100)
    return ops
