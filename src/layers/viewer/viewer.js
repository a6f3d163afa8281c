// frontline's offline viewer: plain JavaScript, no dependencies, no network.
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('frontline-data').textContent);
  var SVG = 'http://www.w3.org/2000/svg';
  var svg = document.getElementById('map');
  var K = Math.cos(35 * Math.PI / 180);
  var colour = {}, label = {};
  D.legend.forEach(function (l) { colour[l.controller] = l.colour; label[l.controller] = l.label; });
  var state = { day: 0, selected: null, layers: {} };
  var view = null;

  function px(lon) { return lon * K * 100; }
  function py(lat) { return -lat * 100; }
  function el(name, attrs, parent) {
    var e = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(e);
    return e;
  }
  function html(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function ringPath(ring) {
    var s = '';
    for (var i = 0; i < ring.length; i++) {
      s += (i ? 'L' : 'M') + px(ring[i][0]).toFixed(2) + ' ' + py(ring[i][1]).toFixed(2);
    }
    return s + 'Z';
  }
  function polyPath(shape) {
    return shape.map(function (poly) { return poly.map(ringPath).join(''); }).join('');
  }
  function linePath(line) {
    return line.map(function (p, i) {
      return (i ? 'L' : 'M') + px(p[0]).toFixed(2) + ' ' + py(p[1]).toFixed(2);
    }).join('');
  }
  function fmtDay(iso) {
    var m = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    var p = iso.split('-');
    return parseInt(p[2], 10) + ' ' + m[parseInt(p[1], 10) - 1] + ' ' + p[0];
  }

  // Layer groups, bottom to top.
  var g = {};
  ['outline', 'areas', 'governorates', 'fronts', 'advance', 'places', 'labels'].forEach(function (n) {
    g[n] = el('g', { id: 'layer-' + n }, svg);
  });
  el('path', { d: polyPath(D.outline), 'class': 'outline', 'fill-rule': 'evenodd' }, g.outline);
  D.governorates.forEach(function (a) {
    var p = el('path', { d: polyPath(a.shape), 'class': 'gov' }, g.governorates);
    el('title', {}, p).textContent = a.name;
  });

  // The first view: the places reported on, or all of Syria.
  function bounds(points) {
    var b = [Infinity, Infinity, -Infinity, -Infinity];
    points.forEach(function (p) {
      b[0] = Math.min(b[0], px(p[0])); b[1] = Math.min(b[1], py(p[1]));
      b[2] = Math.max(b[2], px(p[0])); b[3] = Math.max(b[3], py(p[1]));
    });
    return b;
  }
  // The theatre: every area drawn on any day, else the places, else Syria.
  var pts = [];
  D.days.forEach(function (d) {
    d.areas.forEach(function (a) { a.shape.forEach(function (poly) { poly[0].forEach(function (c) { pts.push(c); }); }); });
  });
  if (pts.length < 2) pts = D.places.filter(function (p) { return !p.admin; }).map(function (p) { return [p.lon, p.lat]; });
  if (pts.length < 2) {
    pts = [];
    D.outline.forEach(function (poly) { poly[0].forEach(function (c) { pts.push(c); }); });
  }
  var b = bounds(pts);
  var pad = Math.max(b[2] - b[0], b[3] - b[1]) * 0.08 + 10;
  view = { x: b[0] - pad, y: b[1] - pad, w: b[2] - b[0] + 2 * pad, h: b[3] - b[1] + 2 * pad };

  function unit() {
    var r = svg.getBoundingClientRect();
    var s = Math.max(view.w / Math.max(r.width, 1), view.h / Math.max(r.height, 1));
    return s;
  }
  function applyView() {
    svg.setAttribute('viewBox', [view.x, view.y, view.w, view.h].join(' '));
    var u = unit();
    Array.prototype.forEach.call(g.places.childNodes, function (c) {
      c.setAttribute('r', (c.getAttribute('data-big') === '1' ? 6.5 : 4.5) * u);
    });
    Array.prototype.forEach.call(g.labels.childNodes, function (t) {
      t.setAttribute('font-size', 12 * u);
      t.setAttribute('dx', 7 * u);
      t.setAttribute('dy', 4 * u);
    });
    // One map unit is a hundredth of a degree of latitude: about 1.11 km.
    document.getElementById('scale').textContent = '100 px ≈ ' + Math.round(100 * u * 1.1106) + ' km';
  }

  // Pan and zoom.
  svg.addEventListener('wheel', function (e) {
    e.preventDefault();
    var r = svg.getBoundingClientRect(), u = unit();
    var mx = view.x + (e.clientX - r.left) * u, my = view.y + (e.clientY - r.top) * u;
    var f = e.deltaY > 0 ? 1.2 : 1 / 1.2;
    view = { x: mx - (mx - view.x) * f, y: my - (my - view.y) * f, w: view.w * f, h: view.h * f };
    applyView();
  }, { passive: false });
  var drag = null;
  svg.addEventListener('pointerdown', function (e) {
    if (e.target.classList && e.target.classList.contains('place')) return;
    drag = { x: e.clientX, y: e.clientY, v: { x: view.x, y: view.y, w: view.w, h: view.h } };
    svg.classList.add('dragging');
  });
  window.addEventListener('pointermove', function (e) {
    if (!drag) return;
    var u = unit();
    view = { x: drag.v.x - (e.clientX - drag.x) * u, y: drag.v.y - (e.clientY - drag.y) * u, w: drag.v.w, h: drag.v.h };
    applyView();
  });
  window.addEventListener('pointerup', function () { drag = null; svg.classList.remove('dragging'); });
  window.addEventListener('resize', applyView);

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function drawDay() {
    var d = D.days[state.day];
    ['areas', 'fronts', 'advance', 'places', 'labels'].forEach(function (n) { clear(g[n]); });
    var summary = document.getElementById('summary');
    clear(summary);
    if (!d) {
      applyView();
      document.getElementById('daylabel').textContent = 'No dated claims';
      summary.appendChild(html('p', 'No article gave a dated claim, so there is nothing to map by day.', 'muted'));
      return;
    }
    document.getElementById('daylabel').textContent = fmtDay(d.day) + ' (day ' + (state.day + 1) + ' of ' + D.days.length + ')';
    try { history.replaceState(null, '', '#' + d.day); } catch (err) { /* file: URLs may refuse */ }
    d.areas.forEach(function (a) {
      var p = el('path', { d: polyPath(a.shape), 'class': 'area', fill: colour[a.controller], 'fill-opacity': 0.4, stroke: colour[a.controller], 'fill-rule': 'evenodd', 'data-controller': a.controller }, g.areas);
      el('title', {}, p).textContent = label[a.controller] + ': ' + a.area_km2 + ' km², ' + a.places + ' place(s)';
    });
    d.fronts.forEach(function (f) {
      var main = f.sides[0] === 'government' && f.sides[1] === 'opposition';
      f.lines.forEach(function (l) {
        var p = el('path', { d: linePath(l), 'class': 'front', stroke: D.front_colour, 'stroke-width': main ? 3 : 2 }, g.fronts);
        el('title', {}, p).textContent = 'Front ' + label[f.sides[0]] + ' – ' + label[f.sides[1]] + ': ' + f.length_km + ' km';
      });
    });
    var adv = D.advance, total = null;
    if (adv) {
      el('path', { d: linePath(adv.axis), 'class': 'axis', 'stroke-width': 1.5 }, g.advance);
      adv.steps.forEach(function (s) {
        // Ground gained shows until it is lost again; a retreat shows on its own day.
        if (!s.line || s.day > d.day) return;
        if (s.retreat ? s.day !== d.day : (s.until && d.day >= s.until)) return;
        var p = el('path', { d: linePath(s.line), 'class': 'adv', stroke: s.retreat ? colour.government : colour.opposition, 'stroke-width': s.day === d.day ? 7 : 4 }, g.advance);
        el('title', {}, p).textContent = fmtDay(s.day) + ': ' + (s.to_km - s.from_km).toFixed(1) + ' km';
      });
      var today = adv.steps.filter(function (s) { return s.day === d.day; })[0];
      if (today) total = today;
    }
    var counts = {};
    D.places.forEach(function (pl, i) {
      var s = pl.states[d.day];
      if (!s || pl.admin) return;
      counts[s.controller] = (counts[s.controller] || 0) + 1;
      var big = pl.kind === 'city';
      var c = el('circle', { cx: px(pl.lon), cy: py(pl.lat), r: 4, fill: colour[s.controller], 'class': 'place' + (state.selected === i ? ' selected' : ''), 'data-big': big ? '1' : '0', 'data-id': pl.id, 'data-controller': s.controller, tabindex: 0 }, g.places);
      el('title', {}, c).textContent = pl.name + ': ' + label[s.controller] + ' (' + s.status + ')';
      c.addEventListener('click', function () { select(i); });
      c.addEventListener('keydown', function (e) { if (e.key === 'Enter') select(i); });
      if (big || s.changed || state.selected === i) {
        el('text', { x: px(pl.lon), y: py(pl.lat), 'class': 'lbl' }, g.labels).textContent = pl.name;
      }
    });
    var t = html('table', null, 'stats');
    d.areas.forEach(function (a) {
      var tr = html('tr');
      var sw = html('span', null, 'swatch'); sw.style.background = colour[a.controller];
      var td = html('td'); td.appendChild(sw); tr.appendChild(td);
      tr.appendChild(html('td', label[a.controller]));
      tr.appendChild(html('td', (counts[a.controller] || 0) + ' places', 'num'));
      tr.appendChild(html('td', Math.round(a.area_km2).toLocaleString('en') + ' km²', 'num'));
      t.appendChild(tr);
    });
    summary.appendChild(t);
    var fl = d.fronts.reduce(function (s, f) { return s + f.length_km; }, 0);
    summary.appendChild(html('p', 'Front lines: ' + fl.toFixed(1) + ' km.'));
    if (total) {
      var gained = total.to_km - total.from_km;
      var msg = 'Front on the Idlib–Hama axis at ' + total.to_km.toFixed(1) + ' km (' + (gained >= 0 ? '+' : '') + gained.toFixed(1) + ' km that day).';
      if (total.captured.length) msg += ' Taken: ' + total.captured.join(', ') + '.';
      summary.appendChild(html('p', msg, 'advance-note'));
    }
    applyLayers();
    applyView();
    if (state.selected !== null) showEvidence(state.selected);
  }

  function select(i) {
    state.selected = i;
    Array.prototype.forEach.call(g.places.childNodes, function (c) {
      c.classList.toggle('selected', c.getAttribute('data-id') === D.places[i].id);
    });
    showEvidence(i);
  }

  function showEvidence(i) {
    var pl = D.places[i], d = D.days[state.day], box = document.getElementById('evidence');
    clear(box);
    var h = html('h3', pl.name + (pl.name_ar ? ' (' + pl.name_ar + ')' : ''));
    box.appendChild(h);
    var chips = html('div', null, 'chips');
    D.days.forEach(function (day) {
      var s = pl.states[day.day];
      var c = html('span', null, 'chip' + (day.day === d.day ? ' now' : ''));
      c.style.background = s ? colour[s.controller] : '#fff';
      c.title = fmtDay(day.day) + ': ' + (s ? label[s.controller] : 'no state');
      chips.appendChild(c);
    });
    box.appendChild(chips);
    var s = pl.states[d.day];
    if (!s) { box.appendChild(html('p', 'No state on this day.', 'muted')); return; }
    box.appendChild(html('p', label[s.controller] + ', ' + s.status + ' since ' + fmtDay(s.since) + '; confidence ' + s.confidence + '; ' + (s.confirmed ? 'confirmed' : 'claimed, not confirmed') + '; ' + s.sources + ' independent source(s).'));
    box.appendChild(html('p', s.why, 'muted'));
    if (s.baseline && pl.baseline) {
      box.appendChild(html('p', 'From the baseline as of ' + fmtDay(pl.baseline.as_of) + ': ' + pl.baseline.note + ' (' + pl.baseline.source + ')', 'small'));
    }
    s.evidence.forEach(function (ci) {
      var c = D.claims[ci];
      if (!c) return;
      var div = html('div', null, 'claim');
      div.style.borderLeftColor = colour[c.controller] || '#999';
      var head = (c.date ? fmtDay(c.date) : 'undated') + ' · ' + (c.outlet || c.article) + ' · ' + c.controller + ', ' + c.status + ' · ' + (c.confirmed ? 'confirmed' : 'claimed') + (c.claimed_by ? ' by ' + c.claimed_by : '') + ' · confidence ' + c.confidence;
      div.appendChild(html('div', head, 'small'));
      div.appendChild(html('q', c.sentence));
      if (c.url && /^https?:\/\//i.test(c.url)) {
        // Only web links: a javascript: or data: URL from an article never becomes a link.
        var a = html('a', c.url, 'small'); a.href = c.url; a.target = '_blank'; a.rel = 'noopener noreferrer';
        div.appendChild(a);
      } else {
        div.appendChild(html('div', c.article, 'small muted'));
      }
      box.appendChild(div);
    });
    if (!s.evidence.length) box.appendChild(html('p', 'No claim that day: the state is carried from an earlier day or the baseline.', 'muted small'));
  }

  function applyLayers() {
    Array.prototype.forEach.call(document.querySelectorAll('#toggles input'), function (cb) {
      var n = cb.getAttribute('data-layer');
      g[n].style.display = cb.checked ? '' : 'none';
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll('#toggles input'), function (cb) {
    cb.addEventListener('change', applyLayers);
  });

  var legend = document.getElementById('legend');
  D.legend.forEach(function (l) {
    var li = html('li'), sw = html('span', null, 'swatch');
    sw.style.background = l.colour;
    li.appendChild(sw); li.appendChild(html('span', l.label));
    legend.appendChild(li);
  });
  [['Front line', D.front_colour], ['Ground gained on the axis', colour.opposition], ['Ground lost that day', colour.government]].forEach(function (x) {
    var li = html('li'), sw = html('span', null, 'swatch line');
    sw.style.borderTopColor = x[1];
    li.appendChild(sw); li.appendChild(html('span', x[0]));
    legend.appendChild(li);
  });

  var slider = document.getElementById('day');
  slider.max = Math.max(D.days.length - 1, 0);
  var fromHash = D.days.map(function (d) { return d.day; }).indexOf(location.hash.slice(1));
  state.day = fromHash >= 0 ? fromHash : 0;
  slider.value = state.day;
  slider.addEventListener('input', function () { state.day = parseInt(slider.value, 10); drawDay(); });
  var timer = null;
  document.getElementById('play').addEventListener('click', function () {
    if (timer) { clearInterval(timer); timer = null; this.innerHTML = '&#9654;'; return; }
    this.innerHTML = '&#10074;&#10074;';
    timer = setInterval(function () {
      state.day = (state.day + 1) % Math.max(D.days.length, 1);
      slider.value = state.day;
      drawDay();
    }, 1200);
  });
  document.getElementById('runinfo').textContent = D.articles + ' article(s), ' + D.places.length + ' place(s), ' + D.days.length + ' day(s)' + (D.reach_km ? '; reach ' + D.reach_km + ' km' : '') + '.';
  drawDay();
})();
