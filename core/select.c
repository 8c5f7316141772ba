/* select.c - see engine.h: what a profile runs (rules, parameters, SL). */
#include <config.h>
#include "engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static int has_word(char *const *v, size_t n, const char *w)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (strcmp(v[i], w) == 0)
            return 1;
    return 0;
}

static int sel_matches(const struct otl_profile_sel *s, const struct otl_rule *r)
{
    size_t i;

    if (s->nrules && !has_word(s->rules, s->nrules, r->id))
        return 0;
    if (s->ntags) {
        int any = 0;
        for (i = 0; i < s->ntags && !any; i++)
            any = has_word(r->tags, r->ntags, s->tags[i]);
        if (!any)
            return 0;
    }
    if (s->classes && !(s->classes & r->classes))
        return 0;
    if (s->min_sev >= 0 && (int)r->severity < s->min_sev)
        return 0;
    return 1;
}

void otl_selection_free(struct otl_selection *sel)
{
    size_t i;

    free(sel->rules);
    for (i = 0; i < sel->nparams; i++) {
        free(sel->params[i].name);
        free(sel->params[i].value);
    }
    free(sel->params);
    memset(sel, 0, sizeof *sel);
}

int otl_select(const struct otl_ruleset *rs, const char *profile_id, struct otl_selection *out,
               otl_errfn fn, void *arg)
{
    return otl_select_sl(rs, profile_id, 0, out, fn, arg);
}

/* Profile options: the most derived profile that sets one wins. */
static void select_options(const struct otl_profile *const *chain, size_t depth, int sl,
                           struct otl_selection *out)
{
    out->target_sl = sl;
    out->fail_on = out->strict_waivers = -1;
    out->rollup = 1;
    for (size_t k = depth; k-- > 0;) {
        const struct otl_profile *p = chain[k];
        if (sl == 0 && p->target_sl > 0)
            out->target_sl = p->target_sl;
        if (p->fail_on >= 0)
            out->fail_on = p->fail_on;
        if (p->strict_waivers >= 0)
            out->strict_waivers = p->strict_waivers;
        if (p->rollup >= 0)
            out->rollup = p->rollup;
    }
}

int otl_select_sl(const struct otl_ruleset *rs, const char *profile_id, int sl,
                  struct otl_selection *out, otl_errfn fn, void *arg)
{
    const struct otl_profile *chain[16];
    size_t depth = 0, i, j, k;
    const struct otl_profile *p;
    unsigned char *on = NULL;
    int any_select = 0;

    memset(out, 0, sizeof *out);
    p = otl_ruleset_find_profile(rs, profile_id);
    if (p == NULL) {
        if (fn)
            fn(arg, OTL_DIAG_ERROR, profile_id, 0, "no such profile");
        return -1;
    }
    /* chain[0] is the most derived profile. */
    while (p) {
        for (i = 0; i < depth; i++) {
            if (chain[i] == p) {
                if (fn)
                    fn(arg, OTL_DIAG_ERROR, p->file, p->line,
                       "profile extends itself (cycle)");
                return -1;
            }
        }
        if (depth == sizeof chain / sizeof *chain) {
            if (fn)
                fn(arg, OTL_DIAG_ERROR, p->file, p->line,
                   "profile extends chain deeper than 16");
            return -1;
        }
        chain[depth++] = p;
        if (p->extends == NULL)
            break;
        p = otl_ruleset_find_profile(rs, p->extends);
        if (p == NULL) {
            if (fn)
                fn(arg, OTL_DIAG_ERROR, chain[depth - 1]->file, chain[depth - 1]->line,
                   "extends an unknown profile");
            return -1;
        }
    }
    select_options(chain, depth, sl, out);
    on = calloc(rs->nrules ? rs->nrules : 1, 1);
    out->rules = calloc(rs->nrules ? rs->nrules : 1, sizeof *out->rules);
    if (on == NULL || out->rules == NULL)
        goto oom;
    for (k = 0; k < depth; k++)
        for (i = 0; i < chain[k]->nsels; i++)
            any_select |= !chain[k]->sels[i].exclude;
    /* Selects from the base up, then excludes; no select anywhere = all. */
    for (j = 0; j < rs->nrules; j++) {
        const struct otl_rule *r = rs->rules[j];
        int sel = !any_select, excl = 0, any_sl = 0;
        for (k = 0; k < depth; k++) {
            for (i = 0; i < chain[k]->nsels; i++) {
                const struct otl_profile_sel *s = &chain[k]->sels[i];
                if (sel_matches(s, r)) {
                    if (s->exclude)
                        excl = 1;
                    else {
                        sel = 1;
                        any_sl |= s->any_sl;
                    }
                }
            }
        }
        /* At a target SL, a rule whose requirements all start above it does
         * not run (unless chosen with sl="any"). */
        if (sel && !any_sl && out->target_sl > 0 && r->sl > out->target_sl)
            sel = 0;
        on[j] = (unsigned char)(sel && !excl);
    }
    for (j = 0; j < rs->nrules; j++)
        if (on[j])
            out->rules[out->nrules++] = rs->rules[j];
    /* Parameters: rule defaults, then profile values from the base up. */
    for (j = 0; j < rs->nrules; j++) {
        for (i = 0; i < rs->rules[j]->nparams; i++) {
            const struct otl_param *pp = &rs->rules[j]->params[i];
            int seen = 0;
            for (k = 0; k < out->nparams && !seen; k++)
                seen = strcmp(out->params[k].name, pp->name) == 0;
            if (!seen && otl_param_add(&out->params, &out->nparams, &out->capparams,
                                       strdup(pp->name), strdup(pp->value)) != 0)
                goto oom;
        }
    }
    for (k = depth; k-- > 0;) {
        for (i = 0; i < chain[k]->nparams; i++) {
            const struct otl_param *pp = &chain[k]->params[i];
            int found = 0;
            for (j = 0; j < out->nparams; j++) {
                if (strcmp(out->params[j].name, pp->name) == 0) {
                    char *v = strdup(pp->value);
                    if (v == NULL)
                        goto oom;
                    free(out->params[j].value);
                    out->params[j].value = v;
                    found = 1;
                }
            }
            if (!found) {
                /* A misspelt name: named, at the line of its <param>. */
                if (fn) {
                    char msg[512];
                    snprintf(msg, sizeof msg,
                             "profile %s: parameter '%s' is not declared by any rule (see otlint "
                             "explain RULE-ID for a rule's parameters)",
                             chain[k]->id ? chain[k]->id : "?", pp->name ? pp->name : "");
                    fn(arg, OTL_DIAG_ERROR, chain[k]->file,
                       chain[k]->param_lines != NULL ? chain[k]->param_lines[i] : chain[k]->line,
                       msg);
                }
                free(on);
                otl_selection_free(out);
                return -1;
            }
        }
    }
    out->profile_id = chain[0]->id;
    free(on);
    return 0;
oom:
    if (fn)
        fn(arg, OTL_DIAG_ERROR, profile_id, 0, "out of memory");
    free(on);
    otl_selection_free(out);
    return -1;
}
