"""Lamb's benchmark harness: scenarios, their baselines measured in the same run, and the report."""
