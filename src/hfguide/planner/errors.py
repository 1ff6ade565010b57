"""The one error of the planner: input that has no memory answer."""


class MemoryEstimateError(ValueError):
    """Input that has no memory answer: unknown precision, a size that is not a number, ..."""
