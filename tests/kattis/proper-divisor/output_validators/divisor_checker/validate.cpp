// Kattis output validator: validate input_file answer_file feedback_dir < team_output
#include <cstdio>
#include <string>

static int verdict(const char* feedback_dir, int code, const std::string& message) {
    std::string path = std::string(feedback_dir) + "/judgemessage.txt";
    if (FILE* f = std::fopen(path.c_str(), "w")) {
        std::fputs(message.c_str(), f);
        std::fclose(f);
    }
    return code;
}

int main(int argc, char** argv) {
    if (argc < 4) return 1;
    long long n = 0, judge = 0, team = 0;
    FILE* in = std::fopen(argv[1], "r");
    FILE* ans = std::fopen(argv[2], "r");
    if (!in || !ans || std::fscanf(in, "%lld", &n) != 1 || std::fscanf(ans, "%lld", &judge) != 1)
        return 1;  // the judge's own files are broken: neither 42 nor 43
    char extra;
    if (std::scanf("%lld", &team) != 1) return verdict(argv[3], 43, "no number in the output");
    if (std::scanf(" %c", &extra) == 1) return verdict(argv[3], 43, "more output than one number");
    if (judge == -1)
        return team == -1 ? verdict(argv[3], 42, "prime")
                          : verdict(argv[3], 43, "n is prime, expected -1");
    if (team <= 1 || team >= n || n % team != 0)
        return verdict(argv[3], 43, std::to_string(team) + " is not a proper divisor");
    return verdict(argv[3], 42, "ok");
}
