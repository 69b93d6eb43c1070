"""Evaluation: the verifier's labelled pairs (`verifier.py`) and metrics shared by the runners."""
