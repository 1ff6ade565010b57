"""A small replayable Hub: model records and task descriptions with the shapes real ones have."""

from __future__ import annotations


def _record(model_id: str, task: str | None, **fields):
    record = {
        "id": model_id,
        "author": model_id.split("/")[0],
        "private": False,
        "pipeline_tag": task,
    }
    record.update(fields)
    return {k: v for k, v in record.items() if v is not None}


#: A small record set with the shapes real records have: full 2026-style records, 2025-style
#: records without likes/trend/library, missing licences and languages, several tasks.
FIXTURE_RECORDS = [
    _record(
        "acme/classify-small",
        "text-classification",
        downloads=5000,
        likes=40,
        trendingScore=3,
        library_name="transformers",
        tags=["transformers", "en", "license:apache-2.0", "text-classification"],
        createdAt="2024-01-02T00:00:00.000Z",
        lastModified="2025-06-01T10:00:00.000Z",
        safetensors={"parameters": {}, "total": 66_000_000},
        cardData={"license": "apache-2.0", "language": ["en"]},
        _recorded_at="2026-05-04",
    ),
    _record(
        "acme/classify-large",
        "text-classification",
        downloads=90000,
        likes=12,
        trendingScore=9,
        library_name="transformers",
        tags=["transformers", "fr", "license:mit", "text-classification"],
        createdAt="2023-03-04T00:00:00.000Z",
        lastModified="2024-02-01T10:00:00.000Z",
        safetensors={"parameters": {}, "total": 355_000_000},
        cardData={"license": "mit", "language": ["fr", "en"]},
        _recorded_at="2026-05-04",
    ),
    _record(
        "beta/sentiment-old",
        "text-classification",
        downloads=250000,
        tags=["transformers", "en", "license:apache-2.0", "text-classification"],
        createdAt="2021-05-06T00:00:00.000Z",
        _recorded_at="2025-03-21",
    ),
    _record(
        "beta/news-topics",
        "text-classification",
        downloads=700,
        likes=3,
        trendingScore=0,
        library_name="setfit",
        tags=["setfit", "en", "text-classification"],
        createdAt="2025-01-01T00:00:00.000Z",
        lastModified="2025-01-02T00:00:00.000Z",
        _recorded_at="2026-05-04",
    ),
    _record(
        "gamma/masker",
        "fill-mask",
        downloads=1200,
        likes=80,
        trendingScore=1,
        library_name="transformers",
        tags=["transformers", "license:cc-by-nc-4.0", "fill-mask"],
        createdAt="2022-02-02T00:00:00.000Z",
        lastModified="2022-03-03T00:00:00.000Z",
        cardData={"license": "cc-by-nc-4.0"},
        _recorded_at="2026-05-04",
    ),
    _record(
        "gamma/no-task-model",
        None,
        downloads=10,
        tags=["custom"],
        createdAt="2020-01-01T00:00:00.000Z",
        _recorded_at="2025-03-21",
    ),
]

FIXTURE_TASKS = {
    "text-classification": {
        "id": "text-classification",
        "label": "Text Classification",
        "summary": "Assign a label to a whole text.",
        "libraries": ["setfit", "transformers"],
        "models": [],
        "datasets": [],
    },
    "fill-mask": {
        "id": "fill-mask",
        "label": "Fill-Mask",
        "summary": "Guess a hidden word.",
        "libraries": ["transformers"],
        "models": [],
    },
    "image-classification": {
        "id": "image-classification",
        "label": "Image Classification",
        "summary": "Assign a label to an image.",
        "libraries": ["timm"],
        "models": [],
    },
}
