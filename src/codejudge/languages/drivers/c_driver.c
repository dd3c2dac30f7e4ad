
/* ---- codejudge driver (C): tests as JSON lines on stdin, results on the channel fd ---- */
#include <sys/mman.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>
typedef struct CjJ { int kind; long long i; double d; char* s; int n; struct CjJ* a; } CjJ;  /* kind: 0 null 1 bool 2 num 3 str 4 arr */
static const char* cj_p;
static void cj_ws(void) { while (*cj_p == ' ' || *cj_p == '\n' || *cj_p == '\r' || *cj_p == '\t') cj_p++; }
static CjJ cj_value(void) {
    CjJ v = {0}; cj_ws();
    if (*cj_p == '[') { int cap = 4; v.kind = 4; v.a = malloc(cap * sizeof(CjJ)); cj_p++; cj_ws();
        if (*cj_p == ']') { cj_p++; return v; }
        for (;;) { if (v.n == cap) { cap *= 2; v.a = realloc(v.a, cap * sizeof(CjJ)); } v.a[v.n++] = cj_value(); cj_ws(); if (*cj_p++ == ']') break; }
    } else if (*cj_p == '"') { size_t cap = 16, n = 0; char* s = malloc(cap); cj_p++; v.kind = 3;
        while (*cj_p != '"') { char c = *cj_p++;
            if (c == '\\') { c = *cj_p++; if (c == 'n') c = '\n'; else if (c == 't') c = '\t'; else if (c == 'r') c = '\r';
                else if (c == 'u') { unsigned u = (unsigned)strtoul((char[]){cj_p[0], cj_p[1], cj_p[2], cj_p[3], 0}, NULL, 16); cj_p += 4; c = (char)u; } }
            if (n + 2 > cap) { cap *= 2; s = realloc(s, cap); } s[n++] = c; }
        cj_p++; s[n] = 0; v.s = s; v.n = (int)n;
    } else if (!strncmp(cj_p, "true", 4)) { v.kind = 1; v.i = 1; cj_p += 4; }
    else if (!strncmp(cj_p, "false", 5)) { v.kind = 1; cj_p += 5; }
    else if (!strncmp(cj_p, "null", 4)) { cj_p += 4; }
    else { char* end; v.kind = 2; v.d = strtod(cj_p, &end); v.i = strtoll(cj_p, NULL, 10); cj_p = end; }
    return v;
}
static int cj_int(CjJ* j) { return (int)j->i; }
static long long cj_ll(CjJ* j) { return j->i; }
static double cj_double(CjJ* j) { return j->d; }
static bool cj_bool(CjJ* j) { return j->i != 0; }
static char* cj_str(CjJ* j) { return strdup(j->s ? j->s : ""); }
static char cj_char(CjJ* j) { return j->s ? j->s[0] : 0; }
#define CJ_ARRAY(name, type, conv) \
    static type* name(CjJ* j, int* n) { type* out = malloc((j->n + 1) * sizeof(type)); for (int k = 0; k < j->n; k++) out[k] = conv(&j->a[k]); *n = j->n; return out; }
CJ_ARRAY(cj_ints, int, cj_int)
CJ_ARRAY(cj_lls, long long, cj_ll)
CJ_ARRAY(cj_doubles, double, cj_double)
CJ_ARRAY(cj_bools, bool, cj_bool)
CJ_ARRAY(cj_chars, char, cj_char)
CJ_ARRAY(cj_strs, char*, cj_str)
#define CJ_ARRAY2(name, type, inner) \
    static type** name(CjJ* j, int* n, int** cols) { type** out = malloc((j->n + 1) * sizeof(type*)); *cols = malloc((j->n + 1) * sizeof(int)); \
        for (int k = 0; k < j->n; k++) out[k] = inner(&j->a[k], &(*cols)[k]); *n = j->n; return out; }
