"""The pieces of scripts/soak.py: RESP client, processes, checking client, chaos."""
