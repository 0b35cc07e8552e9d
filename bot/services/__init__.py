"""The rules. Plain values in, dataclasses out; no telegram imports here."""
