class Solution {
public:
    bool canFinish(int numCourses, vector<vector<int>>& prerequisites) {
        vector<vector<int>> after(numCourses);
        for (auto& p : prerequisites) after[p[1]].push_back(p[0]);
        // 0 = unseen, 1 = on the current path, 2 = finished. A path edge back to a 1 is a cycle.
        vector<int> color(numCourses, 0);
        function<bool(int)> acyclic = [&](int u) {
            color[u] = 1;
            for (int v : after[u]) {
                if (color[v] == 1) return false;
                if (color[v] == 0 && !acyclic(v)) return false;
            }
            color[u] = 2;
            return true;
        };
        for (int c = 0; c < numCourses; c++) {
            if (color[c] == 0 && !acyclic(c)) return false;
        }
        return true;
    }
};
