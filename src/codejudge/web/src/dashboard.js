// The operator dashboard's entry point (/dashboard): a bundle of its own, so the practice
// page does not ship the chart library.
import "./style.css";

const root = document.getElementById("app");
root.replaceChildren(Object.assign(document.createElement("h1"), { textContent: "Dashboard" }));
