"""Will it run: memory of weights, KV cache and training, and the browser's constants."""
