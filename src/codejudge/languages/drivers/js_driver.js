// Function-problem driver for JavaScript/TypeScript, run in the box as
// `node driver.js CHANNEL_FD SPEC SOURCE`. Same protocol as the Python driver: one test's
// arguments per line on stdin, one JSON result per line on the channel; prints are captured.
"use strict";
const fs = require("fs");
const vm = require("vm");
const { writeSync, readSync } = fs;
const stringify = JSON.stringify, parse = JSON.parse, cpuUsage = process.cpuUsage;

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

function fromJson(v, t) {
  if (t.endsWith("[]")) return v.map((x) => fromJson(x, t.slice(0, -2)));
  if (t.startsWith("list<")) return v.map((x) => fromJson(x, t.slice(5, -1)));
  if (t === "ListNode") {
    let head = null;
    for (let k = v.length - 1; k >= 0; k--) head = new ListNode(v[k], head);
    return head;
  }
  if (t === "TreeNode") {
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

function toJson(v, t) {
  if (v === undefined) return null;
  if (t.endsWith("[]") || t.startsWith("list<")) {
    const inner = t.endsWith("[]") ? t.slice(0, -2) : t.slice(5, -1);
    return Array.isArray(v) ? v.map((x) => toJson(x, inner)) : v;
  }
  if (t === "ListNode") {
    const out = [];
    for (let n = v; n; n = n.next) {
      if (out.length > 1e6) throw new Error("the list has a cycle");
      out.push(n.val);
    }
    return out;
  }
  if (t === "TreeNode") {
    const out = [], queue = [v];
    for (let h = 0; h < queue.length; h++) {
      if (queue.length > 2e6) throw new Error("the tree has a cycle");
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

function send(channel, message) {
  let line;
  try { line = stringify(message); } catch (e) { message.value = String(message.value); line = stringify(message); }
  const data = Buffer.from(line + "\n");
  for (let done = 0; done < data.length; ) done += writeSync(channel, data, done);
}

function resolve(spec) {
  const names = [spec.function, spec.function.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase())];
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
  // With the CPU used so far: nothing of the submission has run yet (see runner.py).
  const booted = process.cpuUsage();
  send(channel, { event: "loading", cpu_ms: (booted.user + booted.system) / 1000 });
  let captured = [], size = 0;
  const capture = (chunk) => {
    const text = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    size += text.length;
    if (size > spec.stdout_limit) throw new OutputLimit();
    captured.push(text);
    return true;
  };
  process.stdout.write = capture;
  process.stderr.write = capture;
  let make;
  try {
    vm.runInThisContext(fs.readFileSync(process.argv[4], "utf8"), { filename: "solution.js" });
    make = resolve(spec);
  } catch (e) {
    send(channel, { event: "error", type: (e && e.name) || "Error", message: String((e && e.stack) || e) });
    return;
  }
  captured = []; size = 0;
  send(channel, { event: "ready" });
  const outType = spec.inplace !== null ? spec.params[spec.inplace] : spec.returns;
  let line;
  while ((line = readLine(state)) !== null) {
    const args = parse(line).map((a, k) => fromJson(a, spec.params[k]));
    captured = []; size = 0;
    const start = cpuUsage();
    let message;
    try {
      const result = make()(...args);
      const value = spec.inplace !== null ? args[spec.inplace] : result;
      message = { status: "ok", value: toJson(value, outType) };
    } catch (e) {
      if (e instanceof OutputLimit) message = { status: "output_limit" };
      else message = { status: "exception", type: (e && e.name) || "Error", message: String((e && e.stack) || e) };
    }
    const used = cpuUsage(start);
    message.ms = (used.user + used.system) / 1000;
    message.stdout = message.status === "output_limit" ? "" : captured.join("");
    send(channel, { event: "result", ...message });
  }
}

main();
