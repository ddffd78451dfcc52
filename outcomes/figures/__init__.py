"""The outcome figures for a set of networks over a period, raw counts
before any small number is suppressed: ``counting.outcome_figures`` (and its
counting rules), what they are made of in ``results``, the survey and quality
check figures in ``surveys`` and ``quality``."""
