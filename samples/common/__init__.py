"""Helpers shared by the sample services of samples/ (stubs, call logs, trace context, servers)."""
