"""Graders and scorers: the sandboxed kata grader, the offline answer scorer, the optional LLM judge."""
