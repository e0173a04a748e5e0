/* Lan Toả beacon: a pageview, then once, when hidden, the seconds the page was visible. No cookie or storage; off under DNT/GPC. */
(function (d, n, w) {
  var s = d.currentScript, url, seen = 0, sent = 0, since = d.hidden ? 0 : Date.now();
  if (!s || n.doNotTrack === "1" || w.doNotTrack === "1" || n.globalPrivacyControl) return;
  url = s.dataset.endpoint;
  function send(data) {
    data = JSON.stringify(data);
    if (n.sendBeacon && n.sendBeacon(url, data)) return;
    try { fetch(url, { method: "POST", body: data, keepalive: true, credentials: "omit" }); } catch (e) {}
  }
  function hide() {
    if (since) seen += Date.now() - since;
    since = 0;
    sent++ || send({ u: location.href, e: Math.min(Math.round(seen / 1000), 1800) });
  }
  send({ u: location.href, r: d.referrer || "", p: s.dataset.page || null });
  d.addEventListener("visibilitychange", function () { d.hidden ? hide() : since || (since = Date.now()); });
  w.addEventListener("pagehide", hide);
})(document, navigator, window);
