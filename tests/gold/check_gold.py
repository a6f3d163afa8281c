#!/usr/bin/env python3
"""Consistency check for the development gold set (tests/gold/dev.json + tests/gold/dev/).

Run from anywhere:  python3 tests/gold/check_gold.py [path/to/dev.json] [--gazetteer path/to/places.tsv]

Checks
  * dev.json loads and has exactly the top-level keys of the shared seeds.json format;
  * every text in dev/ has an entry in `articles` and vice versa;
  * each text's layout: headline, date line (or none), blank line, body; the date line agrees with
    `published` (no date line <=> published null);
  * every surface string of every mention occurs verbatim (case-sensitive, whole word, as the
    harness finds it with `\\b...\\b`) in its text;
  * surfaces of two different places never overlap in a text, except when the outer place's
    gazetteer row names the inner place as its parent ("Aleppo's citadel" contains "Aleppo");
  * not_places and foreign_places strings never overlap a gold surface occurrence, and each
    occurs in at least one text;
  * every place key used in mentions and claims exists in `places`, every place is used, every
    claimed place is also mentioned in that article;
  * every `id` exists in gazetteer/places.tsv with a kind of the same family as the gold kind
    (city: city/town/village; site: site/road; the others: the same word), and the gold
    coordinates lie within tolerance_km of that row;
  * a surface string used anywhere in the set that occurs in another text is covered there by a
    gold surface or a not-place/foreign string (no place occurrence is left unannotated);
  * claims use the allowed controllers and statuses, dates are ISO dates not after publication
    (null when the text is undated), and each '...'-separated piece of the evidence occurs in the text.

Exit status 0 when there are no errors (warnings are printed but do not fail).
"""
import csv
import datetime as dt
import json
import math
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
ARGS = sys.argv[1:]
GAZ = REPO / "gazetteer" / "places.tsv"
if "--gazetteer" in ARGS:
    i = ARGS.index("--gazetteer")
    GAZ = Path(ARGS[i + 1])
    del ARGS[i:i + 2]
GOLD = Path(ARGS[0]) if ARGS else HERE / "dev.json"
TEXTS = GOLD.parent / GOLD.stem  # dev.json -> dev/

KEYS = ["about", "tolerance_km", "places", "not_places", "foreign_places", "articles"]
TOLERANCE = {"city": 10, "site": 5, "neighbourhood": 5, "district": 30, "governorate": 60, "region": 80}
FAMILY = {
    "city": {"city", "town", "village"},
    "site": {"site", "road"},
    "neighbourhood": {"neighbourhood"},
    "district": {"district"},
    "governorate": {"governorate"},
    "region": {"region"},
}
CONTROLLERS = {"government", "opposition", "sna", "sdf", "contested"}
STATUSES = {"held", "captured", "claimed", "contested"}
MONTHS = {m: i + 1 for i, m in enumerate(
    "January February March April May June July August September October November December".split())}
DATE_LINE = re.compile(r"^(\d{1,2}) (%s) (\d{4})$" % "|".join(MONTHS))

errors, warnings = [], []


def err(msg):
    errors.append(msg)


def warn(msg):
    warnings.append(msg)


def km(a, b):
    (lon1, lat1), (lon2, lat2) = a, b
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def spans(text, s):
    """Whole-word occurrences of s, the way the harness finds them (regex \\b, Unicode)."""
    return [m.span() for m in re.finditer(r"\b" + re.escape(s) + r"\b", text)]


