"""A small dated news corpus with groups, made at test time from real Chinese words.

Four sections with words of their own (one of them too small for a result),
words every section uses, and two planted trends over eight weeks: 疫情 rises
from week to week, 春節 falls.  Two dates are bad (``昨天``) or missing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

SECTION_WORDS = {
    "社會": ["醫院", "患者", "社區", "口罩", "隔離", "醫生", "學校", "家長"],
    "財經": ["經濟", "市場", "股市", "投資", "企業", "銀行", "利率", "出口"],
    "體育": ["比賽", "球隊", "冠軍", "球員", "聯賽", "教練", "進球", "決賽"],
    "國際": ["美國", "日本", "歐洲", "外交"],
}
COMMON = ["記者", "今天", "表示", "發布", "新聞", "時間", "城市", "政府"]
SIZES = {"社會": 24, "財經": 22, "體育": 18, "國際": 2}
WEEKS = 8
START = pd.Timestamp("2020-01-06")  # a Monday


def news_frame(seed: int = 0) -> pd.DataFrame:
    """Columns 編號, 標題, 正文, 版面, 日期 (Chinese column names, as a user's CSV has them)."""
    rng = np.random.default_rng(seed)
    rows = []
    n = 0
    for section, size in SIZES.items():
        for _ in range(size):
            week = n % WEEKS
            words = list(rng.choice(SECTION_WORDS[section], size=12)) + list(rng.choice(COMMON, size=6))
            words += ["疫情"] * int(rng.poisson(0.3 + 0.9 * week)) + ["春節"] * int(rng.poisson(0.3 + 0.9 * (WEEKS - 1 - week)))
            rng.shuffle(words)
            text = "，".join(words) + "。"
            date = START + pd.Timedelta(days=int(7 * week + rng.integers(0, 7)), hours=int(rng.integers(7, 22)))
            rows.append({"編號": f"n{n:03d}", "標題": "".join(words[:3]), "正文": text, "版面": section,
                         "日期": f"{date:%Y-%m-%d %H:%M}"})
            n += 1
    frame = pd.DataFrame(rows)
    frame.loc[3, "日期"] = "昨天"  # unparseable
    frame.loc[7, "日期"] = ""  # missing
    return frame
