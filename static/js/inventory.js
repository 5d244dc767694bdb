/* The offer map: Leaflet with area boundaries and offer points; a base map only when a tile
   URL is configured. The list beside the map shows the same offers without JavaScript. */
(function () {
  "use strict";
  function readJson(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : [];
  }
  function init() {
    var el = document.getElementById("offer-map");
    if (!el || typeof L === "undefined") { return; }
    var map = L.map(el, { scrollWheelZoom: false }).setView([51.16, 10.45], 6);
    var tileUrl = el.dataset.tileUrl;
    if (tileUrl) {
      L.tileLayer(tileUrl, { attribution: el.dataset.tileAttribution || "", maxZoom: 18 }).addTo(map);
    }
    var corners = [];
    var areas = readJson("area-boundaries");
    areas.forEach(function (area) {
      var layer = L.geoJSON(area.geometry, {
        style: { color: "#1d4f6e", weight: 1.2, fillColor: "#2f6f8f", fillOpacity: 0.06 },
        interactive: false
      }).addTo(map);
      var b = layer.getBounds();
      if (b.isValid()) { corners.push(b.getSouthWest(), b.getNorthEast()); }
    });
    function fit() {
      if (corners.length) { map.fitBounds(L.latLngBounds(corners), { padding: [10, 10] }); } else { map.setView([51.16, 10.45], 6); }
    }
    fit();
    // The points load after the page: thousands of them would hold up its first paint.
    var status = document.getElementById("map-status");
    function say(text) { if (status) { status.textContent = text; } }
    fetch(el.dataset.pointsUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (data) {
        data.points.forEach(function (p) {
          var marker = L.circleMarker([p.lat, p.lon], {
            radius: 6, color: "#ffffff", weight: 1.5, fillColor: "#b34700", fillOpacity: 0.95
          }).addTo(map);
          var box = document.createElement("div");
          var link = document.createElement("a");
          link.href = p.url;
          link.textContent = p.title;
          box.appendChild(link);
          var meta = document.createElement("div");
          meta.textContent = p.actor + (p.area ? ", " + p.area : "");
          box.appendChild(meta);
          marker.bindPopup(box);
          corners.push(L.latLng(p.lat, p.lon));
        });
        fit();
        if (status) {
          var n = data.points.length;
          say(n === 1 ? status.dataset.one : status.dataset.many.replace("{n}", n.toLocaleString(document.documentElement.lang || "de")));
        }
      })
      .catch(function () { if (status) { say(status.dataset.failed); } });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
