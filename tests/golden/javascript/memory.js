// Allocates and touches the MiB it reads.
const mib = Number(require("fs").readFileSync(0, "utf8").trim());
const v = new Uint8Array(mib * 1048576).fill(1);
let sum = 0;
for (let i = 0; i < v.length; i += 4096) sum += v[i];
console.log(sum === mib * 256 ? mib : -1);
