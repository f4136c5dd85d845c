"""Development tooling: the scale data generator, the benchmark and the load run. Nothing in
the product imports it (tests/test_dependencies.py), and it runs in no request."""
