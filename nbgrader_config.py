"""nbgrader configuration for a course built with tools/make_nbgrader.py (docs/teaching.md).

Copied into the course directory by make_nbgrader.py; nbgrader reads it from there.
"""

from helpers._nbclient import patch_nbclient  # jupyter/nbclient#312 (helpers is installed where nbgrader runs)

c = get_config()  # noqa: F821 - nbgrader provides get_config() when it loads this file

# A solution region becomes this stub: `pass` keeps "Run All" going to the end (nbgrader's default,
# `raise NotImplementedError()`, stops a top-level value exercise's cell and every cell after it).
c.ClearSolutions.code_stub = {"python": "pass  # YOUR CODE HERE"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# nbgrader's default is 30 s per cell; notebook 08 trains a CNN for one to two minutes.
c.Execute.timeout = 600
c.Execute.startup_timeout = 120
c.Execute.interrupt_on_timeout = True


patch_nbclient()  # short polls on the channels nbgrader's Execute uses (helpers/_nbclient.py)
