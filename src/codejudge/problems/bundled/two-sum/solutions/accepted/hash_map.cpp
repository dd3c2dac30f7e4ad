class Solution {
public:
    vector<int> twoSum(vector<int>& nums, int target) {
        // One pass: for each value, look up the complement among the values seen before it.
        // The complement can be up to 2 * 10^9 in size, so it is computed in 64 bits.
        unordered_map<long long, int> seen;
        seen.reserve(nums.size() * 2);
        for (int i = 0; i < (int)nums.size(); i++) {
            auto it = seen.find((long long)target - nums[i]);
            if (it != seen.end()) return {it->second, i};
            seen[nums[i]] = i;
        }
        return {};
    }
};
