// The browser UI's entry point: each HTML shell names its page in <body data-page>.
import "./style.css";
import { showList } from "./list.js";
import { showProblem } from "./problem.js";

const page = document.body.dataset.page;
if (page === "list") showList(document.getElementById("app"));
if (page === "problem") showProblem(document.getElementById("app"), document.body.dataset.slug);
