"""Analysis: load model, availability, latency budgets, content checks and validation of a design."""
