// LeetCode's global PriorityQueue (@datastructures-js/priority-queue, drivers/js_driver.js).
declare const PriorityQueue: typeof import("@datastructures-js/priority-queue").PriorityQueue;
type PriorityQueue<T> = import("@datastructures-js/priority-queue").PriorityQueue<T>;
