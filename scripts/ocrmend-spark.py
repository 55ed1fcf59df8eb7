"""The ocrmend Spark jobs as a file for spark-submit (which takes a file, not
a module): `spark-submit scripts/ocrmend-spark.py repair|dedup IN OUT`, with
the `ocrmend` package installed on the nodes or shipped in an archive (README,
"Past one machine")."""

from ocrmend.spark import main

raise SystemExit(main())
