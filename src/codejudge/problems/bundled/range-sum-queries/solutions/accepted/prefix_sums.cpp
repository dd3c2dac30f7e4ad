#include <cstdio>
#include <string>
#include <vector>

int main() {
    int n, q;
    if (std::scanf("%d %d", &n, &q) != 2) return 0;
    std::vector<long long> prefix(n + 1, 0);  // |sum| <= 10^14: needs 64 bits
    for (int i = 1; i <= n; i++) {
        long long value;
        std::scanf("%lld", &value);
        prefix[i] = prefix[i - 1] + value;
    }
    std::string out;
    out.reserve(q * 12);
    char buffer[32];
    for (int k = 0; k < q; k++) {
        int l, r;
        std::scanf("%d %d", &l, &r);
        int len = std::snprintf(buffer, sizeof buffer, "%lld\n", prefix[r] - prefix[l - 1]);
        out.append(buffer, len);
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
}
