"""Experiments: planning and analysing sweeps over the Rapport model."""
