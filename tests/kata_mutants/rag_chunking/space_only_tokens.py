# Splits tokens on single spaces only, so newlines and tabs stay inside tokens.
import re


def chunk_text(text, max_tokens, overlap=0, snap_to_sentences=False):
    spans = [(m.start(), m.end()) for m in re.finditer(r"[^ ]+", text)]
    n = len(spans)
    chunks, start = [], 0
    while start < n:
        end = min(start + max_tokens, n)
        if snap_to_sentences and end < n:
            # The last sentence end inside the window, if any, closes the chunk.
            for j in range(end - 1, start - 1, -1):
                if text[spans[j][1] - 1] in ".!?":
                    end = j + 1
                    break
        c0, c1 = spans[start][0], spans[end - 1][1]
        chunks.append({"text": text[c0:c1], "start": c0, "end": c1, "first_token": start, "n_tokens": end - start})
        if end == n:
            break
        start = max(end - overlap, start + 1)  # always move forward, even when snapping shrank the chunk
    return chunks
