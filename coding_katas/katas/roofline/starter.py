def roofline(ops: list[dict], peak_flops: int, mem_bw: int) -> dict:
    """Per-op flops, bytes, intensity, time, attainable FLOP/s and bound; total time and MFU."""
    raise NotImplementedError
