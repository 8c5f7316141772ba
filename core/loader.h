/*
 * loader.h - finds, checks and loads format plugins and checker modules.
 *
 * Checks, in this order, each refusal naming the path and the reason:
 * regular file (not a symlink, device, FIFO...), file not world-writable,
 * directory not world-writable, dlopen(RTLD_NOW|RTLD_LOCAL), dlsym of the one
 * descriptor symbol, ABI major equal to ours and struct size large enough,
 * well-formed name, name not already loaded.
 */
#ifndef OTL_LOADER_H
#define OTL_LOADER_H

#include <stddef.h>
#include "otlint.h"
#include "util.h"

enum otl_plugin_kind { OTL_PLUGIN_FORMAT = 0, OTL_PLUGIN_CHECKER = 1 };

struct otl_plugin {
    char *path;
    void *handle;
    enum otl_plugin_kind kind;
    const struct otl_format *format;   /* kind == FORMAT */
    const struct otl_checker *checker; /* kind == CHECKER */
};

struct otl_registry {
    struct otl_plugin *v;
    size_t n, cap;
};

void otl_registry_init(struct otl_registry *reg);
/* dlclose()s everything; descriptors become invalid. */
void otl_registry_free(struct otl_registry *reg);

/* Load one plugin file.  0 loaded, -1 refused (reported via fn). */
int otl_registry_load_file(struct otl_registry *reg, const char *path, enum otl_plugin_kind kind,
                           otl_errfn fn, void *arg);

/* Load every "*.so" of `dir`, in name order.  Returns the number refused
 * (0 = all fine); a directory that does not exist is not an error when
 * `optional`. -1 if the directory itself is refused. */
int otl_registry_load_dir(struct otl_registry *reg, const char *dir, enum otl_plugin_kind kind,
                          int optional, otl_errfn fn, void *arg);

/* Format plugin by name, NULL if none. Borrowed. */
const struct otl_plugin *otl_registry_find_format(const struct otl_registry *reg, const char *name);

/* Where otlint looks by default.  When the running binary is the one in the
 * build tree (OTL_BUILDDIR/core/otlint) these are the build tree's plugin
 * folders and the source tree's baselines; otherwise the installed ones. */
int otl_running_from_build_tree(void);
const char *otl_default_datadir(void); /* baselines, profiles, schema */
/* Load the default format and checker plugins (build tree or installed). */
int otl_registry_load_defaults(struct otl_registry *reg, otl_errfn fn, void *arg);

#endif
