var reverseString = function (s) {
  s.reverse();
};
