/* The public page: feasibility, price, fitting flights, opportunities, map and accuracy. */
"use strict";
(function () {
  const $ = id => document.getElementById(id);
  const form = $("feas-form");
  const show = (id, on = true) => { $(id).hidden = !on; };

  function toggleFields() {
    const o = $("orbit").value;
    document.querySelectorAll(".f-alt").forEach(e => e.hidden = o === "elliptical");
    document.querySelectorAll(".f-ell").forEach(e => e.hidden = o !== "elliptical");
    document.querySelectorAll(".f-inc").forEach(e => e.hidden = o === "sso");
    document.querySelectorAll(".f-sso").forEach(e => e.hidden = o !== "sso");
  }
  $("orbit").addEventListener("change", toggleFields);

  function numberOf(id) { const v = $(id).value; return v === "" ? null : Number(v); }
  function request() {
    const o = $("orbit").value;
    const r = {vehicle: $("vehicle").value, site: $("site").value, payload_kg: numberOf("payload_kg"), orbit: o};
    if (o !== "elliptical") r.altitude_km = numberOf("altitude_km");
    if (o === "elliptical") { r.perigee_km = numberOf("perigee_km"); r.apogee_km = numberOf("apogee_km"); }
    if (o !== "sso") r.inclination_deg = numberOf("inclination_deg");
    return r;
  }
  function pageQuery(r) {
    const q = new URLSearchParams();
    Object.entries(r).forEach(([k, v]) => { if (v !== null && v !== undefined) q.set(k, v); });
    q.set("date", $("date").value);
    if (r.orbit === "sso") q.set("local_time", $("local_time").value);
    return "/?" + q.toString();
  }

  async function check(ev) {
    if (ev) ev.preventDefault();
    const r = request();
    show("answer");
    $("verdict").className = "verdict";
    $("verdict").textContent = "Computing...";
    $("capacity").textContent = "";
    let d;
    try { d = await B.call("POST", "/feasibility", r); }
    catch (e) { $("verdict").className = "verdict bad"; $("verdict").textContent = e.message; return; }
    const share = pageQuery(r);
    history.replaceState(null, "", share);
    $("share").href = share; $("share").textContent = location.origin + share;
    if (d.feasible) {
      $("verdict").className = "verdict ok";
      $("verdict").textContent = "Feasible: margin " + (d.margin_kg >= 0 ? "+" : "") + B.num(d.margin_kg) + " kg";
    } else {
      $("verdict").className = "verdict bad";
      $("verdict").textContent = "Not feasible: " + d.limiting_reason;
    }
    if (d.payload_kg !== null) {
      const t = d.target || {};
      $("capacity").textContent = d.vehicle + " from " + d.site + " carries at most " + B.num(d.payload_kg) +
        " kg to this orbit (inclination " + B.num(t.inclination_deg, 2) + " deg); limited by " + (d.active_constraints.join(", ") || "none") + ".";
    }
    $("answer").dataset.margin = d.margin_kg;
    show("quote-card");
    const date = $("date").value;
    price(r); flights(r, date);
    if (r.orbit === "sso" && date) opportunities(r, date); else show("opp-card", false);
    if (d.feasible) { mapJob(r, date); accuracyJob(r, date); }
  }

  async function price(r) {
    try {
      const p = await B.call("POST", "/price", {payload_kg: r.payload_kg, orbit: r.orbit, altitude_km: r.altitude_km || r.perigee_km, inclination_deg: r.inclination_deg, service: $("q-service").value, readiness_date: $("date").value || null});
      B.rows($("price").tBodies[0], [...p.lines.map(l => [l.item, B.num(l.amount) + " " + p.currency]), ["Total (indicative)", B.num(p.total) + " " + p.currency]]);
      const t = p.terms || {};
      const terms = Object.entries(t).filter(([k]) => !k.endsWith("_source")).map(([k, v]) => k.replace(/_/g, " ") + " " + v).join("; ");
      $("price-terms").title = Object.entries(t).filter(([k]) => k.endsWith("_source")).map(([, v]) => v).join("\n");
      $("price-terms").textContent = "Indicative, valid until " + p.valid_until + "; deposit " + B.num(p.deposit) + " " + p.currency + ". " + terms;
      show("price-card");
    } catch (e) { $("price-terms").textContent = e.message; show("price-card"); }
  }

  async function flights(r, date) {
    try {
      const q = new URLSearchParams({payload_kg: r.payload_kg, orbit: r.orbit});
      if (date) q.set("after", date);
      const f = await B.call("GET", "/schedule/fits?" + q.toString());
      const rows = f.flights.map(m => [m.name, m.launch_time_utc, m.orbit, B.num(m.free_kg) + " kg", m.free_ports]);
      B.rows($("flights").tBodies[0], rows.length ? rows : [["none scheduled yet", "", "", "", ""]]);
      show("flights-card");
    } catch (e) { B.rows($("flights").tBodies[0], [[e.message, "", "", "", ""]]); show("flights-card"); }
  }

  async function opportunities(r, date) {
    try {
      const o = await B.call("POST", "/opportunities", {vehicle: r.vehicle, site: r.site, altitude_km: r.altitude_km, local_time: $("local_time").value, start_date: date, days: 14});
      $("opps").innerHTML = o.windows.slice(0, 7).map(w => "<li>" + B.esc(w.launch_time_utc) + " &middot; azimuth " + B.num(w.azimuth_deg, 1) + " deg</li>").join("");
      $("ics").href = o.ics_path;
      show("opp-card");
    } catch (e) { $("opps").innerHTML = "<li>" + B.esc(e.message) + "</li>"; show("opp-card"); }
  }

  function jobInputs(kind, r, date) {
    const j = {kind, vehicle: r.vehicle, site: r.site, payload_kg: r.payload_kg, orbit: r.orbit,
               launch_time_utc: (date || "2027-03-01") + "T06:00:00Z", local_time: $("local_time").value};
    if (r.orbit !== "elliptical") j.altitude_km = r.altitude_km;
    else { j.perigee_km = r.perigee_km; j.apogee_km = r.apogee_km; j.altitude_km = r.perigee_km; }
    if (r.orbit !== "sso") j.inclination_deg = r.inclination_deg;
    return j;
  }

  async function mapJob(r, date) {
    show("map-card");
    $("map-status").textContent = "Flying the ascent and dropping the jettisoned bodies...";
    try {
      const job = await B.call("POST", "/jobs", jobInputs("safety", r, date));
      const done = await B.follow(job.id, p => { $("map-progress").value = p.progress; });
      if (done.status !== "done") { $("map-status").textContent = "Failed: " + done.error; return; }
      const gj = await (await fetch("/jobs/" + job.id + "/files/safety.geojson")).json();
      $("map-progress").hidden = true;
      drawMap(gj, done.result);
      $("map-status").textContent = "Where each jettisoned body falls (" + done.result.bodies.length + " bodies).";
      $("map-files").innerHTML = ["safety.geojson", "safety.kml", "safety.czml", "notices.txt"].map(n => '<a href="/jobs/' + job.id + '/files/' + n + '">' + n + "</a>").join(" &middot; ");
    } catch (e) { $("map-status").textContent = e.message; }
  }

  function clockwise(ring) {  // plotly geo fills a clockwise ring as the small area inside it
    let a = 0;
    for (let i = 0; i < ring.length - 1; i++) a += (ring[i + 1][0] - ring[i][0]) * (ring[i + 1][1] + ring[i][1]);
    return a > 0 ? ring : ring.slice().reverse();
  }

  function drawMap(gj, result) {
    const traces = [];
    let zones = 0, tracks = 0;
    const lons = [], lats = [];
    for (const f of gj.features) {
      const p = f.properties || {}, g = f.geometry;
      if (g.type === "MultiLineString" || g.type === "LineString") {
        const lines = g.type === "LineString" ? [g.coordinates] : g.coordinates;
        const lon = [], lat = [];
        lines.forEach(l => { l.forEach(c => { lon.push(c[0]); lat.push(c[1]); }); lon.push(null); lat.push(null); });
        const iip = p.layer === "iip_track";
        if (!iip && lines.length && lines[0].length) {
          lons.push(lines[0][0][0]); lats.push(lines[0][0][1]);
          traces.push({type: "scattergeo", mode: "markers", lon: [lines[0][0][0]], lat: [lines[0][0][1]], name: "launch pad",
                       marker: {size: 11, color: "black", symbol: "star"}});
        }
        traces.push({type: "scattergeo", mode: "lines", lon, lat, name: iip ? "impact-point track" : "ground track",
                     line: {color: iip ? "green" : "orange", width: 2, dash: iip ? "dot" : "solid"}});
        tracks++;
      } else if (g.type === "Polygon" && p.layer !== "footprint") {
        const ring = clockwise(g.coordinates[0]);
        const cand = String(p.id || "").startsWith("candidate");
        traces.push({type: "scattergeo", mode: "lines", fill: "toself", lon: ring.map(c => c[0]), lat: ring.map(c => c[1]),
                     name: (cand ? "candidate zone " : "zone ") + (p.id || ""), text: p.name || "", hoverinfo: "text",
                     line: {color: cand ? "magenta" : "crimson", width: 1.5}, fillcolor: cand ? "rgba(255,0,255,0.15)" : "rgba(220,20,60,0.25)"});
        ring.forEach(c => { lons.push(c[0]); lats.push(c[1]); });
        zones++;
      } else if (g.type === "Polygon") {
        const ring = clockwise(g.coordinates[0]);
        traces.push({type: "scattergeo", mode: "lines", lon: ring.map(c => c[0]), lat: ring.map(c => c[1]), showlegend: false,
                     line: {color: "goldenrod", width: 1}, name: p.body + " " + p.coverage});
      } else if (g.type === "Point") {
        lons.push(g.coordinates[0]); lats.push(g.coordinates[1]);
        traces.push({type: "scattergeo", mode: "markers+text", lon: [g.coordinates[0]], lat: [g.coordinates[1]], text: [p.name],
                     textposition: "top right", showlegend: false, marker: {size: 8, color: "red", symbol: "x"}});
      }
    }
    const pad = 4;
    let lonr = [Math.min(...lons) - pad, Math.max(...lons) + pad];
    const latr = [Math.min(...lats) - pad, Math.max(...lats) + pad];
    const want = 1.8 * (latr[1] - latr[0]) / Math.max(0.2, Math.cos((latr[0] + latr[1]) * Math.PI / 360));
    if (lonr[1] - lonr[0] < want) { const c = (lonr[0] + lonr[1]) / 2; lonr = [c - want / 2, c + want / 2]; }
    const layout = {height: 560, margin: {l: 0, r: 0, t: 10, b: 0}, legend: {x: 0.01, y: 0.99, bgcolor: "rgba(255,255,255,0.8)"},
      geo: {projection: {type: "azimuthal equal area", rotation: {lon: (lonr[0] + lonr[1]) / 2, lat: (latr[0] + latr[1]) / 2}},
            lonaxis: {range: lonr}, lataxis: {range: latr}, resolution: 50, showland: true, landcolor: "rgb(243,240,230)",
            showcountries: true, countrycolor: "gray", showlakes: true, showrivers: true}};
    const el = $("map");
    Plotly.newPlot(el, traces, layout, {topojsonURL: "/static/topojson/", displaylogo: false, responsive: true}).then(() => {
      el.dataset.zones = zones; el.dataset.tracks = tracks; el.dataset.drawn = "1";
    });
  }

  async function accuracyJob(r, date) {
    show("acc-card");
    try {
      const job = await B.call("POST", "/jobs", {...jobInputs("dispersion", r, date), samples: 200, seed: 1});
      const done = await B.follow(job.id, p => { $("acc-progress").value = p.progress; $("acc-status").textContent = p.message || p.status; });
      if (done.status !== "done") { $("acc-status").textContent = "Failed: " + done.error; return; }
      $("acc-progress").hidden = true;
      const inj = done.result.injection;
      const names = [["perigee_km", "Perigee (km)", 1], ["apogee_km", "Apogee (km)", 1], ["inclination_deg", "Inclination (deg)", 3], ["raan_deg", "RAAN (deg)", 3]];
      B.rows($("accuracy").tBodies[0], names.filter(n => inj[n[0]]).map(([k, label, dg]) => [label, B.num(inj[k].mean, dg), B.num(inj[k].sigma, dg), B.num(inj[k].three_sigma, dg)]));
      $("acc-status").textContent = "Monte Carlo of " + done.result.samples + " dispersed flights (" + (done.result.evaluator || "kernel") + "; seed " + done.result.seed + ").";
    } catch (e) { $("acc-status").textContent = e.message; }
  }

  async function requestQuote(ev) {
    ev.preventDefault();
    const r = request();
    const body = {organisation: $("q-org").value, country: $("q-country").value, contact_email: $("q-email").value,
                  spacecraft_name: $("q-sc").value, latest_date: $("q-latest").value, readiness_date: $("date").value,
                  service: $("q-service").value, mass_kg: r.payload_kg, orbit: r.orbit,
                  altitude_km: r.altitude_km || r.perigee_km, inclination_deg: r.inclination_deg, local_time: $("local_time").value};
    try {
      const d = await B.call("POST", "/quote-requests", body);
      $("q-result").textContent = "Thank you: request " + d.reference + " received; an analyst will send the formal quote.";
      $("q-result").dataset.requestId = d.request_id;
    } catch (e) { $("q-result").textContent = e.message; }
  }

  form.addEventListener("submit", check);
  $("quote-form").addEventListener("submit", requestQuote);
  const q = new URLSearchParams(location.search);
  for (const [k, v] of q) { const el = $(k); if (el) el.value = v; }
  toggleFields();
  if (q.has("payload_kg")) check();
})();
