// LeetCode's global Deque (@datastructures-js/deque, drivers/js_driver.js).
declare const Deque: typeof import("@datastructures-js/deque").Deque;
type Deque<T> = import("@datastructures-js/deque").Deque<T>;
