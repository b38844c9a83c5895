"""The peer of `clusterbridge match_scores`: pandas + scipy in 15 lines (bench_match_scores.py)."""

import json
import sys

import pandas as pd
from scipy.optimize import linear_sum_assignment

scores = pd.read_csv(sys.argv[1], index_col=0, dtype={0: str})
values = scores.to_numpy(dtype=float)
rows, columns = linear_sum_assignment(values, maximize=True)
pairs = [
    {"mentee": scores.index[i], "mentor": scores.columns[j], "score": values[i, j]}
    for i, j in zip(rows.tolist(), columns.tolist(), strict=True)
]
print(json.dumps({"pairs": pairs, "total_score": float(values[rows, columns].sum())}))
