"""Offline interviewer follow-ups: the case's own, aimed at the weakest criteria, scored against references."""

from types import SimpleNamespace as NS

from app.catalog import load_catalog
from evaluators.rubric_scoring import score_design
from progress.mock_followups import choose, score


def _kp(text, status="missing"):
    return NS(id=text, text=text, synonyms=[], status=status)


CASE = NS(
    rubric=NS(criteria=[NS(id="cache", name="Caching", key_points=[_kp("cache hit rate and eviction policy")]),
                        NS(id="shard", name="Sharding", key_points=[_kp("consistent hashing to place shards")]),
                        NS(id="obs", name="Observability", key_points=[_kp("latency dashboards and alerts")])]),
    follow_ups=[NS(question="How do you alert on latency?",
                   answer="Dashboards of p99 latency with alerts on SLO burn."),
                NS(question="What eviction policy fits?",
                   answer="LRU eviction keeps the hit rate high for skewed keys."),
                NS(question="How are shards placed?", answer="Consistent hashing moves few keys when shards change.")])


def _result(levels):
    crit = [NS(id=i, name=n, level=levels[i], weight=w, key_points=[_kp(k.text) for k in c.key_points])
            for (i, n, w), c in zip([("cache", "Caching", 40), ("shard", "Sharding", 30), ("obs", "Observability", 30)],
                                    CASE.rubric.criteria, strict=True)]
    return NS(criteria=crit)


def test_follow_ups_target_the_two_weakest_criteria():
    chosen = choose(CASE, _result({"cache": 4, "shard": 1, "obs": 2}))
    assert [(f.criterion, f.question) for f in chosen] == [("Sharding", "How are shards placed?"),
                                                           ("Observability", "How do you alert on latency?")]
    chosen = choose(CASE, _result({"cache": 1, "shard": 4, "obs": 1}))  # equal levels: heavier weight first
    assert [f.criterion for f in chosen] == ["Caching", "Observability"]
    assert chosen[0].question == "What eviction policy fits?"


def test_real_case_two_distinct_follow_ups_with_references():
    case = load_catalog().cases.by_id()["openai-chat-serving"]
    result = score_design(case, "A load balancer in front of GPU servers running vLLM.")
    chosen = choose(case, result)
    own = {f.question: f.answer for f in case.follow_ups}
    assert len(chosen) == 2 and len({f.question for f in chosen}) == 2
    assert all(own[f.question] == f.reference for f in chosen)
    weakest = sorted(result.criteria, key=lambda c: (c.level, -c.weight))[:2]
    assert [f.criterion for f in chosen] == [c.name for c in weakest]


def test_answers_are_scored_offline_against_the_reference():
    case = load_catalog().cases.by_id()["openai-chat-serving"]
    f = choose(case, score_design(case, "A load balancer in front of GPU servers."))[0]
    full, off_topic = score(f, f.reference), score(f, "I would buy a bigger server and hope for the best.")
    assert full["score"] >= 80 > 20 >= off_topic["score"]
    assert off_topic["missed"] and not full["missed"]
