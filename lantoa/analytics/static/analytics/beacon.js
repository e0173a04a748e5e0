/* Lan Toả pageview beacon: no cookie, no storage, nothing when Do Not Track or Global Privacy Control is on. */
(function (d, n, w) {
  var s = d.currentScript;
  if (!s || n.doNotTrack === "1" || w.doNotTrack === "1" || n.globalPrivacyControl) return;
  var body = JSON.stringify({ u: location.href, r: d.referrer || "", p: s.dataset.page || null });
  var url = s.dataset.endpoint;
  if (n.sendBeacon && n.sendBeacon(url, body)) return;
  try { fetch(url, { method: "POST", body: body, keepalive: true, credentials: "omit" }); } catch (e) {}
})(document, navigator, window);
