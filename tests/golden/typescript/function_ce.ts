function mixed(head: ListNode | null): ListNode | null {
  return head.;
}
