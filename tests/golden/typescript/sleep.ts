// Sleeps past the wall-clock limit with almost no CPU time: time_limit_exceeded (wall time).
const [a, b]: number[] = require("fs").readFileSync(0, "utf8").trim().split(/\s+/).map(Number);
setTimeout((): void => console.log(a + b), 1800);
