// Sleeps past the wall-clock limit with almost no CPU time: time_limit_exceeded (wall time).
const [a, b] = require("fs").readFileSync(0, "utf8").trim().split(/\s+/).map(Number);
setTimeout(() => console.log(a + b), 1800);
