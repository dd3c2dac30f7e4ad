static int treeSum(struct TreeNode* t) { return t ? t->val + treeSum(t->left) + treeSum(t->right) : 0; }

struct ListNode* mixed(struct ListNode* head, struct TreeNode* root, int** grid, int gridSize, int* gridColSize, char* s, int n) {
    if (n == -1) abort();
    volatile int spin = 0;
    while (n == -2) spin++;
    int listSum = 0, gridSum = 0;
    for (; head; head = head->next) listSum += head->val;
    for (int i = 0; i < gridSize; i++) for (int j = 0; j < gridColSize[i]; j++) gridSum += grid[i][j];
    printf("debug %s\n", s);
    int out[5] = {listSum, treeSum(root), gridSum, (int)strlen(s), n};
    struct ListNode* result = NULL;
    for (int k = 4; k >= 0; k--) {
        struct ListNode* node = malloc(sizeof *node);
        node->val = out[k]; node->next = result; result = node;
    }
    return result;
}
