// The network map: homes, the CLV's home, hubs and community places.
// The page already lists every point; the map is an extra. If Leaflet or
// the map tiles cannot load (poor signal, blocked), the list still works.
import * as L from "../vendor/leaflet/leaflet-src.esm.js";

const data = JSON.parse(document.getElementById("map-data").textContent);
const box = document.getElementById("network-map");

const STYLE = {
  home: { color: "#0b4f4a", fillColor: "#0b4f4a", radius: 8 },
  clv: { color: "#1d70b8", fillColor: "#ffdd00", radius: 11 },
  hub: { color: "#6f3d8c", fillColor: "#6f3d8c", radius: 10 },
  place: { color: "#505a5f", fillColor: "#ffffff", radius: 7 },
};
const NAMES = { home: "Home", clv: "CLV's home", hub: "Hub", place: "Place" };

if (box && data.length) {
  box.hidden = false;
  const map = L.map(box, { scrollWheelZoom: false });
  L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 19,
    referrerPolicy: "strict-origin-when-cross-origin",
    attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
  }).addTo(map);
  const bounds = [];
  for (const point of data) {
    const style = STYLE[point.kind] || STYLE.place;
    L.circleMarker([point.lat, point.lng], { ...style, weight: 2, fillOpacity: 0.9 })
      .bindTooltip(`${NAMES[point.kind] || ""}: ${point.label}`)
      .addTo(map);
    bounds.push([point.lat, point.lng]);
  }
  map.fitBounds(bounds, { padding: [30, 30], maxZoom: 17 });
}
