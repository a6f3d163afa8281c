"""frontline's map step under Apache Spark, then its reduce step.

Reads an articles JSON-lines file as an RDD of lines in several partitions, numbers every
line with its 0-based place in the file (zipWithIndex), pipes each partition through
`frontline extract --numbered`, saves the records, and hands them to `frontline layers`,
whose exit status it returns. The output folder is the one `frontline map FILE` writes,
byte for byte: the records carry their line's index (seq) and layers sorts by it.

Two things Spark's text input does differently from map are taken care of: lines end at
"\n" only (Hadoop would also end one at a bare "\r"), and since Spark replaces bytes that
are not UTF-8 with U+FFFD before Python sees them, lines holding U+FFFD are named in a
warning and make the exit status 1 (map reports a line that is not UTF-8 and skips it).

Run it through scripts/spark/run, which sets up Python, Java and the offline settings.
"""

import argparse
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("input", help="articles JSON-lines file")
    p.add_argument("--out", required=True, help="output folder (as map --out)")
    p.add_argument("--frontline", required=True, help="the frontline binary")
    p.add_argument("--master", default="local[2]", help="Spark master (default local[2])")
    p.add_argument("--partitions", type=int, default=4, help="input partitions (default 4)")
    p.add_argument("--records", help="folder to keep the extract records in (default: temporary)")
    p.add_argument("--published", help="--published for extract")
    p.add_argument("--gazetteer", help="--gazetteer for extract and layers")
    p.add_argument("--baseline", help="--baseline for layers")
    p.add_argument("--reach-km", help="--reach-km for layers")
    p.add_argument("--quiet", action="store_true", help="--quiet for layers")
    return p.parse_args()


def main():
    a = parse_args()
    frontline = os.path.abspath(a.frontline)
    source = os.path.abspath(a.input)
    if not os.path.isfile(source):
        sys.exit(f"pipeline.py: {a.input}: no such file")
    # Spark's Python workers run this interpreter (the venv's), with pyspark in it.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession

    keep = a.records is not None
    records = os.path.abspath(a.records) if keep else tempfile.mkdtemp(prefix="frontline-records-")
    if keep and os.path.isdir(records) and os.listdir(records):
        spark_files = ("part-", "_SUCCESS", ".part-", "._SUCCESS")
        if not all(f.startswith(spark_files) for f in os.listdir(records)):
            sys.exit(
                f"pipeline.py: --records {a.records} holds other files than Spark's part "
                "files; give a new folder"
            )
    shutil.rmtree(records, ignore_errors=True)  # saveAsTextFile refuses an existing folder

    extract = [frontline, "extract", "--numbered", "--name", a.input, "--quiet"]
    if a.published:
        extract += ["--published", a.published]
    if a.gazetteer:
        extract += ["--gazetteer", os.path.abspath(a.gazetteer)]

    t0 = time.monotonic()
    spark = (
        SparkSession.builder.master(a.master)
        .appName("frontline-extract")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    sc = spark.sparkContext
    sc.setLogLevel("ERROR")
    t_up = time.monotonic()
    suspect = []
    try:
        # Lines end at \n alone, as map reads them (a trailing \r is extract's to drop).
        sc._jsc.hadoopConfiguration().set("textinputformat.record.delimiter", "\n")
        lines = sc.textFile("file://" + source, minPartitions=a.partitions)
        # The global order key: each line's 0-based index in the file, whatever partition
        # it lands in. extract --numbered takes it as seq and names bad lines by it.
        indexed = lines.zipWithIndex()
        suspect = indexed.filter(lambda t: "\ufffd" in t[0]).map(lambda t: t[1] + 1).take(20)
        numbered = indexed.map(lambda t: f"{t[1]}\t{t[0]}")
        # pipe() gives the command an empty environment; one rayon thread per task, since
        # Spark already runs a task per core.
        out = numbered.pipe(shlex.join(extract), env={"RAYON_NUM_THREADS": "1"}, checkCode=True)
        out.saveAsTextFile("file://" + records)
        parts = sorted(
            os.path.join(records, f) for f in os.listdir(records) if f.startswith("part-")
        )
        n_in = lines.getNumPartitions()
    finally:
        spark.stop()
    t_spark = time.monotonic()
    n_records = 0
    for p in parts:
        with open(p, "rb") as f:
            n_records += sum(1 for _ in f)
    print(
        f"pipeline.py: {n_in} partitions, {n_records} records in {len(parts)} part files "
        f"({records}); Spark up in {t_up - t0:.1f} s, extract in {t_spark - t_up:.1f} s",
        file=sys.stderr,
    )

    layers = [frontline, "layers", "--out", a.out]
    if a.gazetteer:
        layers += ["--gazetteer", a.gazetteer]
    if a.baseline:
        layers += ["--baseline", a.baseline]
    if a.reach_km:
        layers += ["--reach-km", a.reach_km]
    if a.quiet:
        layers += ["--quiet"]
    code = subprocess.call(layers + parts)
    print(
        f"pipeline.py: layers exit {code} in {time.monotonic() - t_spark:.1f} s; "
        f"{time.monotonic() - t0:.1f} s in all",
        file=sys.stderr,
    )
    if suspect:
        shown = ", ".join(str(n) for n in suspect[:10]) + (", ..." if len(suspect) > 10 else "")
        print(
            f"pipeline.py: warning: {a.input}: {'line' if len(suspect) == 1 else 'lines'} {shown} "
            f"{'holds' if len(suspect) == 1 else 'hold'} U+FFFD: the character itself, "
            "or bytes that are not UTF-8, which Spark replaces (map reports such a line and "
            "skips it); check them with `frontline extract < FILE > /dev/null`",
            file=sys.stderr,
        )
        code = max(code, 1)
    if not keep:
        shutil.rmtree(records, ignore_errors=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
