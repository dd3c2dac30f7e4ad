const [a, b] = require("fs").readFileSync(0, "utf8").trim().split(/\s+/).map(Number);
if (a === -1) throw new Error("a is -1");
while (a === -2) {}
console.log(a + b);
