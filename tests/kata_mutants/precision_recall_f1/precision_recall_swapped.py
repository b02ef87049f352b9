# Divides true positives by the actual positives for precision and by the predicted ones for recall.
import numpy as np


def precision_recall_f1(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    tp = int(np.sum((y_true == 1) & (y_pred == 1)))
    n_true, n_pred = int(np.sum(y_true == 1)), int(np.sum(y_pred == 1))
    precision = tp / n_true if n_true else 0.0
    recall = tp / n_pred if n_pred else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return float(precision), float(recall), float(f1)
