"""Lan Toả: the communication platform of Vietnam Social Security and its offices."""
