/*
 * check_ignore.c - the ignore-rule matcher (core/ignore.c): gitignore(5)
 * syntax as docs/file-accounting.md describes it (comments, blank lines,
 * negation, trailing `/` for directories, leading `/` anchoring, `**`),
 * the last matching pattern deciding, and the built-in list.
 */
#include <config.h>

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "ignore.h"

/* 1 ignored, 0 re-included, -1 no pattern: of `text` on `rel`. */
static int decide(const char *text, const char *rel, int is_dir)
{
    struct otl_ignore ig;
    const struct otl_ignore_pat *p;
    int r;

    memset(&ig, 0, sizeof ig);
    ck_assert_int_eq(otl_ignore_parse(&ig, text, strlen(text)), 0);
    r = otl_ignore_match(&ig, rel, is_dir, &p);
    ck_assert(r < 0 ? p == NULL : p != NULL);
    otl_ignore_free(&ig);
    return r;
}

START_TEST(comments_and_blank_lines)
{
    struct otl_ignore ig;

    memset(&ig, 0, sizeof ig);
    ck_assert_int_eq(otl_ignore_parse(&ig, "# a comment\n\n   \n\t\n#x.cfg\n", 26), 0);
    ck_assert_uint_eq(ig.n, 0);
    otl_ignore_free(&ig);
    ck_assert_int_eq(decide("#x.cfg\n", "#x.cfg", 0), -1);
    /* an escaped # is a pattern */
    ck_assert_int_eq(decide("\\#x.cfg\n", "#x.cfg", 0), 1);
    /* CRLF and trailing blanks are cut; an escaped blank stays */
    ck_assert_int_eq(decide("sw1.cfg  \r\n", "sw1.cfg", 0), 1);
    ck_assert_int_eq(decide("a\\ \n", "a ", 0), 1);
    ck_assert_int_eq(decide("a\\ \n", "a", 0), -1);
}
END_TEST

START_TEST(basename_at_any_depth)
{
    ck_assert_int_eq(decide("*.bak\n", "x.bak", 0), 1);
    ck_assert_int_eq(decide("*.bak\n", "a/b/x.bak", 0), 1);
    ck_assert_int_eq(decide("*.bak\n", "a/x.bak/y", 0), -1);
    ck_assert_int_eq(decide("x.cfg\n", "sub/x.cfg", 0), 1);
    ck_assert_int_eq(decide("x.cfg\n", "sub/y.cfg", 0), -1);
    ck_assert_int_eq(decide("sw?.cfg\n", "sw1.cfg", 0), 1);
    ck_assert_int_eq(decide("sw[0-3].cfg\n", "sw4.cfg", 0), -1);
    ck_assert_int_eq(decide("sw[0-3].cfg\n", "sw2.cfg", 0), 1);
    /* `*` matches a leading dot, as in git */
    ck_assert_int_eq(decide("*\n", ".hidden", 0), 1);
}
END_TEST

START_TEST(trailing_slash_directories_only)
{
    ck_assert_int_eq(decide("old/\n", "old", 1), 1);
    ck_assert_int_eq(decide("old/\n", "old", 0), -1);
    ck_assert_int_eq(decide("old/\n", "a/old", 1), 1);
    ck_assert_int_eq(decide("old\n", "old", 0), 1);
}
END_TEST

START_TEST(leading_slash_anchors)
{
    ck_assert_int_eq(decide("/x.cfg\n", "x.cfg", 0), 1);
    ck_assert_int_eq(decide("/x.cfg\n", "sub/x.cfg", 0), -1);
    /* a slash in the middle anchors too */
    ck_assert_int_eq(decide("sub/x.cfg\n", "sub/x.cfg", 0), 1);
    ck_assert_int_eq(decide("sub/x.cfg\n", "a/sub/x.cfg", 0), -1);
    /* `*` does not cross a slash */
    ck_assert_int_eq(decide("sub/*.cfg\n", "sub/a/x.cfg", 0), -1);
    ck_assert_int_eq(decide("sub/*.cfg\n", "sub/x.cfg", 0), 1);
}
END_TEST

