/* The analyst pages: requests, quotes, manifest, pad schedule (timeline), jobs with live progress. */
"use strict";
(function () {
  const $ = id => document.getElementById(id);
  const following = new Set();  // jobs whose events stream is open
  const msg = (id, text, ok) => { $(id).innerHTML = '<div class="msg ' + (ok ? "ok" : "bad") + '">' + B.esc(text) + "</div>"; };
  $("token").value = B.token();

  document.querySelectorAll(".tabs button").forEach(b => b.addEventListener("click", () => {
    document.querySelectorAll(".tabs button").forEach(x => x.classList.toggle("on", x === b));
    document.querySelectorAll(".tab").forEach(t => t.hidden = t.id !== "tab-" + b.dataset.tab);
    load(b.dataset.tab);
  }));

  $("token-form").addEventListener("submit", async ev => {
    ev.preventDefault();
    sessionStorage.setItem("baiterek-token", $("token").value.trim());
    await whoami();
    load("requests");
  });

  async function whoami() {
    try { const w = await B.call("GET", "/me"); $("whoami").textContent = "signed in as " + w.name + " (" + w.role + ")"; }
    catch (e) { $("whoami").textContent = e.message; }
  }

  async function load(tab) {
    try {
      if (tab === "requests") {
        const d = await B.call("GET", "/requests");
        if (!d.requests.length) { B.rows($("requests").tBodies[0], [["no requests yet", "", "", "", "", "", "", ""]]); return; }
        B.rows($("requests").tBodies[0], d.requests.map(r => [r.id, r.customer, B.num(r.mass_kg) + " kg", r.orbit_class + " " + B.num(r.perigee_km) + " km",
          r.readiness_date + " to " + r.latest_date, r.service, r.status, ""]));
        [...$("requests").tBodies[0].rows].forEach((tr, i) => {
          const b = document.createElement("button"); b.textContent = "Price"; b.className = "secondary";
          b.onclick = async () => { try { const q = await B.call("POST", "/requests/" + d.requests[i].id + "/quotes", {}); msg("requests-msg", "Quote #" + q.id + " v" + q.version + ": " + B.num(q.total) + " " + q.currency, true); } catch (e) { msg("requests-msg", e.message, false); } };
          tr.cells[7].appendChild(b);
        });
      } else if (tab === "quotes") {
        const d = await B.call("GET", "/quotes");
        B.rows($("quotes").tBodies[0], d.quotes.map(q => [q.id, q.request_id, q.version, q.status, B.num(q.total) + " " + q.currency, q.valid_until, ""]));
        [...$("quotes").tBodies[0].rows].forEach((tr, i) => {
          if (d.quotes[i].status !== "draft") return;
          const b = document.createElement("button"); b.textContent = "Approve"; b.className = "secondary";
          b.onclick = async () => { try { const q = await B.call("POST", "/quotes/" + d.quotes[i].id + "/approve", {}); msg("quotes-msg", "Approved as version " + q.version, true); load("quotes"); } catch (e) { msg("quotes-msg", e.message, false); } };
          tr.cells[6].appendChild(b);
        });
      } else if (tab === "manifest") {
        const d = await B.call("GET", "/missions");
        B.rows($("missions").tBodies[0], d.missions.map(m => [m.id, m.name, m.vehicle, m.pad, m.launch_time_utc, m.orbit,
          B.num(m.used_kg) + " / " + B.num(m.capacity_kg) + " kg", m.used_ports + " / " + m.capacity_ports, m.status]));
      } else if (tab === "pads") {
        await timeline();
      } else if (tab === "jobs") {
        const d = await B.call("GET", "/jobs");
        const rows = d.jobs.map(j => [j.id.slice(0, 8), j.kind, j.status, Math.round(100 * j.progress) + " %" + (j.message ? " (" + j.message + ")" : ""), j.attempts, j.created_utc, j.error || ""]);
        B.rows($("jobs").tBodies[0], rows.length ? rows : [["no jobs yet", "", "", "", "", "", ""]]);
        d.jobs.forEach((j, i) => {
          if ((j.status !== "queued" && j.status !== "running") || following.has(j.id)) return;
          following.add(j.id);
          const row = $("jobs").tBodies[0].rows[i];
          B.follow(j.id, p => { row.cells[2].textContent = p.status; row.cells[3].textContent = Math.round(100 * p.progress) + " %" + (p.message ? " (" + p.message + ")" : ""); })
            .then(() => following.delete(j.id));
        });
      }
    } catch (e) { msg(tab === "pads" ? "bk-msg" : tab + "-msg", e.message, false); }
  }

  async function timeline() {
    const pads = await B.call("GET", "/pads");
    const sel = $("bk-pad");
    if (!sel.options.length) {
      pads.pads.forEach(p => sel.add(new Option(p.name, p.id)));
      if (pads.pads.some(p => p.id === "baikonur-45-1")) sel.value = "baikonur-45-1";
    }
    const all = [];
    for (const p of pads.pads) {
      const b = await B.call("GET", "/pads/" + p.id + "/bookings");
      all.push([p, b.bookings]);
    }
    const times = all.flatMap(([p, bs]) => bs.flatMap(b => [Date.parse(b.starts_utc), Date.parse(b.ends_utc) + 86400e3 * p.turnaround_days]));
    const now = Date.now();
    const t0 = times.length ? Math.min(...times) - 5 * 86400e3 : now, t1 = times.length ? Math.max(...times) + 5 * 86400e3 : now + 90 * 86400e3;
    const x = t => (100 * (t - t0) / (t1 - t0)).toFixed(2) + "%";
    let html = '<div class="axis">';
    for (let t = t0; t < t1; t += Math.max(86400e3 * 7, (t1 - t0) / 10)) html += '<span class="tick" style="left:' + x(t) + '">' + new Date(t).toISOString().slice(0, 10) + "</span>";
    html += "</div>";
    for (const [p, bs] of all) {
      html += '<div class="lane"><span class="lane-name">' + B.esc(p.name) + "</span>";
      for (const b of bs) {
        const s = Date.parse(b.starts_utc), e = Date.parse(b.ends_utc);
        if (b.activity === "launch") html += '<div class="bar gap" title="turnaround" style="left:' + x(e) + ";width:calc(" + x(e + 86400e3 * p.turnaround_days) + " - " + x(e) + ')">turnaround</div>';
        html += '<div class="bar" data-booking="' + b.id + '" title="' + B.esc(b.activity + " " + b.starts_utc + " to " + b.ends_utc) + '" style="left:' + x(s) + ";width:max(6px, calc(" + x(e) + " - " + x(s) + '))">' + B.esc(b.activity + (b.mission ? " " + b.mission : "")) + "</div>";
      }
      html += "</div>";
    }
    $("timeline").innerHTML = html;
    $("timeline").dataset.bookings = all.reduce((n, [, bs]) => n + bs.length, 0);
  }

  $("booking-form").addEventListener("submit", async ev => {
    ev.preventDefault();
    const body = {activity: $("bk-activity").value, starts_utc: $("bk-start").value + ":00Z", ends_utc: $("bk-end").value + ":00Z", note: $("bk-note").value};
    if ($("bk-mission").value) body.mission_id = Number($("bk-mission").value);
    try {
      const b = await B.call("POST", "/pads/" + $("bk-pad").value + "/bookings", body);
      msg("bk-msg", "Booked #" + b.id + ": " + b.activity + " " + b.starts_utc + " to " + b.ends_utc, true);
    } catch (e) { msg("bk-msg", e.message, false); }
    await timeline();
  });

  $("slot-form").addEventListener("submit", async ev => {
    ev.preventDefault();
    try {
      const s = await B.call("POST", "/missions/" + $("slot-mission").value + "/slots", {request_id: Number($("slot-request").value), port: Number($("slot-port").value), deploy_order: Number($("slot-order").value)});
      msg("slot-msg", "Slot #" + s.id + " on port " + s.port + ": " + B.num(s.allocated_kg) + " kg", true); load("manifest");
    } catch (e) { msg("slot-msg", e.message, false); }
  });

  if (B.token()) { whoami(); load("requests"); }
})();
