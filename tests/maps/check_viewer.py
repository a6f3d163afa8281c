"""Opens frontline's offline viewer in headless Chromium through ChromeDriver (W3C
WebDriver over HTTP, standard library only), moves the day slider like a user, clicks
a place, and checks that the page changed and that the console logged no error.

Usage: python3 check_viewer.py OUT_DIR SCREENSHOT_PREFIX [--static]

With --static (a run with no dated claim, so no slider to move) it only checks that the
page draws Syria and logs no error.

Writes PREFIX-before.png and PREFIX-after.png, prints one JSON report and exits 0 when
every check passed, 1 otherwise.
"""
import base64
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ARROW_RIGHT = "\ue014"
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Driver:
    def __init__(self, port):
        self.base = f"http://127.0.0.1:{port}"
        self.session = None

    def call(self, method, path, body=None):
        url = self.base + (f"/session/{self.session}" if self.session else "") + path
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                return json.loads(r.read())["value"]
        except urllib.error.HTTPError as e:
            raise RuntimeError(f"{method} {path}: {e.code} {e.read()[:400]!r}")

    def js(self, script, *args):
        return self.call("POST", "/execute/sync", {"script": script, "args": list(args)})

    def find(self, css):
        return self.call("POST", "/element", {"using": "css selector", "value": css})[ELEMENT]

    def screenshot(self, path):
        png = base64.b64decode(self.call("GET", "/screenshot"))
        with open(path, "wb") as f:
            f.write(png)
        return png


def main():
    out, prefix = sys.argv[1], sys.argv[2]
    static = "--static" in sys.argv[3:]
    page = "file://" + os.path.abspath(os.path.join(out, "index.html"))
    port = free_port()
    driver_proc = subprocess.Popen(
        [os.environ.get("CHROMEDRIVER", "chromedriver"), f"--port={port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    failures, report = [], {}
    d = Driver(port)
    try:
        for _ in range(100):
            try:
                if d.call("GET", "/status").get("ready"):
                    break
            except Exception:
                pass
            time.sleep(0.1)
        profile = tempfile.mkdtemp(prefix="frontline-chromium-")
        caps = {
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "goog:loggingPrefs": {"browser": "ALL"},
                    "goog:chromeOptions": {
                        "binary": os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                        "args": [
                            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                            "--no-first-run", "--disable-background-networking",
                            "--disable-component-update", "--disable-sync",
                            "--window-size=1280,860", f"--user-data-dir={profile}",
                        ],
                    },
                }
            }
        }
        created = d.call("POST", "/session", caps)
        d.session = created["sessionId"]
        d.call("POST", "/url", {"url": page})
        before_label = d.js("return document.getElementById('daylabel').textContent")
        before_value = d.js("return document.getElementById('day').value")
        days = d.js("return JSON.parse(document.getElementById('frontline-data').textContent).days.length")
        report["viewbox"] = d.js("return document.getElementById('map').getAttribute('viewBox')")
        outline = d.js("return document.querySelector('#layer-outline path').getBBox().width")
        if not report["viewbox"] or not outline:
            failures.append("the page does not draw Syria's outline")
        before = d.screenshot(prefix + "-before.png")
        report["days"] = days
        if not static:
            slider = d.find("#day")
            d.call("POST", f"/element/{slider}/value", {"text": ARROW_RIGHT * 3})
            after_label = d.js("return document.getElementById('daylabel').textContent")
            after_value = d.js("return document.getElementById('day').value")
            after = d.screenshot(prefix + "-after.png")
            report.update({
                "before": {"label": before_label, "value": before_value},
                "after": {"label": after_label, "value": after_value},
            })
            if days < 2:
                failures.append(f"the page has {days} day(s); the slider cannot move")
            if after_value == before_value or after_label == before_label:
                failures.append("moving the slider did not change the day")
            if before == after:
                failures.append("the screenshot did not change when the day changed")
            # Click the first place a user can reach (in a dense map, circles overlap: the
            # one on top at its own centre) and read its evidence.
            places = d.js("return document.querySelectorAll('#layer-places circle').length")
            report["places_drawn"] = places
            reachable = d.js(
                "for (const c of document.querySelectorAll('#layer-places circle')) {"
                " const r = c.getBoundingClientRect();"
                " if (document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === c) {"
                " c.setAttribute('data-check', 'click'); return true; } }"
                " return false;"
            )
            if places and not reachable:
                failures.append("no place circle is on top at its own centre: none can be clicked")
            elif places:
                circle = d.find("#layer-places circle[data-check='click']")
                d.call("POST", f"/element/{circle}/click", {})
                text = d.js("return document.getElementById('evidence').textContent")
                report["evidence_chars"] = len(text)
                if "since" not in text:
                    failures.append(f"clicking a place showed no state: {text[:200]!r}")
            else:
                failures.append("no place is drawn")
            # Toggling a layer hides it.
            box = d.find("input[data-layer='areas']")
            d.call("POST", f"/element/{box}/click", {})
            hidden = d.js("return document.getElementById('layer-areas').style.display")
            if hidden != "none":
                failures.append("unticking Control areas did not hide them")
        # Every message the page logged, from loading on.
        logs = d.call("POST", "/se/log", {"type": "browser"})
        errors = [l for l in logs if l.get("level") in ("SEVERE", "ERROR")]
        report["console"] = {"entries": len(logs), "errors": [e.get("message") for e in errors]}
        if errors:
            failures.append(f"the console shows {len(errors)} error(s)")
    except Exception as e:  # report, never hang
        failures.append(f"webdriver: {e}")
    finally:
        try:
            if d.session:
                d.call("DELETE", "")
        except Exception:
            pass
        driver_proc.terminate()
        driver_proc.wait(timeout=10)
    report["failures"] = failures
    print(json.dumps(report, sort_keys=True))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
