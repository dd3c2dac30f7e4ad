#include <iostream>

int main() {
    long long a, b;  // |a + b| <= 2 * 10^18 < 2^63
    std::cin >> a >> b;
    std::cout << a + b << "\n";
}
