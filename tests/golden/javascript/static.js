// 192 MiB of static data, set up when the program loads.
const T = new Uint8Array(192 << 20).fill(1);
let sum = 0;
for (let i = 0; i < T.length; i += 4096) sum += T[i];
console.log(sum);
