/* loader.c - see loader.h. */
#include <config.h>
#include "loader.h"

#include <dirent.h>
#include <dlfcn.h>
#include <grp.h>
#include <pwd.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

void otl_registry_init(struct otl_registry *reg)
{
    memset(reg, 0, sizeof *reg);
}

void otl_registry_free(struct otl_registry *reg)
{
    size_t i;

    for (i = 0; i < reg->n; i++) {
        if (reg->v[i].handle)
            dlclose(reg->v[i].handle);
        free(reg->v[i].path);
    }
    free(reg->v);
    memset(reg, 0, sizeof *reg);
}

static void refuse(otl_errfn fn, void *arg, const char *path, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static void refuse(otl_errfn fn, void *arg, const char *path, const char *fmt, ...)
{
    char buf[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (fn)
        fn(arg, OTL_DIAG_ERROR, path, 0, buf);
}

static int name_ok(const char *name)
{
    size_t i;

    if (name == NULL || name[0] == '\0' || strlen(name) > 64)
        return 0;
    for (i = 0; name[i]; i++)
        if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' && name[i] <= '9') ||
              name[i] == '-'))
            return 0;
    return 1;
}

static const char *plugin_name(const struct otl_plugin *p)
{
    return p->kind == OTL_PLUGIN_FORMAT ? p->format->name : p->checker->name;
}

static int dir_of(const char *path, char *out, size_t n)
{
    const char *slash = strrchr(path, '/');

    if (slash == NULL)
        return snprintf(out, n, ".") < (int)n ? 0 : -1;
    if (slash == path)
        return snprintf(out, n, "/") < (int)n ? 0 : -1;
    if ((size_t)(slash - path) >= n)
        return -1;
    memcpy(out, path, (size_t)(slash - path));
    out[slash - path] = '\0';
    return 0;
}

/* Anyone who can rename or replace a directory on the way to a plugin can
 * swap the plugin: refuse a world-writable ancestor of `dir` (its real path)
 * unless its sticky bit is set (/tmp: others cannot rename or remove what
 * is not theirs in it).  The plugin directory itself is checked by the
 * caller (world-writable refused, sticky or not).  0, or -1 refused. */
static int unsafe_parent(const char *dir, otl_errfn fn, void *arg, const char *path)
{
    char *real = realpath(dir, NULL), *slash;
    struct stat st;
    int bad = 0;

    if (real == NULL) {
        refuse(fn, arg, path, "cannot resolve its directory %s: %s", dir, strerror(errno));
        return -1;
    }
    while (!bad && (slash = strrchr(real, '/')) != NULL) {
        if (slash == real)
            slash[1] = '\0'; /* "/" */
        else
            *slash = '\0';
        if (stat(real, &st) != 0) {
            refuse(fn, arg, path, "cannot stat %s: %s", real, strerror(errno));
            bad = 1;
        } else if ((st.st_mode & S_IWOTH) && !(st.st_mode & S_ISVTX)) {
            refuse(fn, arg, path,
                   "directory %s on the way to it is world-writable without the sticky bit "
                   "(mode %04o): anyone could replace the plugin",
                   real, (unsigned)(st.st_mode & 07777));
            bad = 1;
        }
        if (strcmp(real, "/") == 0)
            break;
    }
    free(real);
    return bad ? -1 : 0;
}

/* Is `gid` the user-private group of `uid` (Debian's USERGROUPS_ENAB, umask
 * 002): the owner's primary group, named as the owner, with no other member
 * listed?  Then group-writable gives no one else the file. */
static int private_group(uid_t uid, gid_t gid)
{
    struct passwd pw, *pp = NULL;
    struct group gr, *gp = NULL;
    char pbuf[4096], gbuf[4096];

    if (getpwuid_r(uid, &pw, pbuf, sizeof pbuf, &pp) != 0 || pp == NULL || pw.pw_gid != gid)
        return 0;
    if (getgrgid_r(gid, &gr, gbuf, sizeof gbuf, &gp) != 0 || gp == NULL)
        return 0;
    return strcmp(gr.gr_name, pw.pw_name) == 0 &&
           (gr.gr_mem == NULL || gr.gr_mem[0] == NULL);
}

