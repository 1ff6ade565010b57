"""The Hub as a data source: queries, transport, cache, records."""
