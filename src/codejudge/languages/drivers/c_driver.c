
/* ---- codejudge driver (C): tests as JSON lines on stdin, results on the channel fd ---- */
#include <sys/mman.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>
typedef struct CjJ { int kind; long long i; double d; char* s; int n; struct CjJ* a; } CjJ;  /* kind: 0 null 1 bool 2 num 3 str 4 arr */
static const char* cj_p;
static unsigned cj_hex4(void) { unsigned v = 0; for (int k = 0; k < 4; k++) { char c = *cj_p++; v <<= 4;
    v |= (unsigned)(c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : 0); } return v; }
static int cj_utf8(char* t, unsigned c) {  /* code point -> UTF-8 bytes in t, their count */
    if (c < 0x80) { t[0] = (char)c; return 1; }
    if (c < 0x800) { t[0] = (char)(0xC0 | c >> 6); t[1] = (char)(0x80 | (c & 63)); return 2; }
    if (c < 0x10000) { t[0] = (char)(0xE0 | c >> 12); t[1] = (char)(0x80 | (c >> 6 & 63)); t[2] = (char)(0x80 | (c & 63)); return 3; }
    t[0] = (char)(0xF0 | c >> 18); t[1] = (char)(0x80 | (c >> 12 & 63)); t[2] = (char)(0x80 | (c >> 6 & 63)); t[3] = (char)(0x80 | (c & 63)); return 4; }
