"""Opens a frontline output folder in PyQGIS, headless, the way an analyst would.

Usage: /usr/bin/python3 check_qgis.py OUT_DIR DAY PNG

Checks that every GeoJSON layer loads with its .qml sidecar as the default style
(categorised, with a legend), that the temporal layers are active on valid_from and
valid_to and that their dates filter features, and renders DAY's areas, front lines and
places to PNG. The PNG must not be blank and must show the controller colours. Prints
one JSON report; exits 0 when every check passed, 1 otherwise.
"""
import glob
import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import (  # noqa: E402
    QgsApplication,
    QgsDateTimeRange,
    QgsFeatureRequest,
    QgsMapRendererCustomPainterJob,
    QgsMapSettings,
    QgsVectorLayer,
    QgsVectorLayerTemporalContext,
    QgsVectorLayerTemporalProperties,
)
from qgis.PyQt.QtCore import QDate, QDateTime, QSize, QTime, QVariant  # noqa: E402
from qgis.PyQt.QtGui import QColor, QImage, QPainter  # noqa: E402

CONTROLLER = {"government": (215, 25, 28), "opposition": (26, 150, 65)}
TEMPORAL = ["timeline.geojson", "areas.geojson", "frontline.geojson", "advance.geojson", "captures.geojson"]
ATTR = {"frontline": "sides", "advance.geojson": "role"}


def open_layer(path, name):
    """Opens a file as QGIS Desktop does when a file is dropped on it: the constructor
    reads NAME.qml, then QgsAppLayerHandling::postProcessAddedLayer calls
    loadDefaultStyle() once more, after the OGR provider has reset the temporal
    properties to its own defaults (inactive)."""
    layer = QgsVectorLayer(path, name, "ogr")
    if layer.isValid():
        layer.loadDefaultStyle()
    return layer


