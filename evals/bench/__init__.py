"""Performance benchmarks (`reportqa bench`): pure statistics in `stats`, the measurements in `run`."""
