// LeetCode's ListNode (defined at run time by drivers/js_driver.js).
declare class ListNode {
  val: number;
  next: ListNode | null;
  constructor(val?: number, next?: ListNode | null);
}
