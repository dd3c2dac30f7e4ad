/**
 Do not return anything, modify s in-place instead.
 */
function reverseString(s: string[]): void {
  s.reverse();
}
