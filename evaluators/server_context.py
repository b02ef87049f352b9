"""How many tokens the judge's server holds per request, asked of the server itself before sending.

llama.cpp's `GET /props` reports the per-slot context (`n_ctx`, the -c value divided by --parallel),
Ollama's `POST /api/show` the model's `num_ctx` parameter when one is set (and `GET /api/ps` the context
of a loaded model), vLLM's `GET /v1/models` each model's `max_model_len`. A server that answers none of
them is sent the request anyway. Ollama is the dangerous one: it truncates an over-long prompt silently.
Only stdlib HTTP here (no litellm), with a short timeout, to the same host the judge already talks to.
"""

from __future__ import annotations

import json
import re
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

PROBE_TIMEOUT_S = 2.0
CACHE_TTL_S = 300.0  # servers are restarted with another -c now and then; re-ask every five minutes

_cache: dict[tuple, tuple[float, ContextInfo | None]] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class ContextInfo:
    n_ctx: int
    server: str   # "llama.cpp" | "ollama" | "vllm"
    source: str   # where the number came from, for messages

    def advice(self, needed: int) -> str:
        """How to give the server room for `needed` tokens."""
        if self.server == "ollama":
            return (f"set `num_ctx` to at least {needed} (`OLLAMA_CONTEXT_LENGTH={needed} ollama serve`, or "
                    f"`PARAMETER num_ctx {needed}` in a Modelfile)")
        if self.server == "llama.cpp":
            return (f"restart llama-server with a context of at least {needed} per slot (`-c {needed}` with "
                    f"`--parallel 1`, or `-c` = {needed} x the number of slots)")
        return f"restart vLLM with `--max-model-len {needed}` or more"


def _root(api_base: str) -> str:
    return re.sub(r"/v1/?$", "", api_base.rstrip("/"))


def _model_name(model: str) -> str:
    return model.split("/", 1)[1] if "/" in model else model


def _get(url: str, api_key: str | None, body: dict | None = None) -> dict | None:
    headers = {"Content-Type": "application/json"}
    if api_key:
        headers["Authorization"] = f"Bearer {api_key}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers=headers, method="POST" if body is not None else "GET")
    try:
        with urllib.request.urlopen(request, timeout=PROBE_TIMEOUT_S) as response:
            return json.loads(response.read(1_000_000))
    except (urllib.error.URLError, OSError, ValueError):
        return None


def _positive(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _llama_cpp(root: str, key: str | None) -> ContextInfo | None:
    props = _get(f"{root}/props", key)
    if not isinstance(props, dict):
        return None
    settings = props.get("default_generation_settings") or {}
    n = _positive(settings.get("n_ctx")) or _positive(props.get("n_ctx"))
    return ContextInfo(n, "llama.cpp", "llama.cpp GET /props n_ctx") if n else None


def _ollama(root: str, model: str, key: str | None) -> ContextInfo | None:
    show = _get(f"{root}/api/show", key, {"model": model})
    if not isinstance(show, dict):
        return None
    match = re.search(r"^\s*num_ctx\s+(\d+)", str(show.get("parameters") or ""), re.M)
    if match:
        return ContextInfo(int(match.group(1)), "ollama", "Ollama POST /api/show num_ctx")
    ps = _get(f"{root}/api/ps", key)
    for entry in (ps or {}).get("models", []) if isinstance(ps, dict) else []:
        if entry.get("name") in (model, f"{model}:latest") or entry.get("model") in (model, f"{model}:latest"):
            n = _positive(entry.get("context_length"))
            if n:
                return ContextInfo(n, "ollama", "Ollama GET /api/ps context_length")
    return None  # the default depends on the server's VRAM and version: unknown, so not refused


def _vllm(api_base: str, model: str, key: str | None) -> ContextInfo | None:
    listing = _get(f"{api_base.rstrip('/')}/models", key)
    entries = listing.get("data") if isinstance(listing, dict) else None
    if not isinstance(entries, list):
        return None
    named = [e for e in entries if isinstance(e, dict) and e.get("id") == model] or \
        ([entries[0]] if len(entries) == 1 and isinstance(entries[0], dict) else [])
    n = _positive(named[0].get("max_model_len")) if named else None
    return ContextInfo(n, "vllm", "vLLM GET /v1/models max_model_len") if n else None


def probe_context(api_base: str | None, model: str, api_key: str | None = None) -> ContextInfo | None:
    """The server's context size, or None when it does not say (or there is no local base URL)."""
    if not api_base:
        return None
    key = (api_base, model)
    with _lock:
        hit = _cache.get(key)
        if hit and time.monotonic() - hit[0] < CACHE_TTL_S:
            return hit[1]
    name, root = _model_name(model), _root(api_base)
    info = _llama_cpp(root, api_key) or _ollama(root, name, api_key) or _vllm(api_base, name, api_key)
    with _lock:
        _cache[key] = (time.monotonic(), info)
    return info


def clear_cache() -> None:
    with _lock:
        _cache.clear()


def refusal(info: ContextInfo | None, needed: int) -> str | None:
    """Why a request of `needed` tokens cannot be sent, or None when it fits or the size is unknown."""
    if info is None or needed <= info.n_ctx:
        return None
    return (f"the longest judge request needs about {needed} tokens but the server's context is "
            f"{info.n_ctx} ({info.source}): {info.advice(needed)}")
