/*
 * check_loader.c - the plugin loader: each refusal, with path and reason.
 */
#include <config.h>

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loader.h"
#include "testutil.h"

#define PLUGDIR OTL_TESTPLUGINDIR

static char reasons[4096];
static int nrefused;

static void on_refuse(void *arg, int level, const char *path, unsigned long line,
                      const char *reason)
{
    (void)arg;
    ck_assert_int_eq(level, OTL_DIAG_ERROR); /* a refusal, never a note */
    ck_assert_uint_eq(line, 0);
    nrefused++;
    snprintf(reasons + strlen(reasons), sizeof reasons - strlen(reasons), "%s: %s\n", path, reason);
}

static struct otl_registry reg;
static char *tmp;

static void setup(void)
{
    reasons[0] = '\0';
    nrefused = 0;
    otl_registry_init(&reg);
    tmp = otl_test_mkdtemp();
    ck_assert_ptr_nonnull(tmp);
    chmod(tmp, 0755);
}

static void teardown(void)
{
    otl_registry_free(&reg);
    chmod(tmp, 0755);
    otl_test_rmtree(tmp);
    free(tmp);
}

/* Copy a built test plugin into the temp dir with mode `mode`. */
static char *copy_plugin(const char *name, const char *as, mode_t mode)
{
    char src[1024];
    size_t len;
    char *data, *dst;

    snprintf(src, sizeof src, "%s/%s", PLUGDIR, name);
    data = otl_test_read_file(src, &len);
    ck_assert_msg(data != NULL, "cannot read %s", src);
    dst = otl_test_path(tmp, as);
    ck_assert_int_eq(otl_test_write_file(dst, data, len), 0);
    free(data);
    chmod(dst, mode);
    return dst;
}

START_TEST(loads_good_plugin)
{
    int rc = otl_registry_load_file(&reg, PLUGDIR "/good.so", OTL_PLUGIN_FORMAT, on_refuse, NULL);
    ck_assert_msg(rc == 0, "refused: %s", reasons);
    ck_assert_uint_eq(reg.n, 1);
    ck_assert_str_eq(reg.v[0].format->name, "test-good");
    ck_assert_ptr_nonnull(otl_registry_find_format(&reg, "test-good"));
    ck_assert_ptr_null(otl_registry_find_format(&reg, "nope"));
}
END_TEST

START_TEST(refuses_other_abi_major)
{
    int rc = otl_registry_load_file(&reg, PLUGDIR "/badabi.so", OTL_PLUGIN_FORMAT, on_refuse, NULL);
    ck_assert_int_eq(rc, -1);
    ck_assert_uint_eq(reg.n, 0);
    ck_assert_ptr_nonnull(strstr(reasons, "badabi.so"));
    ck_assert_ptr_nonnull(strstr(reasons, "built against plugin ABI 2.0 instead of 1.4"));
}
END_TEST

START_TEST(refuses_missing_symbol)
{
    int rc = otl_registry_load_file(&reg, PLUGDIR "/nosym.so", OTL_PLUGIN_FORMAT, on_refuse, NULL);
    ck_assert_int_eq(rc, -1);
    ck_assert_ptr_nonnull(strstr(reasons, "nosym.so: no symbol otlint_format"));
}
END_TEST

START_TEST(refuses_duplicate_name)
{
    ck_assert_msg(otl_registry_load_file(&reg, PLUGDIR "/good.so", OTL_PLUGIN_FORMAT, on_refuse, NULL) == 0,
                  "refused: %s", reasons);
    ck_assert_int_eq(otl_registry_load_file(&reg, PLUGDIR "/dup.so", OTL_PLUGIN_FORMAT, on_refuse, NULL), -1);
    ck_assert_uint_eq(reg.n, 1);
    ck_assert_ptr_nonnull(strstr(reasons, "duplicate format name 'test-good', already loaded from"));
}
END_TEST

START_TEST(refuses_world_writable_file)
{
    char *p = copy_plugin("good.so", "good.so", 0666);
    ck_assert_int_eq(otl_registry_load_file(&reg, p, OTL_PLUGIN_FORMAT, on_refuse, NULL), -1);
    ck_assert_ptr_nonnull(strstr(reasons, "file is world-writable (mode 0666)"));
    ck_assert_ptr_nonnull(strstr(reasons, p));
    free(p);
}
END_TEST

