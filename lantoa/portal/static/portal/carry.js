/* Lan Toả: a visit that arrived from a tagged link (a channel post's utm_*) keeps its tags on this page's links to
   the registration form, so a registration made from the article is credited to the post. No cookie or storage. */
(function (d, l) {
  var q = new URLSearchParams(l.search), carry = [];
  ["utm_source", "utm_medium", "utm_campaign", "utm_content"].forEach(function (k) {
    var v = q.get(k);
    if (v && /^[-\w.]{1,80}$/.test(v)) carry.push([k, v]);
  });
  if (!carry.length) return;
  d.querySelectorAll('a[href*="/dang-ky-tu-van/"]').forEach(function (a) {
    var u = new URL(a.getAttribute("href"), l.href);
    carry.forEach(function (p) { if (!u.searchParams.has(p[0])) u.searchParams.set(p[0], p[1]); });
    a.setAttribute("href", u.pathname + u.search + u.hash);
  });
})(document, location);
