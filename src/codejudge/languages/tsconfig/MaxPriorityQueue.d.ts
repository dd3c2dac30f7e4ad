// LeetCode's global MaxPriorityQueue (@datastructures-js/priority-queue, drivers/js_driver.js).
declare const MaxPriorityQueue: typeof import("@datastructures-js/priority-queue").MaxPriorityQueue;
type MaxPriorityQueue<T> = import("@datastructures-js/priority-queue").MaxPriorityQueue<T>;
