"""The hostile corpus is data: its scenario file fails on purpose (tests/test_cli_output.py)."""

collect_ignore_glob = ["*"]
