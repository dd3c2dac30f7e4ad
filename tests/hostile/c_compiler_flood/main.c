#define X10(x) x x x x x x x x x x
#define X10000(x) X10(X10(X10(X10(x))))
X10000(int a = ;)
int main(void) { return 0; }
