"""Benchmarks: `make bench` (python -m bench) runs each one and writes bench/results.json."""
