"""hfguide: find, choose and run models from the Hugging Face Hub.

The package behind the hfguide site. Data flows query → snapshot → render → test:

* :mod:`hfguide.hub` queries the Hub with ``huggingface_hub``;
* :mod:`hfguide.replay` replays recorded Hub answers on loopback for tests and offline work;
* :mod:`hfguide.snapshot` stores dated answers and picks live data or the snapshot for a build;
* :mod:`hfguide.render` turns the data into the generated pages;
* :mod:`hfguide.cli` is the ``hfguide`` command.
"""

__version__ = "0.1.0"
