// LeetCode's global Queue (@datastructures-js/queue, drivers/js_driver.js).
declare const Queue: typeof import("@datastructures-js/queue").Queue;
type Queue<T> = import("@datastructures-js/queue").Queue<T>;
