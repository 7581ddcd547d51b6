/* Shared helpers of the baiterek pages: JSON calls, errors, numbers, job progress (SSE). */
"use strict";
const B = {
  token() { return sessionStorage.getItem("baiterek-token") || ""; },
  async call(method, path, body) {
    const headers = {"Accept": "application/json"};
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const t = B.token();
    if (t) headers["Authorization"] = "Bearer " + t;
    const r = await fetch(path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
    let doc = null;
    try { doc = await r.json(); } catch (e) { doc = {error: {message: "HTTP " + r.status}}; }
    if (!r.ok) { const err = new Error((doc.error && doc.error.message) || ("HTTP " + r.status)); err.status = r.status; err.doc = doc; throw err; }
    return doc;
  },
  num(x, digits = 0) {
    if (x === null || x === undefined || Number.isNaN(x)) return "n/a";
    return Number(x).toLocaleString("en-GB", {minimumFractionDigits: digits, maximumFractionDigits: digits});
  },
  esc(s) { return String(s).replace(/[&<>"']/g, c => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c])); },
  rows(tbody, rows) {
    tbody.innerHTML = rows.map(r => "<tr>" + r.map(c => "<td>" + B.esc(c) + "</td>").join("") + "</tr>").join("");
  },
  /* Follow a job: onProgress(data) for each event, resolves with the final job document. */
  follow(jobId, onProgress) {
    return new Promise((resolve, reject) => {
      const es = new EventSource("/jobs/" + jobId + "/events");
      const end = async (ev) => {
        es.close();
        try { resolve(await B.call("GET", "/jobs/" + jobId)); } catch (e) { reject(e); }
      };
      es.addEventListener("progress", ev => onProgress(JSON.parse(ev.data)));
      es.addEventListener("done", ev => { onProgress(JSON.parse(ev.data)); end(ev); });
      es.addEventListener("failed", ev => { onProgress(JSON.parse(ev.data)); end(ev); });
      es.onerror = () => { /* the browser reconnects by itself; the stream ends with done/failed */ };
    });
  },
};
