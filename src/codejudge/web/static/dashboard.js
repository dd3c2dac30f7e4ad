import"./chunks/chunk-C722UOT4.js";import"./chunks/chunk-BO56SXXS.js";var e=document.getElementById("app");e.replaceChildren(Object.assign(document.createElement("h1"),{textContent:"Dashboard"}));
