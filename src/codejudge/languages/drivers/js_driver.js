// Function-problem driver for JavaScript/TypeScript, run in the box as
// `node driver.js CHANNEL_FD SPEC SOURCE`. Same protocol as the Python driver: one test's
// arguments per line on stdin, one JSON result per line on the channel; prints are captured.
"use strict";
const fs = require("fs");
const vm = require("vm");
const { writeSync, readSync } = fs;
const stringify = JSON.stringify, parse = JSON.parse, cpuUsage = process.cpuUsage;

// LeetCode's globals for JavaScript/TypeScript (toolchains owns this block): the
// @datastructures-js queues and lodash as `_`, from the read-only /opt/node_modules
// (NODE_PATH). Loaded on first use, so a solution that uses none pays nothing; a solution
// may still declare its own variable of the same name.
for (const [names, from] of [
  [["PriorityQueue", "MinPriorityQueue", "MaxPriorityQueue"], "@datastructures-js/priority-queue"],
  [["Queue"], "@datastructures-js/queue"],
  [["Deque"], "@datastructures-js/deque"],
  [["_"], "lodash"],
]) {
  for (const name of names) {
    const set = (value) => Object.defineProperty(globalThis, name, { value, writable: true, configurable: true });
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get() { const m = require(from); const value = name === "_" ? m : m[name]; set(value); return value; },
      set,
    });
  }
}

function ListNode(val, next) {
  this.val = val === undefined ? 0 : val;
  this.next = next === undefined ? null : next;
}
function TreeNode(val, left, right) {
  this.val = val === undefined ? 0 : val;
  this.left = left === undefined ? null : left;
  this.right = right === undefined ? null : right;
}
globalThis.ListNode = ListNode;
globalThis.TreeNode = TreeNode;
globalThis.require = require;

class OutputLimit extends Error {}
// The returned structure has a cycle (a runtime error) / is over the answer limit (output limit).
class Cycle extends Error {}
class TooLarge extends Error {}
const VALUE_LIMIT = 64 << 20; // harness.VALUE_LIMIT_BYTES (JSON characters)
const NODE_LIMIT = 1 << 22; // harness.NODE_LIMIT: list nodes, tree level-order entries

// A type comes parsed by the host (harness.wire_type): its base type `leaf` and the number of
// sequences (T[], list<T>) around it, `depth`.
function fromJson(v, leaf, depth) {
  if (depth > 0) return v.map((x) => fromJson(x, leaf, depth - 1));
  if (leaf === "ListNode") {
    let head = null;
    for (let k = v.length - 1; k >= 0; k--) head = new ListNode(v[k], head);
    return head;
  }
  if (leaf === "TreeNode") {
    if (!v.length || v[0] === null) return null;
    const root = new TreeNode(v[0]), queue = [root];
    let k = 1;
    for (let h = 0; h < queue.length && k < v.length; h++) {
      if (k < v.length && v[k] !== null) queue.push((queue[h].left = new TreeNode(v[k])));
      k++;
      if (k < v.length && v[k] !== null) queue.push((queue[h].right = new TreeNode(v[k])));
      k++;
    }
    return root;
  }
  return v;
}

function toJson(v, leaf, depth) {
  if (v === undefined) return null;
  if (depth > 0) return Array.isArray(v) ? v.map((x) => toJson(x, leaf, depth - 1)) : v;
  if (leaf === "ListNode") {
    const out = [];
    let slow = v; // Floyd: slow moves every other step
    for (let n = v; n; ) {
      out.push(n.val);
      n = n.next;
      if (out.length % 2 === 0) slow = slow.next;
      if (n && n === slow) throw new Cycle("the returned linked list has a cycle");
      if (out.length > NODE_LIMIT) throw new TooLarge("the returned list has over 4194304 nodes, the answer limit");
    }
    return out;
  }
  if (leaf === "TreeNode") {
    // A shared node (a DAG) is allowed; a cycle is found exactly each time the queue doubles
    // past 2^18 entries (LeetCode-sized trees never pay for the walk).
    const out = [], queue = [v];
    let check = 1 << 18;
    for (let h = 0; h < queue.length; h++) {
      if (queue.length > check) {
        check *= 2;
        if (treeCycle(v)) throw new Cycle("the returned tree has a cycle");
        if (queue.length > NODE_LIMIT) throw new TooLarge("the returned tree has over 4194304 level-order entries, the answer limit");
      }
      const n = queue[h];
      if (!n) { out.push(null); continue; }
      out.push(n.val);
      queue.push(n.left, n.right);
    }
    while (out.length && out[out.length - 1] === null) out.pop();
    return out;
  }
  if (typeof v === "bigint") return Number(v);
  return v;
}