int otl_registry_load_file(struct otl_registry *reg, const char *path, enum otl_plugin_kind kind,
                           otl_errfn fn, void *arg)
{
    const char *sym = kind == OTL_PLUGIN_FORMAT ? OTL_FORMAT_SYMBOL : OTL_CHECKER_SYMBOL;
    struct otl_plugin p;
    struct stat st;
    char dir[PATH_MAX];
    void *handle = NULL, *desc;
    uint32_t major, minor, size, minsize;
    const char *name;
    size_t i;

    memset(&p, 0, sizeof p);
    if (lstat(path, &st) != 0) {
        refuse(fn, arg, path, "cannot stat: %s", strerror(errno));
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        refuse(fn, arg, path, "not a regular file%s", S_ISLNK(st.st_mode) ? " (a symbolic link)" : "");
        return -1;
    }
    if ((st.st_mode & S_IWOTH) ||
        ((st.st_mode & S_IWGRP) && !private_group(st.st_uid, st.st_gid))) {
        refuse(fn, arg, path, "file is %s-writable (mode %04o)",
               st.st_mode & S_IWOTH ? "world" : "group", (unsigned)(st.st_mode & 07777));
        return -1;
    }
    if (dir_of(path, dir, sizeof dir) < 0 || stat(dir, &st) != 0) {
        refuse(fn, arg, path, "cannot stat its directory");
        return -1;
    }
    if (st.st_mode & S_IWOTH) {
        refuse(fn, arg, path, "directory %s is world-writable (mode %04o)", dir,
               (unsigned)(st.st_mode & 07777));
        return -1;
    }
    if (unsafe_parent(dir, fn, arg, path) != 0)
        return -1;
    /* dlopen runs the plugin's constructors (and those of the libraries it
     * pulls in) before anything below looks at it: the checks above are
     * all there is between a file and code running in otlint
     * (docs/plugins.md). */
    dlerror();
    handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        const char *e = dlerror();
        refuse(fn, arg, path, "dlopen failed: %s", e ? e : "unknown error");
        return -1;
    }
    dlerror();
    desc = dlsym(handle, sym);
    if (desc == NULL) {
        const char *e = dlerror();
        refuse(fn, arg, path, "no symbol %s: %s", sym, e ? e : "symbol is NULL");
        goto refused;
    }
    /* abi_major, abi_minor, size lead both descriptor structs. */
    major = ((const uint32_t *)desc)[0];
    minor = ((const uint32_t *)desc)[1];
    size = ((const uint32_t *)desc)[2];
    if (major != OTL_ABI_MAJOR) {
        refuse(fn, arg, path, "built against plugin ABI %u.%u instead of %u.%u", (unsigned)major,
               (unsigned)minor, (unsigned)OTL_ABI_MAJOR, (unsigned)OTL_ABI_MINOR);
        goto refused;
    }
    minsize = kind == OTL_PLUGIN_FORMAT ? (uint32_t)offsetof(struct otl_format, reserved)
                                        : (uint32_t)offsetof(struct otl_checker, reserved);
    if (size < minsize) {
        refuse(fn, arg, path, "descriptor size %u is smaller than %u", (unsigned)size,
               (unsigned)minsize);
        goto refused;
    }
    p.kind = kind;
    p.handle = handle;
    if (kind == OTL_PLUGIN_FORMAT) {
        p.format = desc;
        name = p.format->name;
        if (p.format->sniff == NULL || p.format->parse == NULL) {
            refuse(fn, arg, path, "descriptor lacks sniff or parse");
            goto refused;
        }
    } else {
        p.checker = desc;
        name = p.checker->name;
    }
    if (!name_ok(name)) {
        refuse(fn, arg, path, "invalid plugin name (want [a-z0-9-]{1,64})");
        goto refused;
    }
    for (i = 0; i < reg->n; i++) {
        if (reg->v[i].kind == kind && strcmp(plugin_name(&reg->v[i]), name) == 0) {
            refuse(fn, arg, path, "duplicate %s name '%s', already loaded from %s",
                   kind == OTL_PLUGIN_FORMAT ? "format" : "checker", name, reg->v[i].path);
            goto refused;
        }
    }
    if (otl_grow(&reg->v, &reg->cap, reg->n + 1, sizeof *reg->v, 8) != 0) {
        refuse(fn, arg, path, "out of memory");
        goto refused;
    }
    p.path = strdup(path);
    if (p.path == NULL) {
        refuse(fn, arg, path, "out of memory");
        goto refused;
    }
    reg->v[reg->n++] = p;
    return 0;
