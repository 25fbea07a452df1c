"""Rapport's front ends: the command line (``frontends.cli``) and the web app (``frontends.app``).

They sit on top: they import the model core (``sim``) and the experiments, never the reverse.
"""
