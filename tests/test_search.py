from question_bank.loader import load_bank
from question_bank.models import Question
from question_bank.search import Filters, SearchIndex


def _q(qid, prompt, answer="An answer about things.", **kw):
    base = dict(id=qid, area="machine-learning", topic="svm", type="concept", difficulty="medium",
                roles=["ai-research-engineer"], prompt=prompt, answer=answer, key_points=[], tags=[])
    base.update(kw)
    return Question(**base)


def test_prompt_match_outranks_passing_mention():
    qs = [
        _q("q-a", "How does dropout regularise a network?", answer="It also relates to the kernel trick a little."),
        _q("q-b", "Explain the kernel trick in SVMs.", answer="Inner products in feature space."),
    ]
    hits = SearchIndex(qs).search("kernel trick")
    assert [q.id for q, _ in hits] == ["q-b", "q-a"]
    assert hits[0][1] > hits[1][1] > 0


def test_filters_combine_with_search():
    qs = [
        _q("easy-one", "Kernel trick basics", difficulty="easy"),
        _q("hard-one", "Kernel trick in depth", difficulty="hard", roles=["backend-ai-engineer"]),
    ]
    index = SearchIndex(qs)
    assert [q.id for q, _ in index.search("kernel", Filters(difficulties=("hard",)))] == ["hard-one"]
    assert [q.id for q, _ in index.search("", Filters(roles=("backend-ai-engineer",)))] == ["hard-one"]
    assert index.search("zebra", Filters()) == []


def test_shipped_bank_search_finds_relevant_questions():
    bank = load_bank()
    index = SearchIndex(bank.questions)
    hits = index.search("attention")
    assert hits, "the shipped bank should have questions about attention"
    top = hits[0][0]
    assert "attention" in (top.prompt + top.answer + " ".join(top.tags)).lower()
