#include <iostream>
#include <vector>
// Allocates and touches the MiB it reads.
int main() {
    size_t mib;
    std::cin >> mib;
    std::vector<char> v(mib << 20, 1);
    long sum = 0;
    for (size_t i = 0; i < v.size(); i += 4096) sum += v[i];
    std::cout << (sum == (long)(mib << 8) ? (long)mib : -1) << "\n";
}