START_TEST(double_star)
{
    ck_assert_int_eq(decide("**/x.cfg\n", "x.cfg", 0), 1);
    ck_assert_int_eq(decide("**/x.cfg\n", "a/b/x.cfg", 0), 1);
    ck_assert_int_eq(decide("a/**/b\n", "a/b", 0), 1);
    ck_assert_int_eq(decide("a/**/b\n", "a/x/y/b", 0), 1);
    ck_assert_int_eq(decide("a/**/b\n", "a/x/y/c", 0), -1);
    ck_assert_int_eq(decide("a/**\n", "a/x", 0), 1);
    ck_assert_int_eq(decide("a/**\n", "a/x/y", 0), 1);
    ck_assert_int_eq(decide("a/**\n", "a", 1), -1);
    ck_assert_int_eq(decide("**/old/\n", "p/q/old", 1), 1);
    ck_assert_int_eq(decide("**/old/\n", "p/q/old", 0), -1);
    /* not a whole segment: an ordinary star */
    ck_assert_int_eq(decide("a**b\n", "axxb", 0), 1);
    /* many `**` stay cheap (a table, not backtracking) */
    ck_assert_int_eq(decide("**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/z\n",
                            "a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/u/v/w/x/y", 0),
                     -1);
}
END_TEST

START_TEST(negation_last_match_wins)
{
    ck_assert_int_eq(decide("*.cfg\n!keep.cfg\n", "keep.cfg", 0), 0);
    ck_assert_int_eq(decide("*.cfg\n!keep.cfg\n", "drop.cfg", 0), 1);
    ck_assert_int_eq(decide("!keep.cfg\n*.cfg\n", "keep.cfg", 0), 1);
    /* an escaped ! is a literal */
    ck_assert_int_eq(decide("\\!x\n", "!x", 0), 1);
    /* a lone ! or / is nothing */
    ck_assert_int_eq(decide("!\n/\n", "x", 0), -1);
}
END_TEST

START_TEST(builtin_list)
{
    struct otl_ignore ig;
    const struct otl_ignore_pat *p;
    static const char *const yes[] = {".git", "README", "Readme.txt", "LICENSE", "notes.md",
                                      "x.PNG", "a.tar.gz", ".otlintignore", "sw1.cfg~", NULL};
    static const char *const no[] = {"sw1.cfg", "plc.L5X", "CODESYSControl.cfg", "project.xml",
                                     "fw.txt", "readme-not.cfg", NULL};

    ck_assert_int_eq(otl_ignore_builtin(&ig), 0);
    for (size_t i = 0; yes[i] != NULL; i++)
        ck_assert_msg(otl_ignore_match(&ig, yes[i], 0, &p) == 1, "%s not ignored", yes[i]);
    for (size_t i = 0; no[i] != NULL; i++)
        ck_assert_msg(otl_ignore_match(&ig, no[i], 0, &p) < 0, "%s ignored", no[i]);
    /* tool folders are directories only */
    ck_assert_int_eq(otl_ignore_match(&ig, ".github", 1, &p), 1);
    ck_assert_int_eq(otl_ignore_match(&ig, ".github", 0, &p), -1);
    ck_assert_str_eq(otl_ignore_src_name(OTL_IGNORE_OTLINTIGNORE), "otlintignore");
    otl_ignore_free(&ig);
}
END_TEST

START_TEST(pattern_text_and_line)
{
    struct otl_ignore ig;
    const struct otl_ignore_pat *p;

    memset(&ig, 0, sizeof ig);
    ck_assert_int_eq(otl_ignore_parse(&ig, "# c\n\n/old/  \n", 13), 0);
    ck_assert_int_eq(otl_ignore_match(&ig, "old", 1, &p), 1);
    ck_assert_str_eq(p->text, "/old/");
    ck_assert_uint_eq(p->line, 3);
    otl_ignore_free(&ig);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ignore");
    TCase *tc = tcase_create("match");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, comments_and_blank_lines);
    tcase_add_test(tc, basename_at_any_depth);
    tcase_add_test(tc, trailing_slash_directories_only);
    tcase_add_test(tc, leading_slash_anchors);
    tcase_add_test(tc, double_star);
    tcase_add_test(tc, negation_last_match_wins);
    tcase_add_test(tc, builtin_list);
    tcase_add_test(tc, pattern_text_and_line);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
