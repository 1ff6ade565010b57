"""A local Hub for tests and offline refreshes: recorded records served with the Hub's semantics."""