/* Why a value was not serialised: 1 a cycle (runtime error), 2 over the answer limit (OLE). */
#define CJ_VALUE_LIMIT (64LL << 20)  /* harness.VALUE_LIMIT_BYTES */
#define CJ_NODE_LIMIT (1LL << 22)  /* harness.NODE_LIMIT: list nodes, tree level-order entries */
static int cj_fail; static const char* cj_why;
static void cj_failed(int kind, const char* why) { if (!cj_fail) { cj_fail = kind; cj_why = why; } }
static void cj_ws(void) { while (*cj_p == ' ' || *cj_p == '\n' || *cj_p == '\r' || *cj_p == '\t') cj_p++; }
static CjJ cj_value(void) {
    CjJ v = {0}; cj_ws();
    if (*cj_p == '[') { int cap = 4; v.kind = 4; v.a = malloc(cap * sizeof(CjJ)); cj_p++; cj_ws();
        if (*cj_p == ']') { cj_p++; return v; }
        for (;;) { if (v.n == cap) { cap *= 2; v.a = realloc(v.a, cap * sizeof(CjJ)); } v.a[v.n++] = cj_value(); cj_ws(); if (*cj_p++ == ']') break; }
    } else if (*cj_p == '"') { size_t cap = 16, n = 0; char* s = malloc(cap); cj_p++; v.kind = 3;
        while (*cj_p != '"') { unsigned u = (unsigned char)*cj_p++; char t[4]; int len = 1; t[0] = (char)u;
            if (u == '\\') { u = (unsigned char)*cj_p++;
                switch (u) { case 'n': t[0] = '\n'; break; case 't': t[0] = '\t'; break; case 'r': t[0] = '\r'; break;
                    case 'b': t[0] = '\b'; break; case 'f': t[0] = '\f'; break;
                    case 'u': u = cj_hex4();
                        if (u >= 0xD800 && u < 0xDC00 && cj_p[0] == '\\' && cj_p[1] == 'u') { cj_p += 2; u = 0x10000 + ((u - 0xD800) << 10) + (cj_hex4() - 0xDC00); }
                        len = cj_utf8(t, u); break;
                    default: t[0] = (char)u; } }  /* \" \\ \/ */
            if (n + len + 1 > cap) { cap = (n + len + 1) * 2; s = realloc(s, cap); } memcpy(s + n, t, len); n += len; }
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
/* The answer being written: it stops at the answer limit, so its JSON never takes more memory. */
static CjBuf* cj_answer;
static void cj_put(CjBuf* b, const char* s, size_t n) {
    if (b == cj_answer && (cj_fail || b->n + n > CJ_VALUE_LIMIT)) { cj_failed(2, "the answer's JSON is over the 64 MiB answer limit"); return; }
    if (b->n + n + 1 > b->cap) { b->cap = (b->n + n + 1) * 2; b->s = realloc(b->s, b->cap); }
    memcpy(b->s + b->n, s, n); b->n += n; b->s[b->n] = 0; }
static void cj_puts(CjBuf* b, const char* s) { cj_put(b, s, strlen(s)); }
static void o_int(CjBuf* b, long long v) { char t[32]; snprintf(t, sizeof t, "%lld", v); cj_puts(b, t); }
static void o_ll(CjBuf* b, long long v) { o_int(b, v); }
static void o_double(CjBuf* b, double v) { char t[64]; if (isfinite(v)) { snprintf(t, sizeof t, "%.17g", v); cj_puts(b, t); } else cj_puts(b, "null"); }
static void o_bool(CjBuf* b, bool v) { cj_puts(b, v ? "true" : "false"); }
static void o_strn(CjBuf* b, const char* s, size_t n) {  /* ASCII JSON; invalid UTF-8 as U+FFFD */
    cj_puts(b, "\"");
    for (size_t k = 0; k < n; k++) { const unsigned char* c = (const unsigned char*)s + k; char t[16];
        if (*c == '"') cj_puts(b, "\\\""); else if (*c == '\\') cj_puts(b, "\\\\");
        else if (*c < 0x20 || *c == 0x7F) { snprintf(t, sizeof t, "\\u%04x", *c); cj_puts(b, t); }
        else if (*c < 0x80) cj_put(b, (const char*)c, 1);
        else { int len = *c >= 0xF0 && *c < 0xF5 ? 4 : *c >= 0xE0 && *c < 0xF0 ? 3 : *c >= 0xC2 && *c < 0xE0 ? 2 : 0; unsigned u = len == 4 ? *c & 7u : len == 3 ? *c & 15u : *c & 31u;
            for (int m = 1; m < len; m++) { if (k + m >= n || (c[m] & 0xC0) != 0x80) { len = 0; break; } u = u << 6 | (c[m] & 63u); }
            if (len == 0 || (len == 3 && u < 0x800) || (len == 4 && (u < 0x10000 || u > 0x10FFFF)) || (u >= 0xD800 && u < 0xE000)) { cj_puts(b, "\\ufffd"); continue; }
            k += len - 1;
            if (u >= 0x10000) snprintf(t, sizeof t, "\\u%04x\\u%04x", 0xD800 + ((u - 0x10000) >> 10), 0xDC00 + ((u - 0x10000) & 0x3FF));
            else snprintf(t, sizeof t, "\\u%04x", u);
            cj_puts(b, t); } }
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
static void o_list(CjBuf* b, struct ListNode* n) {  /* Floyd: slow moves every other step */
    struct ListNode* slow = n; cj_puts(b, "[");
    for (long long k = 0; n; k++) {
        if (k) cj_puts(b, ","); o_int(b, n->val); n = n->next;
        if (k % 2) slow = slow->next;
        if (n && n == slow) { cj_failed(1, "the returned linked list has a cycle"); return; }
        if (k >= CJ_NODE_LIMIT) { cj_failed(2, "the returned list has over 4194304 nodes, the answer limit"); return; } }
    cj_puts(b, "]"); }
/* Some node below itself? Iterative depth-first walk with an open-addressing table of states. */
static bool cj_tree_cycle(struct TreeNode* root) {
    size_t cap = 1 << 16, used = 0, top = 0, scap = 1024; struct TreeNode** keys = calloc(cap, sizeof *keys); char* state = calloc(cap, 1);
    struct { struct TreeNode* t; int leaving; }* stack = malloc(scap * sizeof *stack); bool cycle = false;
    if (root) { stack[top].t = root; stack[top++].leaving = 0; }
    while (top && !cycle) {
        struct TreeNode* t = stack[--top].t; int leaving = stack[top].leaving;
        if (2 * used >= cap) {  /* grow: rehash */
            size_t ncap = cap * 2; struct TreeNode** nk = calloc(ncap, sizeof *nk); char* ns = calloc(ncap, 1);
            for (size_t h = 0; h < cap; h++) if (keys[h]) { size_t j = ((uintptr_t)keys[h] >> 4) * 11400714819323198485ull & (ncap - 1); while (nk[j]) j = (j + 1) & (ncap - 1); nk[j] = keys[h]; ns[j] = state[h]; }
            free(keys); free(state); keys = nk; state = ns; cap = ncap; }
        size_t j = ((uintptr_t)t >> 4) * 11400714819323198485ull & (cap - 1);
        while (keys[j] && keys[j] != t) j = (j + 1) & (cap - 1);
        if (!keys[j]) { keys[j] = t; used++; }
        if (leaving) { state[j] = 2; continue; }
        if (state[j] == 1) { cycle = true; break; }
        if (state[j] == 2) continue;
        state[j] = 1;
        if (top + 3 > scap) { scap *= 2; stack = realloc(stack, scap * sizeof *stack); }
        stack[top].t = t; stack[top++].leaving = 1;
        if (t->left) { stack[top].t = t->left; stack[top++].leaving = 0; }
        if (t->right) { stack[top].t = t->right; stack[top++].leaving = 0; }
    }
    free(keys); free(state); free(stack); return cycle; }
static void o_tree(CjBuf* b, struct TreeNode* root) {
    size_t cap = 64, len = 0, last = 0; struct TreeNode** q = malloc(cap * sizeof *q); q[len++] = root;
    CjBuf items = {0}; size_t* ends = malloc(cap * sizeof *ends);
    /* A shared node (a DAG) is allowed; a cycle is found exactly each time the queue doubles past
       2^18 entries (LeetCode-sized trees never pay for the walk). */
    size_t check = 1 << 18;
    for (size_t h = 0; h < len; h++) {
        if (len + 2 > cap) { cap *= 2; q = realloc(q, cap * sizeof *q); ends = realloc(ends, cap * sizeof *ends); }
        if (len > check) { check *= 2;
            if (cj_tree_cycle(root)) cj_failed(1, "the returned tree has a cycle");
            else if ((long long)len > CJ_NODE_LIMIT) cj_failed(2, "the returned tree has over 4194304 level-order entries, the answer limit");
            if (cj_fail) { free(q); free(ends); free(items.s); return; } }
        if (h) cj_puts(&items, ",");
        if (!q[h]) cj_puts(&items, "null"); else { o_int(&items, q[h]->val); last = h; q[len++] = q[h]->left; q[len++] = q[h]->right; }
        ends[h] = items.n;
    }
    cj_puts(b, "["); if (root) cj_put(b, items.s, ends[last]); cj_puts(b, "]");
    free(q); free(ends); free(items.s); }
static void o_b64(CjBuf* b, const unsigned char* s, size_t n) {
    static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    cj_puts(b, "\"");
    for (size_t k = 0; k < n; k += 3) { unsigned v = (unsigned)s[k] << 16 | (k + 1 < n ? (unsigned)s[k + 1] << 8 : 0) | (k + 2 < n ? s[k + 2] : 0);
        char t[4] = {abc[v >> 18 & 63], abc[v >> 12 & 63], k + 1 < n ? abc[v >> 6 & 63] : '=', k + 2 < n ? abc[v & 63] : '='}; cj_put(b, t, 4); }
    cj_puts(b, "\""); }
static double cj_cpu_ms(void) { struct timespec t; clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t); return t.tv_sec * 1e3 + t.tv_nsec / 1e6; }
static void cj_send(int fd, const char* s, size_t n) { while (n) { ssize_t w = write(fd, s, n); if (w <= 0) _exit(3); s += w; n -= (size_t)w; } }
static void cj_call(CjJ* a, CjBuf* out);

int main(int argc, char** argv) {
    (void)argc;
    int channel = atoi(argv[1]); long long limit = atoll(argv[2]);
    FILE* tests = fdopen(dup(0), "r");
    dup2(open("/dev/null", O_RDONLY), 0);
    /* fd 1 and fd 2 share one in-memory file: printf, write(1, ...), fprintf(stderr, ...) all
       land there, never on the channel; read back (and emptied) after each test. */
    int captured = memfd_create("stdout", 0); dup2(captured, 1); dup2(captured, 2);
    const char* hello = "{\"event\":\"loading\"}\n{\"event\":\"ready\"}\n"; cj_send(channel, hello, strlen(hello));
    char* line = NULL; size_t cap = 0;
    while (getline(&line, &cap, tests) > 0) {
        cj_p = line; CjJ args = cj_value();
        CjBuf value = {0}; double start = cj_cpu_ms(); cj_fail = 0; cj_answer = &value;
        cj_call(args.a, &value);
        cj_answer = NULL;
        double ms = cj_cpu_ms() - start;
        fflush(stdout); fflush(stderr);
        struct stat st; fstat(1, &st);
        CjBuf o = {0}; char t[64];
        cj_puts(&o, "{\"event\":\"result\",\"status\":");
        if (st.st_size > limit) cj_puts(&o, "\"output_limit\",\"stdout_b64\":\"\"");
        else { unsigned char* printed = malloc(st.st_size + 1); ssize_t got = pread(1, printed, st.st_size, 0);
            cj_puts(&o, cj_fail == 1 ? "\"exception\",\"type\":\"cycle\",\"message\":" : cj_fail == 2 ? "\"too_large\",\"message\":" : "\"ok\",\"value\":");
            if (cj_fail) o_str(&o, cj_why); else cj_puts(&o, value.s ? value.s : "null");
            cj_puts(&o, ",\"stdout_b64\":"); o_b64(&o, printed, got > 0 ? (size_t)got : 0); free(printed); }
        snprintf(t, sizeof t, ",\"ms\":%.3f}\n", ms); cj_puts(&o, t);
        if (ftruncate(1, 0) != 0) _exit(3);
        lseek(1, 0, SEEK_SET);
        cj_send(channel, o.s, o.n); free(o.s); free(value.s);
    }
    return 0;
}
