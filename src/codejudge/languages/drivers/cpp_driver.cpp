
// ---- codejudge driver (C++): tests as JSON lines on stdin, results on the channel fd ----
#include <sys/mman.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>
#include <cxxabi.h>
namespace cj {
struct J {
    enum Kind { NUL, BOOL, NUM, STR, ARR } kind = NUL;
    bool b = false; bool integral = false; long long i = 0; double d = 0;
    std::string s; std::vector<J> a;
};
struct Parser {
    const char* p;
    void ws() { while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++; }
    [[noreturn]] void fail() { throw std::runtime_error("bad test input"); }
    static void utf8(std::string& out, unsigned c) {
        if (c < 0x80) out += char(c);
        else if (c < 0x800) { out += char(0xC0 | (c >> 6)); out += char(0x80 | (c & 63)); }
        else if (c < 0x10000) { out += char(0xE0 | (c >> 12)); out += char(0x80 | ((c >> 6) & 63)); out += char(0x80 | (c & 63)); }
        else { out += char(0xF0 | (c >> 18)); out += char(0x80 | ((c >> 12) & 63)); out += char(0x80 | ((c >> 6) & 63)); out += char(0x80 | (c & 63)); }
    }
    unsigned hex4() { unsigned v = 0; for (int k = 0; k < 4; k++) { char c = *p++; v <<= 4;
        if (c >= '0' && c <= '9') v |= c - '0'; else if (c >= 'a' && c <= 'f') v |= c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') v |= c - 'A' + 10; else fail(); } return v; }
    std::string str() {
        std::string out; p++;
        while (*p != '"') {
            if (!*p) fail();
            if (*p != '\\') { out += *p++; continue; }
            p++; char c = *p++;
            switch (c) {
                case 'n': out += '\n'; break; case 't': out += '\t'; break; case 'r': out += '\r'; break;
                case 'b': out += '\b'; break; case 'f': out += '\f'; break;
                case 'u': { unsigned u = hex4();
                    if (u >= 0xD800 && u < 0xDC00 && p[0] == '\\' && p[1] == 'u') { p += 2; u = 0x10000 + ((u - 0xD800) << 10) + (hex4() - 0xDC00); }
                    utf8(out, u); break; }
                default: out += c;
            }
        }
        p++; return out;
    }
    J value() {
        ws(); J v;
        if (*p == '[') { v.kind = J::ARR; p++; ws();
            if (*p == ']') { p++; return v; }
            while (true) { v.a.push_back(value()); ws(); if (*p == ',') { p++; continue; } if (*p == ']') { p++; break; } fail(); }
        } else if (*p == '"') { v.kind = J::STR; v.s = str(); }
        else if (!strncmp(p, "true", 4)) { v.kind = J::BOOL; v.b = true; p += 4; }
        else if (!strncmp(p, "false", 5)) { v.kind = J::BOOL; p += 5; }
        else if (!strncmp(p, "null", 4)) { p += 4; }
        else { const char* s = p; if (*p == '-') p++; bool frac = false;
            while (isdigit((unsigned char)*p) || *p == '.' || *p == 'e' || *p == 'E' || *p == '+' || *p == '-') { if (!isdigit((unsigned char)*p)) frac = true; p++; }
            if (p == s) fail();
            std::string t(s, p); v.kind = J::NUM; v.d = strtod(t.c_str(), nullptr);
            v.integral = !frac; v.i = frac ? (long long)v.d : strtoll(t.c_str(), nullptr, 10); }
        return v;
    }
};
template <class T> struct Conv;
template <> struct Conv<int> { static int in(const J& j) { return (int)j.i; } };
template <> struct Conv<long long> { static long long in(const J& j) { return j.i; } };
template <> struct Conv<double> { static double in(const J& j) { return j.integral ? (double)j.i : j.d; } };
template <> struct Conv<bool> { static bool in(const J& j) { return j.b; } };
template <> struct Conv<std::string> { static std::string in(const J& j) { return j.s; } };
template <> struct Conv<char> { static char in(const J& j) { return j.s.empty() ? 0 : j.s[0]; } };
template <class T> struct Conv<std::vector<T>> { static std::vector<T> in(const J& j) {
    std::vector<T> v; v.reserve(j.a.size()); for (auto& x : j.a) v.push_back(Conv<T>::in(x)); return v; } };
template <> struct Conv<ListNode*> { static ListNode* in(const J& j) {
    ListNode* head = nullptr; for (size_t k = j.a.size(); k-- > 0;) head = new ListNode((int)j.a[k].i, head); return head; } };
template <> struct Conv<TreeNode*> { static TreeNode* in(const J& j) {
    if (j.a.empty() || j.a[0].kind == J::NUL) return nullptr;
    TreeNode* root = new TreeNode((int)j.a[0].i); std::vector<TreeNode*> q{root}; size_t k = 1;
    for (size_t h = 0; h < q.size() && k < j.a.size(); h++) {
        if (k < j.a.size() && j.a[k].kind != J::NUL) { q[h]->left = new TreeNode((int)j.a[k].i); q.push_back(q[h]->left); } k++;
        if (k < j.a.size() && j.a[k].kind != J::NUL) { q[h]->right = new TreeNode((int)j.a[k].i); q.push_back(q[h]->right); } k++;
    }
    return root; } };
// The returned structure has a cycle (a runtime error) / is over the answer limit (output limit).
struct Cycle : std::runtime_error { using std::runtime_error::runtime_error; };
struct TooLarge : std::runtime_error { using std::runtime_error::runtime_error; };
constexpr size_t VALUE_LIMIT = 64u << 20;  // harness.VALUE_LIMIT_BYTES
constexpr size_t NODE_LIMIT = 1u << 22;  // harness.NODE_LIMIT: list nodes, tree level-order entries
inline void check_size(const std::string& o) {
    if (o.size() > VALUE_LIMIT) throw TooLarge("the answer's JSON is over the 64 MiB answer limit"); }
inline void put(std::string& o, int v) { o += std::to_string(v); }
inline void put(std::string& o, long long v) { o += std::to_string(v); }
inline void put(std::string& o, bool v) { o += v ? "true" : "false"; }
inline void put(std::string& o, double v) {
    if (!std::isfinite(v)) { o += "null"; return; }
    char buf[64]; snprintf(buf, sizeof buf, "%.17g", v); o += buf; }
// ASCII JSON: non-ASCII as \u escapes, a byte that is not valid UTF-8 as U+FFFD.
inline void put(std::string& o, const std::string& s) {
    o += '"'; char t[16]; const auto* c = reinterpret_cast<const unsigned char*>(s.data()); size_t n = s.size();
    for (size_t k = 0; k < n; k++) {
        unsigned char x = c[k];
        if (x == '"') o += "\\\""; else if (x == '\\') o += "\\\\";
        else if (x < 0x20 || x == 0x7F) { snprintf(t, sizeof t, "\\u%04x", x); o += t; }
        else if (x < 0x80) o += (char)x;
        else { int len = x >= 0xF0 && x < 0xF5 ? 4 : x >= 0xE0 && x < 0xF0 ? 3 : x >= 0xC2 && x < 0xE0 ? 2 : 0;
            unsigned u = len == 4 ? x & 7u : len == 3 ? x & 15u : x & 31u;
            for (int m = 1; m < len; m++) { if (k + m >= n || (c[k + m] & 0xC0) != 0x80) { len = 0; break; } u = u << 6 | (c[k + m] & 63u); }
            if (len == 0 || (len == 3 && u < 0x800) || (len == 4 && (u < 0x10000 || u > 0x10FFFF)) || (u >= 0xD800 && u < 0xE000)) { o += "\\ufffd"; continue; }
            k += len - 1;
            if (u >= 0x10000) snprintf(t, sizeof t, "\\u%04x\\u%04x", 0xD800 + ((u - 0x10000) >> 10), 0xDC00 + ((u - 0x10000) & 0x3FF));
            else snprintf(t, sizeof t, "\\u%04x", u);
            o += t; }
    }
    o += '"'; }
inline void put(std::string& o, char c) { put(o, std::string(1, c)); }
// Written as it goes and stopped at the answer limit: an answer's JSON never takes more memory.
template <class T> void put(std::string& o, const std::vector<T>& v) {
    o += '['; for (size_t k = 0; k < v.size(); k++) { if (k) o += ','; put(o, (T)v[k]); check_size(o); } o += ']'; }
inline void put(std::string& o, ListNode* n) {  // Floyd: slow moves every other step
    ListNode* slow = n; o += '[';
    for (size_t k = 0; n; k++) {
        if (k) o += ','; put(o, n->val); n = n->next;
        if (k % 2) slow = slow->next;
        if (n && n == slow) throw Cycle("the returned linked list has a cycle");
        if (k >= NODE_LIMIT) throw TooLarge("the returned list has over 4194304 nodes, the answer limit");
    }
    o += ']'; }
inline bool tree_cycle(TreeNode* root) {  // some node below itself? (iterative, any depth)
    std::unordered_map<TreeNode*, char> state; std::vector<std::pair<TreeNode*, bool>> stack;
    if (root) stack.push_back({root, false});
    while (!stack.empty()) {
        auto [t, leaving] = stack.back(); stack.pop_back();
        char& s = state[t];
        if (leaving) { s = 2; continue; }
        if (s == 1) return true;
        if (s == 2) continue;
        s = 1; stack.push_back({t, true});
        if (t->left) stack.push_back({t->left, false});
        if (t->right) stack.push_back({t->right, false});
    }
    return false; }
inline void put(std::string& o, TreeNode* root) {
    // A shared node (a DAG) is allowed; a cycle is found exactly each time the queue doubles
    // past 2^18 entries (LeetCode-sized trees never pay for the walk).
    std::vector<TreeNode*> q{root}; std::string items; size_t end = 0, check = 1 << 18;
    for (size_t h = 0; h < q.size(); h++) {
        if (q.size() > check) { check *= 2;
            if (tree_cycle(root)) throw Cycle("the returned tree has a cycle");
            if (q.size() > NODE_LIMIT) throw TooLarge("the returned tree has over 4194304 level-order entries, the answer limit"); }
        if (h) items += ',';
        if (!q[h]) { items += "null"; continue; }
        items += std::to_string(q[h]->val); end = items.size(); q.push_back(q[h]->left); q.push_back(q[h]->right);
    }
    o += '['; o.append(items, 0, end); o += ']'; }
inline void put_b64(std::string& o, const std::string& s) {
    static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const auto* c = reinterpret_cast<const unsigned char*>(s.data()); size_t n = s.size(); o += '"';
    for (size_t k = 0; k < n; k += 3) {
        unsigned v = unsigned(c[k]) << 16 | (k + 1 < n ? unsigned(c[k + 1]) << 8 : 0) | (k + 2 < n ? c[k + 2] : 0);
        o += abc[v >> 18 & 63]; o += abc[v >> 12 & 63]; o += k + 1 < n ? abc[v >> 6 & 63] : '='; o += k + 2 < n ? abc[v & 63] : '='; }
    o += '"'; }
inline void send(int fd, const std::string& line) {
    size_t done = 0; while (done < line.size()) { ssize_t n = write(fd, line.data() + done, line.size() - done); if (n <= 0) _exit(3); done += n; } }
// The current exception's type, demangled (std::out_of_range), as std::terminate names it.
inline std::string thrown_type() {
    const std::type_info* t = abi::__cxa_current_exception_type();
    if (!t) return "an unknown type";
    int status = 0; char* name = abi::__cxa_demangle(t->name(), nullptr, nullptr, &status);
    std::string out = status == 0 && name ? name : t->name(); std::free(name); return out; }
// What the C++ runtime prints for an exception nobody caught.
inline std::string uncaught(const std::string& type, const char* what) {
    std::string m = "terminate called after throwing an instance of '" + type + "'";
    if (what) { m += "\n  what():  "; m += what; }
    return m; }
inline double cpu_ms() { timespec t; clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t); return t.tv_sec * 1e3 + t.tv_nsec / 1e6; }
}  // namespace cj

static void cj_call(const std::vector<cj::J>& args, std::string& out);

int main(int argc, char** argv) {
    using namespace cj;
    int channel = atoi(argv[1]); long long limit = atoll(argv[2]);
    FILE* tests = fdopen(dup(0), "r");
    int devnull = open("/dev/null", O_RDONLY); dup2(devnull, 0);
    // fd 1 and fd 2 share one in-memory file: cout, printf, cerr, write(1, ...) all land there,
    // never on the channel; read back (and emptied) after each test.
    int captured = memfd_create("stdout", 0); dup2(captured, 1); dup2(captured, 2);
    send(channel, "{\"event\":\"loading\"}\n{\"event\":\"ready\"}\n");
    char* line = nullptr; size_t cap = 0;
    while (getline(&line, &cap, tests) > 0) {
        Parser parser{line}; J args = parser.value();
        std::string value, status = "ok", type, message;
        double start = cpu_ms();
        try { cj_call(args.a, value); check_size(value); }
        catch (const TooLarge& e) { status = "too_large"; message = e.what(); }
        catch (const Cycle& e) { status = "exception"; type = "cycle"; message = e.what(); }
        catch (const std::exception& e) { status = "exception"; type = thrown_type(); message = uncaught(type, e.what()); }
        catch (...) { status = "exception"; type = thrown_type(); message = uncaught(type, nullptr); }
        double ms = cpu_ms() - start;
        std::cout.flush(); std::cerr.flush(); std::clog.flush(); fflush(stdout); fflush(stderr);
        struct stat st; fstat(1, &st);
        std::string printed(std::min<long long>(st.st_size, limit + 1), '\0');
        if (!printed.empty()) { ssize_t got = pread(1, printed.data(), printed.size(), 0); printed.resize(got > 0 ? got : 0); }
        if (ftruncate(1, 0) != 0) _exit(3);
        lseek(1, 0, SEEK_SET);
        std::string o = "{\"event\":\"result\",\"status\":";
        if (st.st_size > limit) status = "output_limit";
        put(o, status); o += ",\"stdout_b64\":"; put_b64(o, st.st_size > limit ? std::string() : printed);
        char buf[64]; snprintf(buf, sizeof buf, ",\"ms\":%.3f", ms); o += buf;
        if (status == "ok") { o += ",\"value\":"; o += value; }
        else if (status == "exception") { o += ",\"type\":"; put(o, type); o += ",\"message\":"; put(o, message); }
        else if (status == "too_large") { o += ",\"message\":"; put(o, message); }
        o += "}\n"; send(channel, o);
    }
    return 0;
}
