from coding_katas.scenarios import hidden, sample

# Expected values: multiplied out by hand, and from _per_layer: a loop over the layers (sliding ones first),
# each filling blocks one at a time until it holds its cached tokens, summing bytes element type by element type.

LLAMA3_70B = {"n_layers": 80, "attention": "gqa", "n_kv_heads": 8, "head_dim": 128, "bytes_per_elem": 2}
LLAMA3_8B = {"n_layers": 32, "attention": "gqa", "n_kv_heads": 8, "head_dim": 128, "bytes_per_elem": 2}
DEEPSEEK_V3 = {"n_layers": 61, "attention": "mla", "kv_lora_rank": 512, "rope_dim": 64, "bytes_per_elem": 2}
# gpt-oss-120b style: 36 layers, every other one with a 128-token sliding window, 8 KV heads of 64 dims.
GPT_OSS = {"n_layers": 36, "attention": "gqa", "n_kv_heads": 8, "head_dim": 64, "bytes_per_elem": 2,
           "sliding_window": 128, "n_sliding_layers": 18}
H100 = 80 * 10**9


def _per_layer(config, seq_len, block_size=1):
    total = 0
    for layer in range(config["n_layers"]):
        sliding = layer < config.get("n_sliding_layers", 0)
        tokens = min(seq_len, config["sliding_window"]) if sliding else seq_len
        slots = 0
        while slots < tokens:
            slots += block_size
        if config["attention"] == "gqa":
            k_bytes = v_bytes = config["n_kv_heads"] * config["head_dim"] * config["bytes_per_elem"]
            total += slots * (k_bytes + v_bytes)
        else:
            total += slots * (config["kv_lora_rank"] + config["rope_dim"]) * config["bytes_per_elem"]
    return total


def _max_seqs(config, seq_len, gpu, weights, block=16, util=90, reserve=0):
    budget = gpu * util // 100 - weights - reserve
    return max(budget, 0) // _per_layer(config, seq_len, block)


@sample(expected=[327_680, 1008 * 327_680, 70_272])
def prompt_example(m):
    """Llama-3-70B per token and for 1000 tokens in 16-token blocks; DeepSeek-V3 (MLA) per token"""
    return [m.kv_cache_bytes(LLAMA3_70B, 1), m.kv_cache_bytes(LLAMA3_70B, 1000, 16), m.kv_cache_bytes(DEEPSEEK_V3, 1)]


@sample(expected=(72_000_000_000 - 16_060_000_000) // (8192 * 131_072))
def llama3_8b_on_one_80gb_gpu(m):
    """Llama-3-8B (16.06 GB of bf16 weights) on 80 GB at 90%: 8192-token sequences of 1 GiB each"""
    return m.max_concurrent_sequences(LLAMA3_8B, 8192, H100, 16_060_000_000)


@sample(expected=18 * 128 * 2048 + 18 * 32768 * 2048)
def sliding_window_layers(m):
    """gpt-oss style: 18 sliding layers keep 128 tokens, 18 full layers keep 32768; 2 * 8 * 64 * 2 bytes each"""
    return m.kv_cache_bytes(GPT_OSS, 32768)


@hidden(expected=[_per_layer(GPT_OSS, 100), _per_layer(GPT_OSS, 100, 16), _per_layer(GPT_OSS, 5000, 256)])
def sliding_edge_cases(m):
    """a sequence shorter than the window; 16-token blocks; 256-token blocks larger than the window"""
    return [m.kv_cache_bytes(GPT_OSS, 100), m.kv_cache_bytes(GPT_OSS, 100, 16), m.kv_cache_bytes(GPT_OSS, 5000, 256)]


FP8 = dict(LLAMA3_70B, bytes_per_elem=1)
MQA = {"n_layers": 48, "attention": "gqa", "n_kv_heads": 1, "head_dim": 128, "bytes_per_elem": 2}


@hidden(expected=[_per_layer(FP8, 131_072, 16), _per_layer(MQA, 4097, 32), _per_layer(DEEPSEEK_V3, 163_840, 64)])
def fp8_mqa_and_mla_long_context(m):
    """fp8 Llama-3-70B at 128k tokens; a multi-query model at 4097 tokens in 32-token blocks; MLA at 160k"""
    return [m.kv_cache_bytes(FP8, 131_072, 16), m.kv_cache_bytes(MQA, 4097, 32),
            m.kv_cache_bytes(DEEPSEEK_V3, 163_840, 64)]


@hidden(expected=[_max_seqs(LLAMA3_70B, 4096, 8 * H100, 141_000_000_000, 16, 90, 20_000_000_000),
                  _max_seqs(GPT_OSS, 65_536, H100, 63_000_000_000, 16, 95),
                  _max_seqs(DEEPSEEK_V3, 32_768, 8 * 141 * 10**9, 671 * 10**9, 64, 92, 10**10)])
def concurrency_on_bigger_setups(m):
    """70B over 8 GPUs of 80 GB (pooled, 20 GB reserve); gpt-oss-120b on one 80 GB GPU at 95%; DeepSeek-V3 fp8
    weights on 8 x 141 GB"""
    return [m.max_concurrent_sequences(LLAMA3_70B, 4096, 8 * H100, 141_000_000_000, 16, 90, 20_000_000_000),
            m.max_concurrent_sequences(GPT_OSS, 65_536, H100, 63_000_000_000, 16, 95),
            m.max_concurrent_sequences(DEEPSEEK_V3, 32_768, 8 * 141 * 10**9, 671 * 10**9, 64, 92, 10**10)]


@hidden(expected=[0, 0])
def weights_leave_no_room(m):
    """70B bf16 weights (141 GB) on one 80 GB GPU; an exactly exhausted budget"""
    return [m.max_concurrent_sequences(LLAMA3_70B, 1024, H100, 141_000_000_000),
            m.max_concurrent_sequences(LLAMA3_8B, 1024, 100, 90, utilization_pct=90)]


@hidden(expected=[dict(GPT_OSS), dict(DEEPSEEK_V3)])
def configs_not_modified(m):
    a, b = dict(GPT_OSS), dict(DEEPSEEK_V3)
    m.kv_cache_bytes(a, 1000, 16)
    m.max_concurrent_sequences(b, 1000, H100, 10**9)
    return [a, b]
