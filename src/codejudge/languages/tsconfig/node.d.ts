// The Node.js names a judged program uses, typed loosely: the full @types/node costs a second
// of CPU per compile, and a program's I/O plumbing is not what the judge checks.
declare function require(id: string): any;
declare var module: any;
declare var exports: any;
declare const process: any;
declare const console: any;
declare const Buffer: any;
declare function setTimeout(callback: (...args: any[]) => void, ms?: number, ...args: any[]): any;
declare function clearTimeout(handle: any): void;
declare function setImmediate(callback: (...args: any[]) => void, ...args: any[]): any;
declare function queueMicrotask(callback: () => void): void;
declare function structuredClone<T>(value: T): T;
declare class TextEncoder { encode(input?: string): Uint8Array; }
declare class TextDecoder { constructor(label?: string); decode(input?: ArrayBufferView | ArrayBuffer): string; }
// Node's built-in modules, for `import * as fs from "fs"` (every import from them is any).
declare module "fs";
declare module "node:fs";
declare module "readline";
declare module "node:readline";
declare module "os";
declare module "util";
declare module "path";
declare module "assert";
declare module "buffer";
declare module "process";
declare module "node:process";
