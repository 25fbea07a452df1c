"""``rapport calibrate``: pattern-oriented calibration of the priors by ABC-SMC (pyabc).

config.py (the targets file), team.py (a manager's own team CSV), simulate.py (what one
parameter set yields: the statistics the targets name), abc.py (pyabc's ABC-SMC, resumable, on
local processes or Dask; forks.py guards its forked workers against Ctrl-C), report.py
(posterior Parquet, plots, predictive checks, HTML page).
"""
