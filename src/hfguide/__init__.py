"""hfguide: find, choose and run models from the Hugging Face Hub.

The package behind the hfguide site. Its sub-packages follow the data, from a Hub query to a
page a reader opens:

* [`hfguide.hub`][hfguide.hub] queries the Hub with `huggingface_hub`;
* [`hfguide.replay`][hfguide.replay] serves recorded Hub answers on loopback, for tests and
  offline work;
* [`hfguide.data`][hfguide.data] keeps dated snapshots and picks live data or the snapshot;
* [`hfguide.pages`][hfguide.pages] turns the data into the generated pages;
* [`hfguide.planner`][hfguide.planner] works out whether a model fits in memory;
* [`hfguide.site`][hfguide.site] builds, serves and checks the site;
* [`hfguide.cli`][hfguide.cli] is the `hfguide` command.
"""

from pathlib import Path

__version__ = "0.1.0"

#: The repository checkout the package runs from (its data/, docs/ and mkdocs.yml).
PROJECT_ROOT = Path(__file__).resolve().parents[2]
