"""jovi's benchmark harness: the same workloads on jovi and on its peers, in one run.

Run it with ``make bench`` (or ``make bench-smoke``); see ``bench/README.md``. The
package lives at the repository root, outside ``src/jovi``: jovi never imports it.
The drivers in ``bench.drivers`` run inside the bench environment, one fresh process
per measured run, and import this package, so this file imports nothing.
"""
