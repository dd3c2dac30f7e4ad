class Solution {
public:
    ListNode* mixed(ListNode* head, TreeNode* root, vector<vector<int>>& grid, string s, int n) {
        return head->missing;
    }
};