def main():
    gold = json.load(open(GOLD, encoding="utf-8"))
    gaz = {r["id"]: r for r in csv.DictReader(open(GAZ, encoding="utf-8"), delimiter="\t")}

    if list(gold) != KEYS:
        err(f"top-level keys {list(gold)} != {KEYS}")
    if gold.get("tolerance_km") != TOLERANCE:
        err(f"tolerance_km {gold.get('tolerance_km')} != {TOLERANCE}")
    places, arts = gold["places"], gold["articles"]

    # Places and their gazetteer rows.
    for key, p in places.items():
        if set(p) != {"name", "kind", "coordinates", "id"}:
            err(f"place {key}: keys {sorted(p)}")
        kind = p.get("kind")
        if kind not in FAMILY:
            err(f"place {key}: kind {kind!r} not one of {sorted(FAMILY)}")
            continue
        row = gaz.get(p.get("id"))
        if row is None:
            err(f"place {key}: id {p.get('id')!r} not in {GAZ.name}")
            continue
        if row["kind"] not in FAMILY[kind]:
            err(f"place {key}: gold kind {kind} but gazetteer kind {row['kind']} ({p['id']})")
        lon, lat = p["coordinates"]
        if not (-180 <= lon <= 180 and -90 <= lat <= 90) or not (30 < lat < 40 and 34 < lon < 43):
            err(f"place {key}: coordinates {p['coordinates']} not lon/lat in Syria")
        d = km((lon, lat), (float(row["lon"]), float(row["lat"])))
        if d > TOLERANCE[kind]:
            err(f"place {key}: {d:.1f} km from its gazetteer row {p['id']} (tolerance {TOLERANCE[kind]})")
        if row["country"] != "SY":
            err(f"place {key}: gazetteer row {p['id']} is not in Syria ({row['country']})")

    # Articles and texts.
    files = {f.name for f in TEXTS.iterdir() if f.suffix == ".txt"}
    for f in sorted(files - set(arts)):
        err(f"{f}: text without gold entry")
    for f in sorted(set(arts) - files):
        err(f"{f}: gold entry without text")

    used = set()
    traps = [("not_place", s) for s in gold["not_places"]] + [("foreign", s) for s in gold["foreign_places"]]
    trap_seen = {s: 0 for _, s in traps}
    n_mentions = n_surfaces = n_claims = 0
    for name in sorted(set(arts) & files):
        a = arts[name]
        text = (TEXTS / name).read_text(encoding="utf-8")
        lines = text.split("\n")
        if set(a) - {"published", "published_basis", "mentions", "claims", "must_not_claim"}:
            err(f"{name}: unexpected keys {sorted(set(a))}")
        # Layout and date line.
        m = DATE_LINE.match(lines[1]) if len(lines) > 1 else None
        if m:
            line_date = dt.date(int(m[3]), MONTHS[m[2]], int(m[1])).isoformat()
            if a["published"] != line_date:
                err(f"{name}: date line says {line_date}, published {a['published']}")
            if len(lines) < 4 or lines[2] != "" or not lines[3].strip():
                err(f"{name}: expected headline, date line, blank line, body")
        else:
            if a["published"] is not None:
                err(f"{name}: no date line but published {a['published']}")
            if len(lines) < 3 or lines[1] != "" or not lines[2].strip():
                err(f"{name}: undated text: expected headline, blank line, body")
        if not lines[0].strip():
            err(f"{name}: first line (headline) is empty")
        body_sentences = len(re.findall(r"[.!?»](\s|$)", "\n".join(lines[2:])))
        if not 2 <= body_sentences <= 9:
            warn(f"{name}: body has about {body_sentences} sentences")

        # Mentions: verbatim whole-word surfaces; overlaps between places.
        occ = []  # (start, end, place, surface)
        for key, surfaces in a["mentions"].items():
            used.add(key)
            if key not in places:
                err(f"{name}: mention of unknown place {key!r}")
                continue
            if not surfaces:
                err(f"{name}: {key} has no surface strings")
            if len(set(surfaces)) != len(surfaces):
                err(f"{name}: {key} lists a surface twice")
            for s in surfaces:
                n_surfaces += 1
                if s != s.strip():
                    err(f"{name}: surface {s!r} has outer whitespace")
                if s not in text:
                    err(f"{name}: surface {s!r} ({key}) does not occur verbatim")
                    continue
                sp = spans(text, s)
                if not sp:
                    err(f"{name}: surface {s!r} ({key}) occurs only inside a longer word")
                for st, en in sp:
                    occ.append((st, en, key, s))
        # One gold mention per distinct span of a place (nested surfaces of one place count once).
        per_place = {}
        for st, en, key, s in occ:
            per_place.setdefault(key, []).append((st, en))
        for key, sp in per_place.items():
            sp.sort(key=lambda x: (x[0], -x[1]))
            last_end = -1
            for st, en in sp:
                if st >= last_end:
                    n_mentions += 1
                    last_end = en
        for i, (s1, e1, k1, t1) in enumerate(occ):
            for s2, e2, k2, t2 in occ[i + 1:]:
                if k1 == k2 or not (s1 < e2 and s2 < e1):
                    continue
                # Which one is the outer span?
                if s1 <= s2 and e2 <= e1:
                    outer, inner = k1, k2
                elif s2 <= s1 and e1 <= e2:
                    outer, inner = k2, k1
                else:
                    err(f"{name}: surfaces {t1!r} ({k1}) and {t2!r} ({k2}) cross")
                    continue
                parent = gaz.get(places[outer]["id"], {}).get("parent", "")
                if parent != places[inner]["id"]:
                    err(f"{name}: {inner} surface nested in {outer} surface ({t1!r} / {t2!r}) "
                        f"and {outer} is not a part of {inner}")
        # Traps never overlap gold surfaces.
        for what, s in traps:
            for st, en in spans(text, s):
                trap_seen[s] += 1
                for s2, e2, k2, t2 in occ:
                    if st < e2 and s2 < en:
                        err(f"{name}: {what} {s!r} overlaps gold surface {t2!r} ({k2})")
        # Claims.
        pub = a["published"]
        for c in a["claims"]:
            n_claims += 1
            used.add(c.get("place"))
            if set(c) - {"place", "controller", "status", "date", "evidence", "date_note"} or \
                    not {"place", "controller", "status", "date", "evidence"} <= set(c):
                err(f"{name}: claim keys {sorted(c)}")
            if c.get("place") not in places:
                err(f"{name}: claim about unknown place {c.get('place')!r}")
            elif c["place"] not in a["mentions"]:
                err(f"{name}: claim about {c['place']} which is not among the mentions")
            if c.get("controller") not in CONTROLLERS:
                err(f"{name}: claim controller {c.get('controller')!r}")
            if c.get("status") not in STATUSES:
                err(f"{name}: claim status {c.get('status')!r}")
            if (c.get("controller") == "contested") != (c.get("status") == "contested"):
                warn(f"{name}: claim on {c.get('place')}: controller/status contested only on one side")
            d = c.get("date")
            if d is not None:
                try:
                    dd = dt.date.fromisoformat(d)
                except ValueError:
                    err(f"{name}: claim date {d!r} not YYYY-MM-DD")
                    dd = None
                if dd and pub and dd > dt.date.fromisoformat(pub):
                    err(f"{name}: claim date {d} after publication {pub}")
                if dd and pub is None:
                    warn(f"{name}: undated text but claim date {d} (only right if the sentence names a full date)")
            for piece in (c.get("evidence") or "").split("..."):
                piece = piece.strip()
                if piece and piece not in text:
                    err(f"{name}: evidence piece {piece!r} not in the text")

    # Coverage: every whole-word occurrence of any gold surface (from any text) is covered in each text.
    all_surfaces = {s for a in arts.values() for ss in a["mentions"].values() for s in ss}
    for name in sorted(set(arts) & files):
        text = (TEXTS / name).read_text(encoding="utf-8")
        covered = [sp for ss in arts[name]["mentions"].values() for s in ss for sp in spans(text, s)]
        covered += [sp for _, s in traps for sp in spans(text, s)]
        for s in sorted(all_surfaces):
            for st, en in spans(text, s):
                if not any(a <= st and en <= b for a, b in covered):
                    err(f"{name}: {s!r} at {st} is not covered by any gold surface or trap string")

    for key in sorted(set(places) - used):
        err(f"place {key} is never used")
    for what, s in traps:
        if trap_seen[s] == 0:
            warn(f"{what} {s!r} occurs in no text")

    for w in warnings:
        print("warning:", w)
    for e in errors:
        print("error:", e)
    print(f"{len(arts)} texts, {len(places)} places, {n_mentions} gold mentions "
          f"({n_surfaces} surface strings), {n_claims} claims, {len(gold['not_places'])} not-places, "
          f"{len(gold['foreign_places'])} foreign places; {len(errors)} errors, {len(warnings)} warnings")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