def main():
    out, day, png = sys.argv[1], sys.argv[2], sys.argv[3]
    app = QgsApplication([], False)
    app.initQgis()
    failures, report = [], {"layers": 0, "temporal": {}, "render": {}}

    def fail(msg):
        failures.append(msg)

    files = sorted(glob.glob(os.path.join(out, "**", "*.geojson"), recursive=True))
    for path in files:
        rel = os.path.relpath(path, out)
        layer = open_layer(path, rel)
        if not layer.isValid():
            fail(f"{rel}: QGIS cannot open it")
            continue
        report["layers"] += 1
        if layer.featureCount() == 0:
            # An empty GeoJSON file has no geometry type, so QGIS opens it as a table.
            report.setdefault("empty", []).append(rel)
            continue
        if not os.path.exists(path[: -len(".geojson")] + ".qml"):
            fail(f"{rel}: no .qml sidecar")
        r = layer.renderer()
        want = next((v for k, v in ATTR.items() if k in rel), "controller")
        if r is None or r.type() != "categorizedSymbol" or r.classAttribute() != want:
            fail(f"{rel}: default style not loaded (renderer {r.type() if r else None})")
        elif len(r.legendSymbolItems()) < 2:
            fail(f"{rel}: legend has fewer than two entries")
    for name in TEMPORAL:
        layer = open_layer(os.path.join(out, name), name)
        tp = layer.temporalProperties()
        ok = (
            tp.isActive()
            and tp.mode() == QgsVectorLayerTemporalProperties.ModeFeatureDateTimeStartAndEndFromFields
            and tp.startField() == "valid_from"
            and tp.endField() == "valid_to"
        )
        if not ok:
            fail(f"{name}: temporal properties not active on valid_from/valid_to")
        types = [layer.fields().field(f).type() for f in ("valid_from", "valid_to") if layer.fields().indexOf(f) >= 0]
        if layer.featureCount() and not all(t in (QVariant.Date, QVariant.DateTime) for t in types):
            fail(f"{name}: valid_from/valid_to are not read as dates ({types})")
        # What the Temporal Controller would show on DAY.
        d = QDate.fromString(day, "yyyy-MM-dd")
        rng = QgsDateTimeRange(QDateTime(d, QTime(0, 0)), QDateTime(d, QTime(12, 0)))
        ctx = QgsVectorLayerTemporalContext()
        ctx.setLayer(layer)
        expr = tp.createFilterString(ctx, rng)
        shown = sum(1 for _ in layer.getFeatures(QgsFeatureRequest().setFilterExpression(expr))) if expr else 0
        report["temporal"][name] = {"active": ok, "features": layer.featureCount(), "shown_on_day": shown}
    # The GeoPackage: each table opens with its default style from layer_styles and time set.
    gpkg = os.path.join(out, "frontline.gpkg")
    report["gpkg"] = {}
    for name in TEMPORAL:
        table = name[: -len(".geojson")]
        layer = open_layer(gpkg + "|layername=" + table, table)
        r = layer.renderer() if layer.isValid() else None
        tp = layer.temporalProperties() if layer.isValid() else None
        ok = bool(r and r.type() == "categorizedSymbol" and tp and tp.isActive() and tp.startField() == "valid_from")
        report["gpkg"][table] = {"valid": layer.isValid(), "features": layer.featureCount() if layer.isValid() else 0, "styled_and_temporal": ok}
        if not ok:
            fail(f"frontline.gpkg|layername={table}: not valid, styled and temporal")
        elif layer.featureCount() != report["temporal"][name]["features"]:
            fail(f"frontline.gpkg {table}: {layer.featureCount()} features, the GeoJSON has {report['temporal'][name]['features']}")
    per_day = QgsVectorLayer(os.path.join(out, "areas", day + ".geojson"), "day", "ogr")
    if report["temporal"].get("areas.geojson", {}).get("shown_on_day") != per_day.featureCount():
        fail(f"areas.geojson filtered to {day} does not match areas/{day}.geojson ({report['temporal'].get('areas.geojson')}, {per_day.featureCount()})")

    # Render DAY: areas, front lines and places with their sidecar styles.
    layers = [
        open_layer(os.path.join(out, "days", day + ".geojson"), "places"),
        open_layer(os.path.join(out, "frontline", day + ".geojson"), "front"),
        open_layer(os.path.join(out, "areas", day + ".geojson"), "areas"),
    ]
    settings = QgsMapSettings()
    settings.setLayers(layers)
    settings.setBackgroundColor(QColor(255, 255, 255))
    settings.setOutputSize(QSize(900, 900))
    settings.setDestinationCrs(layers[2].crs())
    extent = layers[2].extent()
    extent.scale(1.05)
    settings.setExtent(extent)
    image = QImage(QSize(900, 900), QImage.Format_ARGB32_Premultiplied)
    image.fill(QColor(255, 255, 255))
    painter = QPainter(image)
    job = QgsMapRendererCustomPainterJob(settings, painter)
    job.start()
    job.waitForFinished()
    painter.end()
    image.save(png)

    # Count white pixels and pixels near each controller's full colour or its 40 % fill.
    def near(c, target, tol=14):
        return all(abs(a - b) <= tol for a, b in zip(c, target))

    counts = {k: 0 for k in CONTROLLER}
    white = 0
    total = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            c = QColor(image.pixel(x, y))
            rgb = (c.red(), c.green(), c.blue())
            total += 1
            if rgb == (255, 255, 255):
                white += 1
            for k, full in CONTROLLER.items():
                fill = tuple(round(v * 0.4 + 255 * 0.6) for v in full)
                if near(rgb, full) or near(rgb, fill):
                    counts[k] += 1
    report["render"] = {"png": png, "non_white": round(1 - white / total, 4), "pixels": counts}
    if 1 - white / total < 0.05:
        fail("the rendered PNG is blank")
    for k, n in counts.items():
        if n < 50:
            fail(f"the rendered PNG shows too little {k} colour ({n} sampled pixels)")
    report["failures"] = failures
    print(json.dumps(report, sort_keys=True))
    sys.stdout.flush()
    # QGIS 3.22 can crash while tearing down offscreen: leave without exitQgis().
    os._exit(1 if failures else 0)


if __name__ == "__main__":
    main()
