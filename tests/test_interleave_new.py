"""New items interleave topics (issue 18): ten new items never come from one topic in a row."""

from datetime import UTC, datetime
from itertools import pairwise

from app.catalog import load_catalog
from progress.scheduling import Drills
from progress.store import Store

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def test_ten_new_items_from_ten_topics_in_catalogue_order(tmp_path):
    questions = load_catalog().bank.questions  # the file order groups questions by topic
    topic_of = {("question", q.id): q.topic for q in questions}
    d = Drills(Store(tmp_path / "m.db"), enable_fuzzing=False)
    new = [e for e in d.queue(list(topic_of), now=NOW, new_limit=10, topic_of=topic_of) if e.reason == "new"]
    topics = [topic_of[(e.item_type, e.item_id)] for e in new]
    assert len(new) == 10 and len(set(topics)) == 10
    without = [e for e in d.queue(list(topic_of), now=NOW, new_limit=10) if e.reason == "new"]
    assert len({topic_of[(e.item_type, e.item_id)] for e in without}) < 10  # what interleaving fixes


def test_topics_introduced_today_go_last(tmp_path):
    topic_of = {("question", f"a{i}"): "A" for i in range(5)} | {("question", f"b{i}"): "B" for i in range(5)}
    d = Drills(Store(tmp_path / "m.db"), enable_fuzzing=False)
    d.review("question", "a0", 3, now=NOW)  # one A introduced today
    new = [e for e in d.queue(list(topic_of), now=NOW, new_limit=10, topic_of=topic_of) if e.reason == "new"]
    topics = [topic_of[(e.item_type, e.item_id)] for e in new]
    assert topics[:2] == ["B", "A"] and all(x != y for x, y in pairwise(topics[:8]))
