struct ListNode* mixed(struct ListNode* head, struct TreeNode* root, int** grid, int gridSize, int* gridColSize, char* s, int n) {
    return head->missing;
}
