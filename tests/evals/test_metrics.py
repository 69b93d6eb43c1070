from evals.metrics import precision_recall


def test_precision_recall_by_hand():
    predicted = [True, True, True, False, False]
    actual = [True, False, True, True, False]
    # tp=2, fp=1, fn=1 → precision 2/3, recall 2/3
    result = precision_recall(predicted, actual)
    assert result["tp"] == 2 and result["fp"] == 1 and result["fn"] == 1
    assert abs(result["precision"] - 2 / 3) < 1e-9 and abs(result["recall"] - 2 / 3) < 1e-9


def test_empty_denominators_are_zero():
    assert precision_recall([False], [False])["precision"] == 0.0
