// What LeetCode declares for TypeScript function problems (defined at run time by
// drivers/js_driver.js): the node classes, the @datastructures-js queues and lodash as `_`.
declare class ListNode {
  val: number;
  next: ListNode | null;
  constructor(val?: number, next?: ListNode | null);
}
declare class TreeNode {
  val: number;
  left: TreeNode | null;
  right: TreeNode | null;
  constructor(val?: number, left?: TreeNode | null, right?: TreeNode | null);
}
declare const PriorityQueue: typeof import("@datastructures-js/priority-queue").PriorityQueue;
type PriorityQueue<T> = import("@datastructures-js/priority-queue").PriorityQueue<T>;
declare const MinPriorityQueue: typeof import("@datastructures-js/priority-queue").MinPriorityQueue;
type MinPriorityQueue<T> = import("@datastructures-js/priority-queue").MinPriorityQueue<T>;
declare const MaxPriorityQueue: typeof import("@datastructures-js/priority-queue").MaxPriorityQueue;
type MaxPriorityQueue<T> = import("@datastructures-js/priority-queue").MaxPriorityQueue<T>;
declare const Queue: typeof import("@datastructures-js/queue").Queue;
type Queue<T> = import("@datastructures-js/queue").Queue<T>;
declare const Deque: typeof import("@datastructures-js/deque").Deque;
type Deque<T> = import("@datastructures-js/deque").Deque<T>;
declare const _: import("lodash").LoDashStatic;