CJ_ARRAY2(cj_ints2, int, cj_ints)
CJ_ARRAY2(cj_chars2, char, cj_chars)
CJ_ARRAY2(cj_strs2, char*, cj_strs)
static struct ListNode* cj_list(CjJ* j) {
    struct ListNode* head = NULL;
    for (int k = j->n - 1; k >= 0; k--) { struct ListNode* n = malloc(sizeof *n); n->val = cj_int(&j->a[k]); n->next = head; head = n; }
    return head;
}
static struct TreeNode* cj_node(CjJ* j) { struct TreeNode* t = calloc(1, sizeof *t); t->val = cj_int(j); return t; }
static struct TreeNode* cj_tree(CjJ* j) {
    if (j->n == 0 || j->a[0].kind == 0) return NULL;
    struct TreeNode** q = malloc((j->n + 1) * sizeof *q); int len = 0, k = 1;
    q[len++] = cj_node(&j->a[0]);
    for (int h = 0; h < len && k < j->n; h++) {
        if (k < j->n && j->a[k].kind) { q[h]->left = cj_node(&j->a[k]); q[len++] = q[h]->left; } k++;
        if (k < j->n && j->a[k].kind) { q[h]->right = cj_node(&j->a[k]); q[len++] = q[h]->right; } k++;
    }
    struct TreeNode* root = q[0]; free(q); return root;
}
/* -- output -- */
typedef struct { char* s; size_t n, cap; } CjBuf;
static void cj_put(CjBuf* b, const char* s, size_t n) {
    if (b->n + n + 1 > b->cap) { b->cap = (b->n + n + 1) * 2; b->s = realloc(b->s, b->cap); }
    memcpy(b->s + b->n, s, n); b->n += n; b->s[b->n] = 0; }
static void cj_puts(CjBuf* b, const char* s) { cj_put(b, s, strlen(s)); }
static void o_int(CjBuf* b, long long v) { char t[32]; snprintf(t, sizeof t, "%lld", v); cj_puts(b, t); }
static void o_ll(CjBuf* b, long long v) { o_int(b, v); }
static void o_double(CjBuf* b, double v) { char t[64]; if (isfinite(v)) { snprintf(t, sizeof t, "%.17g", v); cj_puts(b, t); } else cj_puts(b, "null"); }
static void o_bool(CjBuf* b, bool v) { cj_puts(b, v ? "true" : "false"); }
static void o_strn(CjBuf* b, const char* s, size_t n) {
    cj_puts(b, "\"");
    for (size_t k = 0; k < n; k++) { unsigned char c = (unsigned char)s[k]; char t[8];
        if (c == '"') cj_puts(b, "\\\""); else if (c == '\\') cj_puts(b, "\\\\"); else if (c == '\n') cj_puts(b, "\\n");
        else if (c < 0x20) { snprintf(t, sizeof t, "\\u%04x", c); cj_puts(b, t); } else cj_put(b, (char*)&c, 1); }
    cj_puts(b, "\""); }
static void o_str(CjBuf* b, const char* s) { if (!s) cj_puts(b, "null"); else o_strn(b, s, strlen(s)); }
static void o_char(CjBuf* b, char c) { o_strn(b, &c, 1); }
#define CJ_OUT(name, type, inner) \
    static void name(CjBuf* b, type* v, int n) { cj_puts(b, "["); for (int k = 0; k < n; k++) { if (k) cj_puts(b, ","); inner(b, v[k]); } cj_puts(b, "]"); }
CJ_OUT(o_ints, int, o_int)
CJ_OUT(o_lls, long long, o_ll)
CJ_OUT(o_doubles, double, o_double)
CJ_OUT(o_bools, bool, o_bool)
CJ_OUT(o_chars, char, o_char)
CJ_OUT(o_strs, char*, o_str)
#define CJ_OUT2(name, type, inner) \
    static void name(CjBuf* b, type** v, int n, int* cols) { cj_puts(b, "["); for (int k = 0; k < n; k++) { if (k) cj_puts(b, ","); inner(b, v[k], cols ? cols[k] : 0); } cj_puts(b, "]"); }
