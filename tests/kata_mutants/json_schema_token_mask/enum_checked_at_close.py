# Checks enum membership only when the string closes, so a partial value that matches no member is allowed.
PARTIAL = -1  # the text ended inside the value: still viable, not finished
FAIL = -2


def _literal(word, s, i):
    """Match `word` at s[i:], allowing the text to end part-way through it."""
    part = s[i:i + len(word)]
    if not word.startswith(part):
        return FAIL
    return i + len(word) if len(part) == len(word) else PARTIAL


def _string(schema, s, i):
    if (i := _literal('"', s, i)) < 0:
        return i
    j = i
    while j < len(s) and s[j] != '"':
        if s[j] == "\\" or ord(s[j]) < 0x20:
            return FAIL
        j += 1
    body = s[i:j]
    if j == len(s):
        return PARTIAL
    if "enum" in schema and body not in schema["enum"]:
        return FAIL
    return j + 1


def _integer(s, i):
    j = i + 1 if s[i] == "-" else i
    if j == len(s):
        return PARTIAL
    if not s[j].isdigit() or not s[j].isascii():
        return FAIL
    if s[j] == "0":
        # No leading zeros: after a 0 the integer is over (a following digit then fails in the caller).
        return j + 1
    while j < len(s) and "0" <= s[j] <= "9":
        j += 1
    return j if j < len(s) else PARTIAL


def _array(schema, s, i):
    if (i := _literal("[", s, i)) < 0:
        return i
    if i < len(s) and s[i] == "]":
        return i + 1
    while True:
        if (i := _value(schema["items"], s, i)) < 0:
            return i
        if i == len(s):
            return PARTIAL
        if s[i] == "]":
            return i + 1
        if s[i] != ",":
            return FAIL
        i += 1


def _object(schema, s, i):
    if (i := _literal("{", s, i)) < 0:
        return i
    for n, (name, sub) in enumerate(schema["properties"].items()):
        key = ("," if n else "") + '"' + name + '":'
        if (i := _literal(key, s, i)) < 0:
            return i
        if (i := _value(sub, s, i)) < 0:
            return i
    return _literal("}", s, i)


def _value(schema, s, i):
    if i == len(s):
        return PARTIAL
    if "enum" in schema or schema["type"] == "string":
        return _string(schema, s, i)
    if schema["type"] == "integer":
        return _integer(s, i)
    if schema["type"] == "boolean":
        return _literal("true" if s[i] == "t" else "false", s, i)
    if schema["type"] == "array":
        return _array(schema, s, i)
    return _object(schema, s, i)


def _viable(schema, text):
    end = _value(schema, text, 0)
    return end == PARTIAL or end == len(text)


def _complete(schema, text):
    # A trailing integer only ends when something that is not a digit follows: a NUL sentinel plays that part
    # (NUL can never appear inside a valid document, so it cannot complete anything else).
    return _value(schema, text + "\x00", 0) == len(text)


def token_mask(schema, vocab, prefix, eos_id):
    mask = [_viable(schema, prefix + tok) for tok in vocab]
    mask[eos_id] = _complete(schema, prefix)
    return mask
