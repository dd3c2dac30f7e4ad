class Solution {
public:
    ListNode* mixed(ListNode* head, TreeNode* root, vector<vector<int>>& grid, string s, int n) {
        if (n == -1) throw out_of_range("n is -1");
        volatile int spin = 0;
        while (n == -2) spin++;
        int listSum = 0, treeSum = 0, gridSum = 0;
        for (; head; head = head->next) listSum += head->val;
        function<void(TreeNode*)> walk = [&](TreeNode* t) { if (t) { treeSum += t->val; walk(t->left); walk(t->right); } };
        walk(root);
        for (auto& row : grid) for (int x : row) gridSum += x;
        cout << "debug " << s << endl;
        vector<int> out = {listSum, treeSum, gridSum, (int)s.size(), n};
        ListNode* result = nullptr;
        for (int k = out.size() - 1; k >= 0; k--) result = new ListNode(out[k], result);
        return result;
    }
};
