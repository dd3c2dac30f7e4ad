#include <algorithm>
#include <cstdio>
#include <vector>

int main() {
    int n, capacity;
    if (std::scanf("%d %d", &n, &capacity) != 2) return 0;
    std::vector<long long> best(capacity + 1, 0);  // up to 10^11: 64 bits
    for (int i = 0; i < n; i++) {
        int w;
        long long v;
        std::scanf("%d %lld", &w, &v);
        // Downwards, so best[c - w] still excludes this item.
        for (int c = capacity; c >= w; c--) best[c] = std::max(best[c], best[c - w] + v);
    }
    std::printf("%lld\n", best[capacity]);
}
