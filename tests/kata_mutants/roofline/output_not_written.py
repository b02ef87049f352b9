# Forgets the bytes of writing the matmul output.
def _flops_and_bytes(op):
    kind, e = op["kind"], op["bytes_per_elem"]
    if kind == "matmul":
        m, n, k = op["m"], op["n"], op["k"]
        return 2 * m * n * k, (m * k + k * n) * e
    if kind == "elementwise":
        return op["n"] * op["flops_per_elem"], op["n"] * (op["inputs"] + 1) * e
    if kind == "decode_attention":
        units = op["batch"] * op["heads"] * op["head_dim"]
        return 4 * units * op["seq_len"], (2 * op["seq_len"] + 2) * units * e
    raise ValueError(f"unknown op kind {kind!r}")


def _bound(flops, n_bytes, peak_flops, mem_bw):
    # Exact integer comparison of intensity with the ridge point peak_flops / mem_bw.
    lhs, rhs = flops * mem_bw, n_bytes * peak_flops
    return "compute" if lhs > rhs else "memory" if lhs < rhs else "balanced"


def roofline(ops, peak_flops, mem_bw):
    rows = []
    for op in ops:
        flops, n_bytes = _flops_and_bytes(op)
        intensity = flops / n_bytes
        rows.append({"flops": flops, "bytes": n_bytes, "intensity": intensity,
                     "time_s": max(flops / peak_flops, n_bytes / mem_bw),
                     "attainable_flops": min(float(peak_flops), intensity * mem_bw),
                     "bound": _bound(flops, n_bytes, peak_flops, mem_bw)})
    total_time = sum(r["time_s"] for r in rows)
    total_flops = sum(r["flops"] for r in rows)
    return {"ops": rows, "total_time_s": total_time, "mfu": total_flops / total_time / peak_flops}
