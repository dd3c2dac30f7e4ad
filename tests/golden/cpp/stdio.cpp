#include <bits/stdc++.h>
int main() {
    long long a, b;
    std::cin >> a >> b;
    if (a == -1) { int* p = nullptr; std::cout << *p; abort(); }
    volatile long long spin = 0;
    while (a == -2) spin++;
    std::cout << a + b << "\n";
}
