// Sleeps past the wall-clock limit with almost no CPU time: time_limit_exceeded (wall time).
#include <chrono>
#include <iostream>
#include <thread>

int main() {
    long long a, b;
    std::cin >> a >> b;
    std::this_thread::sleep_for(std::chrono::milliseconds(1800));
    std::cout << a + b << "\n";
}
