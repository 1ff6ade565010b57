"""What the site and the CLI ask of the data: the best models that fit, licences, what a name
declares, which recorded shape a model plans with, what a memory plan is about, and how a Hub
task runs in the installed transformers."""
