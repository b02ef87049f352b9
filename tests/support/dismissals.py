"""A sentence that calls a key point unnecessary, for the dismissal tests (evaluators.claims.dismissed_clause)."""


def dismissal_of(key_point_text: str, condition: str = "", subject: str = "the design ") -> str:
    """'It is unnecessary that the design <key point>.', with an optional leading condition."""
    practice = key_point_text[0].lower() + key_point_text[1:].rstrip(".")
    return f"{condition}It is unnecessary that {subject}{practice}."
