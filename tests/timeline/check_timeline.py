#!/usr/bin/env python3
"""Consistency check of dev.json against the dispatches in dev/ and the gazetteer.

Checks: every id is a row of gazetteer/places.tsv; the first state of each place is its
26 Nov 2024 state and agrees with gazetteer/baselines/nw-syria-2024-11-26.tsv; states are in
date order with known controllers; every change cites at least one existing dispatch by its
three-digit number, and at least one cited dispatch is dated (front matter `published`) on or
after the change; undated dispatches have neither `published` nor a full date (day and month) in their text.
Prints the list of changes and the number of (place, day) pairs. Run from anywhere:
    python3 tests/timeline/check_timeline.py
"""
import datetime as dt
import glob
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CONTROLLERS = {"government", "opposition", "sna", "sdf", "contested"}


def front(path):
    text = open(path, encoding="utf-8").read()
    if not text.startswith("---\n"):
        return {}, text
    head, body = text[4:].split("\n---\n", 1)
    meta = dict(l.split(":", 1) for l in head.splitlines() if ":" in l)
    return {k.strip(): v.strip() for k, v in meta.items()}, body


def main():
    gold = json.load(open(os.path.join(HERE, "dev.json"), encoding="utf-8"))
    ids = {l.split("\t", 1)[0] for l in open(os.path.join(ROOT, "gazetteer/places.tsv"), encoding="utf-8")}
    base = {}
    for l in open(os.path.join(ROOT, "gazetteer/baselines/nw-syria-2024-11-26.tsv"), encoding="utf-8"):
        if l.startswith("#") or l.startswith("place\t"):
            continue
        f = l.rstrip("\n").split("\t")
        base[f[0]] = f[2]
    docs = {}
    for p in sorted(glob.glob(os.path.join(HERE, gold["articles"], "*.txt"))):
        meta, body = front(p)
        docs[os.path.basename(p)[:3]] = (meta, body)
    errors = []
    for num, (meta, body) in docs.items():
        if "published" not in meta and re.search(
            r"\b\d{1,2} (November|December)\b|\b(November|December|Nov\.|Dec\.) \d{1,2}\b"
            r"|\b20\d\d-\d\d-\d\d\b|\b\d{1,2}/\d{1,2}/20\d\d\b", body):
            errors.append(f"{num}: undated dispatch names a date")
    changes = []
    for pl in gold["places"]:
        name, states = pl["name"], pl["states"]
        if pl["id"] not in ids:
            errors.append(f"{name}: {pl['id']} not in gazetteer")
        if states[0]["from"] != "2024-11-26":
            errors.append(f"{name}: first state is not the 26 Nov baseline")
        if base.get(pl["id"]) != states[0]["controller"]:
            errors.append(f"{name}: baseline file says {base.get(pl['id'])}")
        for a, b in zip(states, states[1:]):
            if a["from"] >= b["from"]:
                errors.append(f"{name}: states out of order")
        for s in states:
            if s["controller"] not in CONTROLLERS:
                errors.append(f"{name}: bad controller {s['controller']}")
        for s in states[1:]:
            cited = set(re.findall(r"\b\d{3}\b", s["basis"]))
            if not cited or not cited <= set(docs):
                errors.append(f"{name} {s['from']}: basis cites unknown dispatches {cited - set(docs)}")
            dated = [c for c in cited if c in docs and docs[c][0].get("published", "") >= s["from"]]
            if not dated:
                errors.append(f"{name} {s['from']}: no dated dispatch supports the change")
            changes.append(f"{name}: {s['from']} -> {s['controller']}")
    d0 = dt.date.fromisoformat(gold["from"])
    days = (dt.date.fromisoformat(gold["to"]) - d0).days + 1
    print(f"{len(docs)} dispatches, {len(gold['places'])} places, {len(gold['places']) * days} (place, day) pairs")
    print("\n".join(changes))
    if errors:
        print("\n".join("ERROR " + e for e in errors))
        sys.exit(1)


if __name__ == "__main__":
    main()
