#include <cstdio>
#include <functional>
#include <queue>
#include <string>
#include <utility>
#include <vector>

int main() {
    int n, m;
    if (std::scanf("%d %d", &n, &m) != 2) return 0;
    std::vector<std::vector<std::pair<int, long long>>> out(n + 1);
    for (int i = 0; i < m; i++) {
        int u, v;
        long long w;
        std::scanf("%d %d %lld", &u, &v, &w);
        out[u].emplace_back(v, w);
    }
    std::vector<long long> dist(n + 1, -1);
    using Item = std::pair<long long, int>;
    std::priority_queue<Item, std::vector<Item>, std::greater<Item>> heap;
    heap.emplace(0, 1);
    while (!heap.empty()) {
        auto [d, u] = heap.top();
        heap.pop();
        if (dist[u] != -1) continue;
        dist[u] = d;
        for (auto [v, w] : out[u]) {
            if (dist[v] == -1) heap.emplace(d + w, v);
        }
    }
    std::string line;
    for (int i = 1; i <= n; i++) {
        if (i > 1) line += ' ';
        line += std::to_string(dist[i]);
    }
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), stdout);
}
