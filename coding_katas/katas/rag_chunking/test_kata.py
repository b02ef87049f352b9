import random

from coding_katas.scenarios import hidden, sample

# Expected values: by hand, and from _scan_chunks, written independently: tokens found by a character loop
# (str.isspace), windows built with explicit token lists and the sentence end found by scanning forwards.


def _tokens(text):
    out, i = [], 0
    while i < len(text):
        if text[i].isspace():
            i += 1
            continue
        j = i
        while j < len(text) and not text[j].isspace():
            j += 1
        out.append((i, j))
        i = j
    return out


def _scan_chunks(text, max_tokens, overlap=0, snap=False):
    toks = _tokens(text)
    result, start = [], 0
    while toks and start < len(toks):
        window = list(range(start, min(start + max_tokens, len(toks))))
        if snap and window[-1] + 1 < len(toks):
            ends = [k for k in window if text[toks[k][1] - 1] in "!?."]
            if ends:
                window = window[:window.index(ends[-1]) + 1]
        c0, c1 = toks[window[0]][0], toks[window[-1]][1]
        result.append({"text": text[c0:c1], "start": c0, "end": c1, "first_token": window[0],
                       "n_tokens": len(window)})
        if window[-1] == len(toks) - 1:
            break
        start = max(window[-1] + 1 - overlap, start + 1)
    return result


EX = "RoPE rotates pairs. YaRN  extends it!\nIt ramps frequencies."


@sample(expected=[{"text": "RoPE rotates pairs. YaRN", "start": 0, "end": 24, "first_token": 0, "n_tokens": 4},
                  {"text": "YaRN  extends it!\nIt", "start": 20, "end": 40, "first_token": 3, "n_tokens": 4},
                  {"text": "It ramps frequencies.", "start": 38, "end": 59, "first_token": 6, "n_tokens": 3}])
def prompt_example_windows(m):
    """windows of 4 tokens with 1 token of overlap; chunk texts keep the original spacing and newline"""
    return m.chunk_text(EX, 4, 1)


@sample(expected=[{"text": "RoPE rotates pairs.", "start": 0, "end": 19, "first_token": 0, "n_tokens": 3},
                  {"text": "pairs. YaRN  extends it!", "start": 13, "end": 37, "first_token": 2, "n_tokens": 4},
                  {"text": "it!\nIt ramps frequencies.", "start": 34, "end": 59, "first_token": 5, "n_tokens": 4}])
def prompt_example_snapped(m):
    """the same text with sentence snapping"""
    return m.chunk_text(EX, 4, 1, snap_to_sentences=True)


@sample(expected=[[{"text": "one two", "start": 2, "end": 9, "first_token": 0, "n_tokens": 2}], [], []])
def short_and_empty_texts(m):
    """a text shorter than one chunk (leading/trailing whitespace excluded); an empty and an all-space text"""
    return [m.chunk_text("  one two\n", 5, 2), m.chunk_text("", 3), m.chunk_text(" \n\t ", 3)]


def _document(seed, n_sentences):
    rng = random.Random(seed)
    words = ["attention", "kv", "cache", "block", "GPU", "memory", "latency", "token", "decode", "prefill", "model"]
    sents = []
    for _ in range(n_sentences):
        body = " ".join(rng.choice(words) for _ in range(rng.randint(2, 14)))
        sents.append(body[0].upper() + body[1:] + rng.choice([".", ".", "!", "?"]))
    seps = ["  ", " ", "\n", "\n\n", " \t"]
    return "".join(s + rng.choice(seps) for s in sents)


DOC = _document(1, 30)


@hidden(expected=_scan_chunks(DOC, 32, 8))
def long_document_windows(m):
    """30 sentences, windows of 32 tokens with 8 of overlap, mixed whitespace"""
    return m.chunk_text(DOC, 32, 8)


@hidden(expected=_scan_chunks(DOC, 32, 8, snap=True))
def long_document_snapped(m):
    """the same with sentence snapping"""
    return m.chunk_text(DOC, 32, 8, snap_to_sentences=True)


@hidden(expected=_scan_chunks(DOC, 5, 4, snap=True))
def overlap_one_less_than_window(m):
    """max_tokens 5, overlap 4, snapping: chunks advance by at least one token"""
    return m.chunk_text(DOC, 5, 4, snap_to_sentences=True)


NO_STOP = "alpha beta gamma delta epsilon zeta eta theta iota kappa"


@hidden(expected=_scan_chunks(NO_STOP, 3, 1, snap=True))
def no_sentence_end_means_no_snapping(m):
    """no token ends a sentence: full windows of 3 with overlap 1"""
    return m.chunk_text(NO_STOP, 3, 1, snap_to_sentences=True)


EARLY = "Yes. a b c d e f g h i j."


@hidden(expected=_scan_chunks(EARLY, 6, 5, snap=True))
def snapping_to_the_first_token(m):
    """the only sentence end in the first window is its first token: chunk of 1, next start is start + 1"""
    return m.chunk_text(EARLY, 6, 5, snap_to_sentences=True)


@hidden(expected=_scan_chunks(DOC, 1, 0))
def one_token_chunks(m):
    """max_tokens 1: every token is its own chunk"""
    return m.chunk_text(DOC, 1, 0)


TAIL = "First point here. Second point without an end"


@hidden(expected=[{"text": TAIL, "start": 0, "end": len(TAIL), "first_token": 0, "n_tokens": 8}])
def unfinished_last_sentence(m):
    """the window reaches the end of the text: no snapping, so the unfinished sentence stays in the one chunk"""
    return m.chunk_text(TAIL, 10, 2, snap_to_sentences=True)
