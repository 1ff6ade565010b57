"""Which modality each Hub task belongs to.

The Hub's ``/api/tasks`` answer does not say; the Hub's own front end takes it from the
``PIPELINE_DATA`` table of huggingface.js (``packages/tasks/src/pipelines.ts``, MIT; read at
commit fe42e680 of 2026-08-21, the file last changed on 2025-12-05), whose assignments are
restated here as facts, with the types it hides from the models page's task filter. A task not
listed falls under "Other".
"""

from __future__ import annotations

import re

#: Modalities in the order the catalogue shows them, with their headings.
MODALITIES: dict[str, str] = {
    "multimodal": "Multimodal",
    "cv": "Computer Vision",
    "nlp": "Natural Language Processing",
    "audio": "Audio",
    "tabular": "Tabular",
    "rl": "Reinforcement Learning",
    "other": "Other",
}

_BY_MODALITY: dict[str, tuple[str, ...]] = {
    "multimodal": (
        "audio-text-to-text",
        "image-text-to-text",
        "visual-question-answering",
        "document-question-answering",
        "video-text-to-text",
        "visual-document-retrieval",
        "any-to-any",
        "image-text-to-image",
        "image-text-to-video",
    ),
    "cv": (
        "depth-estimation",
        "image-classification",
        "object-detection",
        "image-segmentation",
        "text-to-image",
        "image-to-text",
        "image-to-image",
        "image-to-video",
        "unconditional-image-generation",
        "video-classification",
        "text-to-video",
        "zero-shot-image-classification",
        "mask-generation",
        "zero-shot-object-detection",
        "text-to-3d",
        "image-to-3d",
        "image-feature-extraction",
        "keypoint-detection",
        "video-to-video",
    ),
    "nlp": (
        "text-classification",
        "token-classification",
        "table-question-answering",
        "question-answering",
        "zero-shot-classification",
        "translation",
        "summarization",
        "feature-extraction",
        "text-generation",
        "text2text-generation",
        "fill-mask",
        "sentence-similarity",
        "table-to-text",
        "multiple-choice",
        "text-ranking",
        "text-retrieval",
    ),
    "audio": (
        "text-to-speech",
        "text-to-audio",
        "automatic-speech-recognition",
        "audio-to-audio",
        "audio-classification",
        "voice-activity-detection",
    ),
    "tabular": (
        "tabular-classification",
        "tabular-regression",
        "tabular-to-text",
        "time-series-forecasting",
    ),
    "rl": ("reinforcement-learning", "robotics"),
    "other": ("graph-ml", "other"),
}

TASK_MODALITY: dict[str, str] = {t: m for m, tasks in _BY_MODALITY.items() for t in tasks}
#: Ids kept for older data though the Hub's current ``PIPELINE_DATA`` no longer has them.
RETIRED: frozenset[str] = frozenset({"text2text-generation"})
#: The Hub's current pipeline types (``PIPELINE_DATA``), each with its modality.
HUB_TASKS: dict[str, str] = {t: m for t, m in TASK_MODALITY.items() if t not in RETIRED}
#: The types ``PIPELINE_DATA`` marks ``hideInModels``: no filter for them on the models page.
HIDDEN_IN_MODELS: frozenset[str] = frozenset(
    {"tabular-to-text", "table-to-text", "multiple-choice", "text-retrieval", "other"}
)


def modality_of(task_id: str) -> str:
    """The modality key (``"cv"``, ``"nlp"``, ...) of a Hub task id; ``"other"`` if unknown."""
    return TASK_MODALITY.get(task_id, "other")


def task_slug(task_id: str) -> str:
    """A file-name-safe slug for a task id (ids come from the Hub and are not trusted)."""
    slug = re.sub(r"[^a-z0-9]+", "-", task_id.lower()).strip("-")
    return slug or "task"