// Some node below itself? (iterative, any depth)
function treeCycle(root) {
  const state = new Map(), stack = [[root, false]]; // 1 on the path, 2 left
  while (stack.length) {
    const [n, leaving] = stack.pop();
    if (!n) continue;
    if (leaving) { state.set(n, 2); continue; }
    const seen = state.get(n);
    if (seen === 1) return true;
    if (seen === 2) continue;
    state.set(n, 1);
    stack.push([n, true], [n.left, false], [n.right, false]);
  }
  return false;
}

function send(channel, message) {
  let line;
  try { line = stringify(message); } catch (e) { message.value = String(message.value); line = stringify(message); }
  const data = Buffer.from(line + "\n");
  for (let done = 0; done < data.length; ) done += writeSync(channel, data, done);
}

// The submission's part of an error's stack, as Python's traceback shows only the user's lines:
// its frames up to the driver's call, without Node's internals (node:internal/..., node:vm),
// in the user's file and lines (TypeScript: solution.ts, through the source map esbuild
// appended to solution.js; read when the first stack is shown).
const MAP_MARK = "\n//# sourceMappingURL=data:application/json;base64,";
let sourceMapText = null, sourceMap;
function userStack(e) {
  try {
    const stack = e !== null && typeof e === "object" ? e.stack : undefined;
    if (typeof stack !== "string") return String(e); // a thrown string, number, ...
    const out = [];
    for (const line of stack.split("\n")) {
      if (!/^\s+at /.test(line)) out.push(line);
      else if (line.includes(__filename + ":")) break; // the driver's call of the submission
      else if (!/[( ]node:/.test(line)) out.push(mapped(line));
    }
    return out.join("\n");
  } catch (_) { // a thrown value whose stack or string cannot be read
    return "a value that cannot be shown was thrown";
  }
}
function mapped(frame) {
  if (sourceMap === undefined) {
    sourceMap = null;
    try { if (sourceMapText) sourceMap = new (require("module").SourceMap)(parse(Buffer.from(sourceMapText, "base64").toString("utf8"))); } catch (_) {}
  }
  if (!sourceMap) return frame;
  return frame.replace(/solution\.js:(\d+):(\d+)/, (whole, line, column) => {
    const entry = sourceMap.findEntry(Number(line) - 1, Number(column) - 1);
    if (!entry || typeof entry.originalLine !== "number") return whole;
    const file = String(entry.originalSource || "solution.ts").replace(/^.*\//, "");
    return `${file}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}

function resolve(spec) {
  // topKFrequent -> top_k_frequent, lengthOfLIS -> length_of_lis (spelling.snake_case)
  const snake = spec.function.replace(/(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/g, "_").toLowerCase();
  const names = [spec.function, snake];
  const cls = vm.runInThisContext(`typeof ${spec.class_name} === "function" ? ${spec.class_name} : undefined`);
  if (cls && cls.prototype) for (const name of names) if (typeof cls.prototype[name] === "function") return () => { const s = new cls(); return s[name].bind(s); };
  for (const name of names) {
    const f = vm.runInThisContext(`typeof ${name} === "function" ? ${name} : undefined`);
    if (f) return () => f;
  }
  throw new Error(`solution defines neither a function ${names[0]} nor class ${spec.class_name} with a method ${names[0]}`);
}

function readLine(state) {
  while (true) {
    const nl = state.pending.indexOf(10);
    if (nl >= 0) {
      const line = state.pending.subarray(0, nl).toString("utf8");
      state.pending = state.pending.subarray(nl + 1);
      return line;
    }
    const chunk = Buffer.alloc(1 << 16);
    let n;
    try { n = readSync(state.fd, chunk, 0, chunk.length, null); } catch (e) { if (e.code === "EAGAIN") continue; if (e.code === "EOF") return null; throw e; }
    if (n === 0) return null;
    state.pending = Buffer.concat([state.pending, chunk.subarray(0, n)]);
  }
}

function main() {
  const channel = Number(process.argv[2]);
  const spec = parse(fs.readFileSync(process.argv[3], "utf8"));
  const state = { fd: 0, pending: Buffer.alloc(0) };
  // With the CPU used so far: nothing of the submission has run yet (see judging/function_session.py).
  const booted = process.cpuUsage();
  send(channel, { event: "loading", cpu_ms: (booted.user + booted.system) / 1000 });
  // Everything printed, as bytes: process.stdout/stderr.write (console.*), strings or buffers,
  // and fs.writeSync / fs.write on descriptors 1 and 2 (which would bypass the streams).
  let captured = [], size = 0;
  const keep = (bytes) => {
    size += bytes.length;
    if (size > spec.stdout_limit) throw new OutputLimit();
    captured.push(Buffer.from(bytes));
    return bytes.length;
  };
  const bytesOf = (data, encoding) =>
    typeof data === "string" ? Buffer.from(data, typeof encoding === "string" ? encoding : "utf8")
      : ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(String(data));
  const capture = (chunk, encoding, callback) => {
    keep(bytesOf(chunk, encoding));
    const done = typeof encoding === "function" ? encoding : callback;
    if (typeof done === "function") process.nextTick(done);
    return true;
  };
  process.stdout.write = capture;
  process.stderr.write = capture;
  const fdBytes = (data, a, b, c) => {
    if (typeof data === "string") return bytesOf(data, typeof a === "string" ? a : typeof b === "string" ? b : c);
    const all = bytesOf(data), offset = typeof a === "number" ? a : (a && a.offset) || 0;
    const length = typeof b === "number" ? b : a && typeof a === "object" && a.length !== undefined ? a.length : all.length - offset;
    return all.subarray(offset, offset + length);
  };
  const realWriteSync = fs.writeSync, realWrite = fs.write;
  fs.writeSync = (fd, data, ...rest) => (fd === 1 || fd === 2 ? keep(fdBytes(data, ...rest)) : realWriteSync(fd, data, ...rest));
  fs.write = (fd, data, ...rest) => {
    if (fd !== 1 && fd !== 2) return realWrite(fd, data, ...rest);
    const callback = rest.pop();
    const n = keep(fdBytes(data, ...rest));
    process.nextTick(callback, null, n, data);
  };
  let make;
  try {
    const code = fs.readFileSync(process.argv[4], "utf8"), mark = code.lastIndexOf(MAP_MARK);
    if (mark >= 0) sourceMapText = code.slice(mark + MAP_MARK.length).trim();
    vm.runInThisContext(code, { filename: "solution.js" });
    make = resolve(spec);
  } catch (e) {
    send(channel, { event: "error", type: (e && e.name) || "Error", message: userStack(e) });
    return;
  }
  captured = []; size = 0;
  send(channel, { event: "ready" });
  const outType = spec.inplace !== null ? spec.params[spec.inplace] : spec.returns;
  let line;
  while ((line = readLine(state)) !== null) {
    const args = parse(line).map((a, k) => fromJson(a, spec.params[k].leaf, spec.params[k].depth));
    captured = []; size = 0;
    const start = cpuUsage();
    let message;
    let value;
    try {
      const result = make()(...args);
      const out = toJson(spec.inplace !== null ? args[spec.inplace] : result, outType.leaf, outType.depth);
      try { value = stringify(out); } catch (e) { value = stringify(String(out)); } // judged wrong
      if (value === undefined) value = "null";
      if (value.length > VALUE_LIMIT) throw new TooLarge("the answer's JSON is over the 64 MiB answer limit");
      message = { status: "ok" };
    } catch (e) {
      value = undefined;
      if (e instanceof OutputLimit) message = { status: "output_limit" };
      else if (e instanceof TooLarge) message = { status: "too_large", message: e.message };
      else if (e instanceof Cycle) message = { status: "exception", type: "cycle", message: e.message };
      else message = { status: "exception", type: (e && e.name) || "Error", message: userStack(e) };
    }
    const used = cpuUsage(start);
    message.ms = (used.user + used.system) / 1000;
    message.stdout_b64 = message.status === "output_limit" ? "" : Buffer.concat(captured).toString("base64");
    let reply = stringify({ event: "result", ...message });
    if (value !== undefined) reply = reply.slice(0, -1) + ',"value":' + value + "}"; // JSON already
    const data = Buffer.from(reply + "\n");
    for (let done = 0; done < data.length; ) done += writeSync(channel, data, done);
  }
}

main();