refused:
    dlclose(handle);
    return -1;
}

/* "*.so", not hidden. */
static int is_plugin_name(const char *name)
{
    size_t l = strlen(name);
    return name[0] != '.' && l > 3 && strcmp(name + l - 3, ".so") == 0;
}

/* A plugin folder of the build tree (vendor-formats/NAME), not the
 * statically linked helper library. */
static int is_format_folder(const char *name)
{
    return name[0] != '.' && strcmp(name, "common") != 0;
}

int otl_registry_load_dir(struct otl_registry *reg, const char *dir, enum otl_plugin_kind kind,
                          int optional, otl_errfn fn, void *arg)
{
    struct stat st;
    char **names = NULL;
    size_t n = 0, i;
    int refused = 0;

    if (stat(dir, &st) != 0) {
        if (optional && errno == ENOENT)
            return 0;
        refuse(fn, arg, dir, "cannot open plugin directory: %s", strerror(errno));
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        refuse(fn, arg, dir, "not a directory");
        return -1;
    }
    if (st.st_mode & S_IWOTH) {
        refuse(fn, arg, dir, "plugin directory is world-writable (mode %04o)",
               (unsigned)(st.st_mode & 07777));
        return -1;
    }
    if (otl_list_dir(dir, is_plugin_name, NULL, &names, &n) != 0) {
        refuse(fn, arg, dir, "cannot read plugin directory: %s", strerror(errno));
        return -1;
    }
    for (i = 0; i < n; i++)
        if (otl_registry_load_file(reg, names[i], kind, fn, arg) != 0)
            refused++;
    otl_free_list(names, n);
    return refused;
}

const struct otl_plugin *otl_registry_find_format(const struct otl_registry *reg, const char *name)
{
    size_t i;

    for (i = 0; i < reg->n; i++)
        if (reg->v[i].kind == OTL_PLUGIN_FORMAT && strcmp(reg->v[i].format->name, name) == 0)
            return &reg->v[i];
    return NULL;
}

int otl_running_from_build_tree(void)
{
    static int cached = -1;
    char exe[PATH_MAX], want[PATH_MAX];
    ssize_t k;

    if (cached >= 0)
        return cached;
    cached = 0;
    k = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (k <= 0)
        return cached;
    exe[k] = '\0';
    /* The program itself, or a test program of the build tree. */
    if (snprintf(want, sizeof want, "%s/", OTL_BUILDDIR) < (int)sizeof want &&
        strncmp(exe, want, strlen(want)) == 0)
        cached = 1;
    return cached;
}

const char *otl_default_datadir(void)
{
    return otl_running_from_build_tree() ? OTL_SRCDIR "/baselines" : OTL_PKGDATADIR "/baselines";
}

int otl_registry_load_defaults(struct otl_registry *reg, otl_errfn fn, void *arg)
{
    int bad = 0, r;

    if (otl_running_from_build_tree()) {
        /* Each plugin of the build tree lives in vendor-formats/NAME/.libs. */
        char **dirs = NULL;
        size_t n = 0, i;

        if (otl_list_dir(OTL_BUILDDIR "/vendor-formats", is_format_folder, "/.libs", &dirs, &n) != 0)
            return 0;
        for (i = 0; i < n; i++) {
            r = otl_registry_load_dir(reg, dirs[i], OTL_PLUGIN_FORMAT, 1, fn, arg);
            bad += r < 0 ? 1 : r;
        }
        otl_free_list(dirs, n);
        r = otl_registry_load_dir(reg, OTL_BUILDDIR "/checkers/.libs", OTL_PLUGIN_CHECKER, 1, fn, arg);
        bad += r < 0 ? 1 : r;
        return bad;
    }
    r = otl_registry_load_dir(reg, OTL_PKGLIBDIR "/formats", OTL_PLUGIN_FORMAT, 1, fn, arg);
    bad += r < 0 ? 1 : r;
    r = otl_registry_load_dir(reg, OTL_PKGLIBDIR "/checkers", OTL_PLUGIN_CHECKER, 1, fn, arg);
    bad += r < 0 ? 1 : r;
    return bad;
}
