/* xpcost.c - see xpcost.h. */
#include <config.h>
#include "xpcost.h"

#include <string.h>

/* What a token next to a comparison operator says of that operand. */
enum side { SCALAR, PATH };

static int name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-' || c == '.' || c == ':' || (unsigned char)c >= 0x80;
}

static int digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Is x[a, b) an operand of at most one node: the context node (`.`), its
 * parent (`..`), or an attribute of either (`@name`, `../@name`)? */
static int one_node(const char *x, size_t a, size_t b)
{
    while (b > a && (x[b - 1] == ' ' || x[b - 1] == '\t'))
        b--;
    while (a < b && (x[a] == ' ' || x[a] == '\t'))
        a++;
    if (b - a == 1 && x[a] == '.')
        return 1;
    if (b - a == 2 && x[a] == '.' && x[a + 1] == '.')
        return 1;
    if (b - a > 3 && strncmp(x + a, "../", 3) == 0)
        a += 3;
    if (a < b && x[a] == '@') {
        for (a++; a < b && name_char(x[a]) && x[a] != '.'; a++)
            ;
        return a == b;
    }
    return 0;
}

/* Where the operand that ends at x[i] starts: back over the characters a
 * step-only location path is made of. */
static size_t path_start(const char *x, size_t i)
{
    while (i > 0 && (name_char(x[i - 1]) || x[i - 1] == '/' || x[i - 1] == '@' || x[i - 1] == '*'))
        i--;
    return i;
}

/* The operand that ends just before x[i] (white space skipped). */
static enum side left_of(const char *x, size_t i)
{
    while (i > 0 && (x[i - 1] == ' ' || x[i - 1] == '\t' || x[i - 1] == '\n' || x[i - 1] == '\r'))
        i--;
    if (i == 0)
        return SCALAR;
    switch (x[i - 1]) {
    case '\'': case '"': case ')': /* a literal, a function's value */
        return SCALAR;
    case ']': case '*': case '@': /* a step, a predicate's end */
        return PATH;
    default:
        break;
    }
    if (!name_char(x[i - 1]))
        return SCALAR;
    if (one_node(x, path_start(x, i), i))
        return SCALAR;
    {
        size_t e = i;
        while (i > 0 && name_char(x[i - 1]))
            i--;
        if (digit(x[i]) || (x[i] == '.' && e - i > 1 && digit(x[i + 1])))
            return SCALAR; /* a number */
        if (i > 0 && x[i - 1] == '$')
            return SCALAR; /* a variable: the profile binds strings, numbers, booleans */
    }
    return PATH;
}

/* The operand that starts at x[i] (white space skipped). */
static enum side right_of(const char *x, size_t i)
{
    size_t e;

    while (x[i] == ' ' || x[i] == '\t' || x[i] == '\n' || x[i] == '\r')
        i++;
    if (x[i] == '\'' || x[i] == '"' || x[i] == '$' || x[i] == '-' || digit(x[i]) ||
        (x[i] == '.' && digit(x[i + 1])))
        return SCALAR;
    if (x[i] == '@' || x[i] == '.') {
        for (e = i; name_char(x[e]) || x[e] == '/' || x[e] == '@'; e++)
            ;
        if (x[e] != '[' && x[e] != '(' && one_node(x, i, e))
            return SCALAR;
        return PATH;
    }
    if (x[i] == '(' || x[i] == '/' || x[i] == '*')
        return PATH;
    if (!name_char(x[i]))
        return SCALAR;
    for (e = i; name_char(x[e]); e++)
        ;
    while (x[e] == ' ' || x[e] == '\t' || x[e] == '\n' || x[e] == '\r')
        e++;
    if (x[e] == '(') {
        /* a function call, but for the node tests, which are steps */
        static const char *const tests[] = {"node", "text", "comment", "processing-instruction"};
        for (size_t k = 0; k < sizeof tests / sizeof *tests; k++)
            if (strncmp(x + i, tests[k], strlen(tests[k])) == 0 &&
                !name_char(x[i + strlen(tests[k])]))
                return PATH;
        return SCALAR;
    }
    return PATH;
}

int otl_xpath_quadratic(const char *x)
{
    char q = 0;
    size_t i;

    for (i = 0; x[i]; i++) {
        char c = x[i];
        if (q) {
            if (c == q)
                q = 0;
            continue;
        }
        if (c == '\'' || c == '"') {
            q = c;
        } else if (c == '|') {
            return 1;
        } else if (c == '=' || c == '<' || c == '>' || (c == '!' && x[i + 1] == '=')) {
            size_t op = i, after = i + 1;
            if (c == '!' || ((c == '<' || c == '>') && x[i + 1] == '='))
                after = i + 2;
            if (left_of(x, op) == PATH && right_of(x, after) == PATH)
                return 1;
            i = after - 1;
        }
    }
    return 0;
}