CJ_OUT2(o_ints2, int, o_ints)
CJ_OUT2(o_chars2, char, o_chars)
CJ_OUT2(o_strs2, char*, o_strs)
static void o_list(CjBuf* b, struct ListNode* n) {
    cj_puts(b, "["); for (int k = 0; n; n = n->next, k++) { if (k > 1000000) { fprintf(stderr, "the list has a cycle\n"); exit(1); } if (k) cj_puts(b, ","); o_int(b, n->val); } cj_puts(b, "]"); }
static void o_tree(CjBuf* b, struct TreeNode* root) {
    size_t cap = 64, len = 0, last = 0; struct TreeNode** q = malloc(cap * sizeof *q); q[len++] = root;
    CjBuf items = {0}; size_t* ends = malloc(cap * sizeof *ends);
    for (size_t h = 0; h < len; h++) {
        if (len + 2 > cap) { cap *= 2; q = realloc(q, cap * sizeof *q); ends = realloc(ends, cap * sizeof *ends); }
        if (len > 2000000) { fprintf(stderr, "the tree has a cycle\n"); exit(1); }
        if (h) cj_puts(&items, ",");
        if (!q[h]) cj_puts(&items, "null"); else { o_int(&items, q[h]->val); last = h; q[len++] = q[h]->left; q[len++] = q[h]->right; }
        ends[h] = items.n;
    }
    cj_puts(b, "["); if (root) cj_put(b, items.s, ends[last]); cj_puts(b, "]");
    free(q); free(ends); free(items.s); }
static double cj_cpu_ms(void) { struct timespec t; clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t); return t.tv_sec * 1e3 + t.tv_nsec / 1e6; }
static void cj_send(int fd, const char* s, size_t n) { while (n) { ssize_t w = write(fd, s, n); if (w <= 0) _exit(3); s += w; n -= (size_t)w; } }
static void cj_call(CjJ* a, CjBuf* out);

int main(int argc, char** argv) {
    (void)argc;
    int channel = atoi(argv[1]); long long limit = atoll(argv[2]);
    FILE* tests = fdopen(dup(0), "r");
    dup2(open("/dev/null", O_RDONLY), 0);
    int captured = memfd_create("stdout", 0); dup2(captured, 1);
    const char* hello = "{\"event\":\"loading\"}\n{\"event\":\"ready\"}\n"; cj_send(channel, hello, strlen(hello));
    char* line = NULL; size_t cap = 0;
    while (getline(&line, &cap, tests) > 0) {
        cj_p = line; CjJ args = cj_value();
        CjBuf value = {0}; double start = cj_cpu_ms();
        cj_call(args.a, &value);
        double ms = cj_cpu_ms() - start;
        fflush(stdout);
        struct stat st; fstat(1, &st);
        CjBuf o = {0}; char t[64];
        cj_puts(&o, "{\"event\":\"result\",\"status\":");
        if (st.st_size > limit) cj_puts(&o, "\"output_limit\",\"stdout\":\"\"");
        else { char* printed = malloc(st.st_size + 1); ssize_t got = pread(1, printed, st.st_size, 0);
            cj_puts(&o, "\"ok\",\"stdout\":"); o_strn(&o, printed, got > 0 ? (size_t)got : 0); free(printed);
            cj_puts(&o, ",\"value\":"); cj_puts(&o, value.s ? value.s : "null"); }
        snprintf(t, sizeof t, ",\"ms\":%.3f}\n", ms); cj_puts(&o, t);
        if (ftruncate(1, 0) != 0) _exit(3);
        lseek(1, 0, SEEK_SET);
        cj_send(channel, o.s, o.n); free(o.s); free(value.s);
    }
    return 0;
}