START_TEST(refuses_world_writable_dir)
{
    char *p = copy_plugin("good.so", "good.so", 0644);
    chmod(tmp, 0777);
    ck_assert_int_eq(otl_registry_load_file(&reg, p, OTL_PLUGIN_FORMAT, on_refuse, NULL), -1);
    ck_assert_ptr_nonnull(strstr(reasons, "is world-writable (mode 0777)"));
    reasons[0] = '\0';
    ck_assert_int_eq(otl_registry_load_dir(&reg, tmp, OTL_PLUGIN_FORMAT, 0, on_refuse, NULL), -1);
    ck_assert_ptr_nonnull(strstr(reasons, "plugin directory is world-writable"));
    ck_assert_uint_eq(reg.n, 0);
    free(p);
}
END_TEST

START_TEST(refuses_symlink_and_fifo)
{
    char *p = copy_plugin("good.so", "real.so", 0644);
    char *l = otl_test_path(tmp, "link.so"), *f = otl_test_path(tmp, "fifo.so");
    ck_assert_int_eq(symlink(p, l), 0);
    ck_assert_int_eq(mkfifo(f, 0644), 0);
    ck_assert_int_eq(otl_registry_load_file(&reg, l, OTL_PLUGIN_FORMAT, on_refuse, NULL), -1);
    ck_assert_ptr_nonnull(strstr(reasons, "not a regular file (a symbolic link)"));
    ck_assert_int_eq(otl_registry_load_file(&reg, f, OTL_PLUGIN_FORMAT, on_refuse, NULL), -1);
    ck_assert_ptr_nonnull(strstr(reasons, "fifo.so: not a regular file"));
    free(p);
    free(l);
    free(f);
}
END_TEST

START_TEST(refuses_garbage)
{
    char *p = otl_test_path(tmp, "garbage.so");
    ck_assert_int_eq(otl_test_write_file(p, "not an ELF object\n", 18), 0);
    chmod(p, 0644);
    ck_assert_int_eq(otl_registry_load_file(&reg, p, OTL_PLUGIN_FORMAT, on_refuse, NULL), -1);
    ck_assert_ptr_nonnull(strstr(reasons, "garbage.so: dlopen failed:"));
    free(p);
}
END_TEST

START_TEST(load_dir_counts_refusals)
{
    char *a = copy_plugin("good.so", "a-good.so", 0644);
    char *b = copy_plugin("badabi.so", "b-badabi.so", 0644);
    char *c = copy_plugin("dup.so", "c-dup.so", 0644);
    char *missing = otl_test_path(tmp, "missing");
    ck_assert_int_eq(otl_registry_load_dir(&reg, tmp, OTL_PLUGIN_FORMAT, 0, on_refuse, NULL), 2);
    ck_assert_uint_eq(reg.n, 1);
    ck_assert_int_eq(nrefused, 2);
    ck_assert_int_eq(otl_registry_load_dir(&reg, missing, OTL_PLUGIN_FORMAT, 1, on_refuse, NULL), 0);
    ck_assert_int_eq(otl_registry_load_dir(&reg, missing, OTL_PLUGIN_FORMAT, 0, on_refuse, NULL), -1);
    free(a);
    free(b);
    free(c);
    free(missing);
}
END_TEST

START_TEST(build_tree_defaults)
{
    /* This test program runs from the build tree, so the defaults are the
     * freshly built plugins, and cisco-ios is among them. */
    ck_assert_int_eq(otl_running_from_build_tree(), 1);
    ck_assert_int_eq(otl_registry_load_defaults(&reg, on_refuse, NULL), 0);
    ck_assert_ptr_nonnull(otl_registry_find_format(&reg, "cisco-ios"));
    ck_assert_ptr_nonnull(strstr(otl_default_datadir(), "/baselines"));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("loader");
    TCase *tc = tcase_create("refusals");
    SRunner *sr;
    int failed;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, loads_good_plugin);
    tcase_add_test(tc, refuses_other_abi_major);
    tcase_add_test(tc, refuses_missing_symbol);
    tcase_add_test(tc, refuses_duplicate_name);
    tcase_add_test(tc, refuses_world_writable_file);
    tcase_add_test(tc, refuses_world_writable_dir);
    tcase_add_test(tc, refuses_symlink_and_fifo);
    tcase_add_test(tc, refuses_garbage);
    tcase_add_test(tc, load_dir_counts_refusals);
    tcase_add_test(tc, build_tree_defaults);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
