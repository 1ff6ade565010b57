"""Memory estimates worked by hand, shared by the Python and the browser calculator tests."""

#: (parameters, precision, weights GB, inference GB): worked by hand from bytes per parameter
#: (4, 2, 2, 1, 0.5, 0.5) and the 1.2 overhead factor.
CASES = [
    (7e9, "float32", 28.0, 33.6),
    (7e9, "float16", 14.0, 16.8),
    (7e9, "bfloat16", 14.0, 16.8),
    (7e9, "8bit", 7.0, 8.4),
    (7e9, "4bit", 3.5, 4.2),
    (7e9, "GPTQ", 3.5, 4.2),
    (1.5e9, "bfloat16", 3.0, 3.6),
    (70e9, "4bit", 35.0, 42.0),
    (22_713_728, "float32", 0.090854912, 0.1090258944),
]
