"""hfguide: find, choose and run models from the Hugging Face Hub.

The package behind the hfguide site. Data flows query → snapshot → render → test:

* :mod:`hfguide.hub.client` queries the Hub with ``huggingface_hub``;
* :mod:`hfguide.replay.server` replays recorded Hub answers on loopback for tests and offline work;
* :mod:`hfguide.data.snapshot` stores dated answers and picks live data or the snapshot for a build;
* :func:`hfguide.pages.build` turns the data into the generated pages;
* :mod:`hfguide.cli` is the ``hfguide`` command.
"""

from pathlib import Path

__version__ = "0.1.0"

#: The repository checkout the package runs from (its data/, docs/ and mkdocs.yml).
PROJECT_ROOT = Path(__file__).resolve().parents[2]
