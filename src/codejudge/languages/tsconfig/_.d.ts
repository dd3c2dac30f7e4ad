// LeetCode's global _ (lodash, drivers/js_driver.js), typed by @types/lodash.
declare const _: import("lodash").LoDashStatic;
