from evals.metrics import (
    citation_scores,
    exact_match,
    failure_kind,
    hit_at_k,
    must_contain_recall,
    normalize_answer,
    percentile,
    precision_recall,
    reciprocal_rank,
    token_f1,
)


def test_precision_recall_by_hand():
    predicted = [True, True, True, False, False]
    actual = [True, False, True, True, False]
    # tp=2, fp=1, fn=1 → precision 2/3, recall 2/3
    result = precision_recall(predicted, actual)
    assert result["tp"] == 2 and result["fp"] == 1 and result["fn"] == 1
    assert abs(result["precision"] - 2 / 3) < 1e-9 and abs(result["recall"] - 2 / 3) < 1e-9


def test_empty_denominators_are_zero():
    assert precision_recall([False], [False])["precision"] == 0.0



def test_squad_normalisation_and_exact_match():
    assert normalize_answer("The  $50 Billion!") == "50 billion"
    assert exact_match("the 50 billion.", ["$50 billion"]) == 1.0
    assert exact_match("50 million", ["$50 billion"]) == 0.0


def test_token_f1_by_hand():
    # prediction "svevind plans 50 billion" vs gold "50 billion": common 2, p=2/4, r=2/2 → f1=2/3
    assert abs(token_f1("Svevind plans $50 billion", ["$50 billion", "nothing"]) - 2 / 3) < 1e-9
    assert token_f1("no overlap", ["50 billion"]) == 0.0


def test_must_contain_recall_by_hand():
    assert must_contain_recall("Beryllium and titanium.", ["beryllium", "tantalum", "titanium"]) == 2 / 3
    assert must_contain_recall("anything", []) == 1.0


def test_ranking_metrics_by_hand():
    ranked = ["b", "a", "c"]
    assert hit_at_k(ranked, ["a"], 1) == 0.0 and hit_at_k(ranked, ["a"], 5) == 1.0
    assert reciprocal_rank(ranked, ["a"]) == 0.5 and reciprocal_rank(ranked, ["z"]) == 0.0


def test_citation_scores_by_hand():
    sentences = [{"citations": ["a", "b"], "verified": True}, {"citations": ["b"], "verified": True},
                 {"citations": ["a"], "verified": False}]
    # citations: a✓ b✗ b✗ a✗(unverified) → precision 1/4; sentences backed: 1 of 3
    precision, recall = citation_scores(sentences, ["a"])
    assert precision == 0.25 and abs(recall - 1 / 3) < 1e-9


def test_percentile_by_hand():
    assert percentile([1, 2, 3, 4], 50) == 2.5 and percentile([5], 95) == 5 and percentile([], 50) == 0.0


def test_must_contain_items_may_list_alternative_wordings():
    assert must_contain_recall("It will make 2m tonnes in 2030.", [["2 million", "2m"], "2030"]) == 1.0
    assert must_contain_recall("It will make two million tonnes.", [["2 million", "2m"], "2030"]) == 0.0


def test_each_question_gets_one_outcome():
    assert failure_kind(answerable=True, refused=False, contained=True) == "ok"
    assert failure_kind(answerable=True, refused=False, contained=False) == "wrong"
    assert failure_kind(answerable=True, refused=True, contained=False) == "refused"
    assert failure_kind(answerable=False, refused=False, contained=False) == "answered_unanswerable"
    assert failure_kind(answerable=False, refused=True, contained=False) == "ok"


def test_conflict_values_match_gold_in_other_wordings():
    from evals.metrics import conflict_found, same_value

    assert same_value("9", "nine") and same_value("7,000", "7000") and same_value("Adrian Russell Elms", "Adrian Elms")
    assert not same_value("45", "46") and not same_value("", "45")
    assert conflict_found([["45", "30"]], ["30", "45"]) and not conflict_found([["45", "29"]], ["30", "45"])
