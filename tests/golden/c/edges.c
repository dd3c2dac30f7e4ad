#include <unistd.h>

int climbStairs(int n) {
    while (n == -5) write(1, "flood\xe9", 6);  /* past every buffer */
    printf("one \xe9 \xc3\xa9\n");
    fflush(stdout);
    write(1, "two \xe9\n", 6);
    fprintf(stderr, "three\n");
    int a = 1, b = 1;
    for (int i = 1; i < n; i++) { int c = a + b; a = b; b = c; }
    return b;
}

char** echo(char* s, char c, char** words, int wordsSize, int* returnSize) {
    char** out = malloc((wordsSize + 2) * sizeof *out);
    out[0] = s;
    out[1] = malloc(2); out[1][0] = c; out[1][1] = 0;
    for (int i = 0; i < wordsSize; i++) out[i + 2] = words[i];
    *returnSize = wordsSize + 2;
    return out;
}

struct ListNode* reverseList(struct ListNode* head) {
    if (head && head->val == -1) {  /* a cycle: 3 -> 2 -> -1 -> 3 */
        struct ListNode* tail = head;
        while (tail->next) tail = tail->next;
        tail->next = head;
        return head;
    }
    struct ListNode* prev = NULL;
    while (head) { struct ListNode* next = head->next; head->next = prev; prev = head; head = next; }
    return prev;
}

static struct TreeNode* node(int val, struct TreeNode* left, struct TreeNode* right) {
    struct TreeNode* t = malloc(sizeof *t);
    t->val = val; t->left = left; t->right = right;
    return t;
}

struct TreeNode* doubling(int n) {
    if (n < 0) { struct TreeNode* root = node(1, NULL, NULL); root->left = root; return root; }
    struct TreeNode* t = node(0, NULL, NULL);
    for (int v = 1; v <= n; v++) t = node(v, t, t);
    return t;
}

char* concat(char** words, int wordsSize, char c) {
    size_t n = 1;
    for (int i = 0; i < wordsSize; i++) n += strlen(words[i]) + 1;
    char* out = malloc(n);
    out[0] = 0;
    for (int i = 0; i < wordsSize; i++) {
        if (i) strncat(out, &c, 1);
        strcat(out, words[i]);
    }
    return out;
}
