class Solution {
public:
    double findMedianSortedArrays(vector<int>& nums1, vector<int>& nums2) {
        if (nums1.size() > nums2.size()) return findMedianSortedArrays(nums2, nums1);
        int m = nums1.size(), n = nums2.size();
        int half = (m + n + 1) / 2;
        int lo = 0, hi = m;
        while (true) {
            int i = (lo + hi) / 2, j = half - i;
            long long aLeft = i > 0 ? nums1[i - 1] : LLONG_MIN;
            long long aRight = i < m ? nums1[i] : LLONG_MAX;
            long long bLeft = j > 0 ? nums2[j - 1] : LLONG_MIN;
            long long bRight = j < n ? nums2[j] : LLONG_MAX;
            if (aLeft > bRight) {
                hi = i - 1;
            } else if (bLeft > aRight) {
                lo = i + 1;
            } else {
                long long lowMax = max(aLeft, bLeft);
                if ((m + n) % 2) return (double)lowMax;
                return (lowMax + min(aRight, bRight)) / 2.0;
            }
        }
    }
};
