class Solution {
public:
    int trap(vector<int>& height) {
        // A stack of columns with decreasing heights; a taller column closes the pools above
        // the columns it pops, one horizontal layer at a time.
        vector<int> stack;
        int total = 0;
        for (int i = 0; i < (int)height.size(); i++) {
            while (!stack.empty() && height[stack.back()] < height[i]) {
                int bottom = height[stack.back()];
                stack.pop_back();
                if (stack.empty()) break;
                int left = stack.back();
                int level = min(height[left], height[i]) - bottom;
                total += level * (i - left - 1);
            }
            stack.push_back(i);
        }
        return total;
    }
};
