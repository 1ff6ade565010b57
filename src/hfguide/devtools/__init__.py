"""Tools for the people who build hfguide, beside the package's layers: the benchmark harness and
the README's Measured table, the guide's screenshots, npm tools for the lint and Lighthouse."""
