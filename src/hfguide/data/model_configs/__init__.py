"""The ``config.json`` of every model the site plans memory for: fetched (``fetch``), checked
(``check``) and kept in ``data/model-configs.json`` (``store``)."""

from hfguide.data.model_configs.fetch import (
    EXTRA_MODELS,
    BadConfig,
    config_candidates,
    fetch,
    fetch_config,
    fetch_model_config,
    fetch_parameter_count,
)
from hfguide.data.model_configs.store import ConfigEntry, ModelConfigs, load, read, text, write

__all__ = [
    "EXTRA_MODELS",
    "BadConfig",
    "ConfigEntry",
    "ModelConfigs",
    "config_candidates",
    "fetch",
    "fetch_config",
    "fetch_model_config",
    "fetch_parameter_count",
    "load",
    "read",
    "text",
    "write",
]
