"""Open LLM Leaderboard rows in the data set's own layout, and their parquet form."""

from __future__ import annotations

import io

import pandas as pd

#: Rows in the data set's own column layout (names as the parquet files have them).
RAW = pd.DataFrame(
    [
        {
            "eval_name": "a_big_bf16",
            "Precision": "bfloat16",
            "Type": "💬 chat models (RLHF, DPO, IFT, ...)",
            "Weight type": "Original",
            "Architecture": "LlamaForCausalLM",
            "fullname": "org/big-chat",
            "Average ⬆️": 40.5,
            "Hub License": "apache-2.0",
            "Hub ❤️": 12,
            "#Params (B)": 70.6,
            "Available on the hub": True,
            "MoE": False,
            "Flagged": False,
            "Chat Template": True,
            "CO₂ cost (kg)": 30.2,
            "IFEval": 80.0,
            "BBH": 50.0,
            "MATH Lvl 5": 30.0,
            "GPQA": 10.0,
            "MUSR": 12.0,
            "MMLU-PRO": 60.0,
            "Merged": False,
            "Official Providers": True,
            "Submission Date": "2024-09-01",
            "Base Model": "org/big",
        },
        {
            "eval_name": "b",
            "Precision": "bfloat16",
            "Type": "💬 chat models (RLHF, DPO, IFT, ...)",
            "Weight type": "Original",
            "Architecture": "Qwen2ForCausalLM",
            "fullname": "org/small-chat",
            "Average ⬆️": 25.0,
            "Hub License": "apache-2.0",
            "Hub ❤️": 3,
            "#Params (B)": 7.6,
            "Available on the hub": True,
            "MoE": False,
            "Flagged": False,
            "Chat Template": True,
            "CO₂ cost (kg)": 1.1,
            "IFEval": 60.0,
            "BBH": 30.0,
            "MATH Lvl 5": 10.0,
            "GPQA": 5.0,
            "MUSR": 8.0,
            "MMLU-PRO": 30.0,
            "Merged": False,
            "Official Providers": False,
            "Submission Date": "2024-06-08",
            "Base Model": "org/small",
        },
        {
            "eval_name": "c",
            "Precision": "float16",
            "Type": "🟩 continuously pretrained",
            "Weight type": "Original",
            "Architecture": "MistralForCausalLM",
            "fullname": "lab/continued",
            "Average ⬆️": 28.0,
            "Hub License": None,
            "Hub ❤️": 0,
            "#Params (B)": 7.2,
            "Available on the hub": False,
            "MoE": True,
            "Flagged": False,
            "Chat Template": False,
            "CO₂ cost (kg)": 0.9,
            "IFEval": 20.0,
            "BBH": 35.0,
            "MATH Lvl 5": 5.0,
            "GPQA": 6.0,
            "MUSR": 9.0,
            "MMLU-PRO": 28.0,
            "Merged": True,
            "Official Providers": False,
            "Submission Date": "2025-02-08",
            "Base Model": "lab/base",
        },
        {
            "eval_name": "d",
            "Precision": "4bit",
            "Type": "🟢 pretrained",
            "Weight type": "Adapter",
            "Architecture": "?",
            "fullname": "lab/flagged",
            "Average ⬆️": 45.0,
            "Hub License": "mit",
            "Hub ❤️": 1,
            "#Params (B)": -1,
            "Available on the hub": True,
            "MoE": False,
            "Flagged": True,
            "Chat Template": False,
            "CO₂ cost (kg)": 0.5,
            "IFEval": 1.0,
            "BBH": 1.0,
            "MATH Lvl 5": 1.0,
            "GPQA": 1.0,
            "MUSR": 1.0,
            "MMLU-PRO": 1.0,
            "Merged": False,
            "Official Providers": False,
            "Submission Date": "2024-07-01",
            "Base Model": None,
        },
    ]
)


def parquet_bytes(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


def candidate_rows(rows, configs=None):
    """The finder's candidates of leaderboard rows alone (no Hub record; no recorded config unless
    ``configs`` is given), as the one query sees them."""
    from hfguide.data.hub_models import HubData
    from hfguide.data.leaderboard import LeaderboardData
    from hfguide.data.model_configs import ModelConfigs
    from hfguide.queries import candidates

    when = "2026-01-01T00:00:00Z"
    hub = HubData(tasks={}, results={}, source="snapshot", created_at=when, endpoint="")
    board = LeaderboardData(rows=rows, source="snapshot", created_at=when, endpoint="")
    configs = configs or ModelConfigs(configs={}, created_at=when, endpoint="")
    return candidates.build(hub, board, configs).rows
