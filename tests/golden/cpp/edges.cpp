class Solution {
public:
    int climbStairs(int n) {
        while (n == -5) write(2, "flood\xe9", 6);  // past every buffer
        cout << "one \xe9 \xc3\xa9" << endl;
        fwrite("two \xe9\n", 1, 6, stdout);
        cerr << "three" << endl;
        int a = 1, b = 1;
        for (int i = 1; i < n; i++) { int c = a + b; a = b; b = c; }
        return b;
    }

    vector<string> echo(string s, char c, vector<string>& words) {
        vector<string> out = {s, string(1, c)};
        out.insert(out.end(), words.begin(), words.end());
        return out;
    }

    string concat(vector<string>& words, char c) {
        string out;
        for (size_t i = 0; i < words.size(); i++) out += (i ? string(1, c) : "") + words[i];
        return out;
    }

    ListNode* reverseList(ListNode* head) {
        if (head && head->val == -1) {  // a cycle: 3 -> 2 -> -1 -> 3
            ListNode* tail = head;
            while (tail->next) tail = tail->next;
            tail->next = head;
            return head;
        }
        ListNode* prev = nullptr;
        while (head) { ListNode* next = head->next; head->next = prev; prev = head; head = next; }
        return prev;
    }

    TreeNode* doubling(int n) {
        if (n < 0) { auto* root = new TreeNode(1); root->left = root; return root; }
        auto* t = new TreeNode(0);
        for (int v = 1; v <= n; v++) t = new TreeNode(v, t, t);
        return t;
    }
};
