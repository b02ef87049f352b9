"""litellm's mock_response as one streamed chunk.

Given a string, litellm's mock streams it 3 characters a chunk, and its stream wrapper spends ~4 ms of CPU on
each chunk: a 500-character criterion reply costs ~0.4 s, a 7-criterion design ~3 s. A ModelResponseStream is
passed through as a single chunk (0.1 s for the same design). Tests that are about parsing what the judge said,
not about streaming, use this; the streaming paths are tested against the fake server."""

from __future__ import annotations


def one_chunk(text: str):
    from evaluators.llm_judge import _import_litellm

    _import_litellm()  # sets LITELLM_LOCAL_MODEL_COST_MAP first
    from litellm.types.utils import Delta, ModelResponseStream, StreamingChoices

    return ModelResponseStream(choices=[StreamingChoices(index=0, delta=Delta(content=text, role="assistant"),
                                                         finish_reason="stop")])
