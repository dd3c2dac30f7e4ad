#include <iostream>

int main() {
    int a, b;  // Bug: 32-bit ints cannot hold the inputs, let alone the sum.
    std::cin >> a >> b;
    std::cout << a + b << "\n";
}
