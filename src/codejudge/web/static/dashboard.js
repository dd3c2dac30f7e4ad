var e=document.getElementById("app");e.replaceChildren(Object.assign(document.createElement("h1"),{textContent:"Dashboard"}));
