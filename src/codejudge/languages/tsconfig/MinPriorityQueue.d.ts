// LeetCode's global MinPriorityQueue (@datastructures-js/priority-queue, drivers/js_driver.js).
declare const MinPriorityQueue: typeof import("@datastructures-js/priority-queue").MinPriorityQueue;
type MinPriorityQueue<T> = import("@datastructures-js/priority-queue").MinPriorityQueue<T>;
