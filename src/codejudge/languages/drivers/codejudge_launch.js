// codejudge launcher (Node.js, stdio programs): `node -r ./codejudge_launch.js solution.js FD`.
// Preloaded once Node has started, before the main module: it tells the host so on the channel
// descriptor FD, with the CPU time used so far, closes FD, and drops FD from process.argv; Node
// then loads solution.js as the main module, as if started directly. The host starts the
// test's clock at that message: Node's start-up is not the program's time.
"use strict";
{
  const fs = require("fs");
  const fd = Number(process.argv[2]);
  const cpu = process.cpuUsage();
  fs.writeSync(fd, `{"event":"ready","cpu_ms":${(cpu.user + cpu.system) / 1000}}\n`);
  fs.closeSync(fd);
  process.argv.splice(2, 1);
}
