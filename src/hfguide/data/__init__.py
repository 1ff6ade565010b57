"""What hfguide keeps: three data sets, each fetched from the Hub, checked and stored in its own
sub-package, the shared snapshot header (``provenance``), the live-or-snapshot choice of a build
(``source``) and the one refresh that writes all three files together (``refresh``).

* [`hub_models`][hfguide.data.hub_models]: the Hub's task list and each task's top models
  (``data/hub-snapshot.json``);
* [`leaderboard`][hfguide.data.leaderboard]: the Open LLM Leaderboard's rows
  (``data/leaderboard.json``);
* [`model_configs`][hfguide.data.model_configs]: the ``config.json`` of the models the site
  plans memory for (``data/model-configs.json``).
"""
