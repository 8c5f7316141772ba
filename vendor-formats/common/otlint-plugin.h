/*
 * otlint-plugin.h - the otlint plugin SDK: helpers every format plugin uses,
 * in tree and out of tree (docs/plugins.md).
 *
 * Installed with otlint.h in $(includedir)/otlint; the code is the static
 * archive libotlint-plugin.a (position-independent), linked into each plugin:
 *
 *     cc -shared -fPIC -o my.so my.c $(pkg-config --cflags --libs otlint-plugin)
 *
 * Static, so that a plugin still exports exactly one symbol (everything
 * declared here is hidden), needs no library path at run time, and carries
 * the SDK it was built and tested with: the host table (otlint.h) stays the
 * only interface between a plugin and the running core.
 *
 * Names: otlp_*.  All text passed in is arbitrary config bytes; the
 * attribute setters make it valid XML (UTF-8, no control characters).
 * Contents: text lines; attribute setters and sanitising; raw records;
 * secrets (default values, credential names); the element budget; the
 * document builder (struct otlp_doc, the way plugins make facts); XML
 * helpers (start-tag lines, DOCTYPE, booleans, versions).
 */
#ifndef OTLINT_PLUGIN_H
#define OTLINT_PLUGIN_H

#include <stdarg.h>
#include <stddef.h>
#include "otlint.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Not exported from a plugin, whatever its compiler flags. */
#if defined(__GNUC__)
#pragma GCC visibility push(hidden)
#endif

/* A line of a text config.  `s` points into the input buffer (borrowed, valid
 * as long as the input); `len` excludes the line terminator (\n, \r\n or \r). */
struct otlp_line {
    const char *s;
    size_t len;
    unsigned long no; /* 1-based */
};

/* The line reader reads the input in bounded windows (ABI 1.4): every
 * OTLP_WINDOW bytes it tells the core what it has read (host->input_consumed:
 * the pages behind it may leave memory), and every OTLP_WINDOW bytes or
 * OTLP_CHECK_LINES lines it asks whether the file's time limit is spent
 * (host->expired); then it ends the input early (otlp_next_line returns 0
 * and otlp_reader_expired says why; the core makes the file status `limit`).
 * The host is the one the thread's last otlp_doc_init() was given, or the
 * one otlp_reader_host() sets; none (an older core): the whole input, no
 * checks. */
#define OTLP_WINDOW (4UL * 1024 * 1024)
#define OTLP_CHECK_LINES 4096
struct otlp_reader {
    const unsigned char *p, *end;
    unsigned long no;
    const unsigned char *mark; /* next call back at or after this byte */
    const struct otl_host *host;
    struct otl_parse_ctx *ctx;
    int expired;
};

void otlp_reader_init(struct otlp_reader *r, const struct otl_input *in);
/* The host and parse the reader reports to (otlp_reader_init takes them
 * from the thread's last otlp_doc_init). */
void otlp_reader_host(struct otlp_reader *r, const struct otl_host *host,
                      struct otl_parse_ctx *ctx);
/* Next line; returns 0 at end of input (or once the time limit is spent),
 * 1 otherwise. */
int otlp_next_line(struct otlp_reader *r, struct otlp_line *out);
/* 1 when the reader stopped because the file's time limit is spent. */
int otlp_reader_expired(const struct otlp_reader *r);
/* Remember the host of this thread's parse for otlp_reader_init()
 * (otlp_doc_init calls it; a plugin without the builder may too). */
void otlp_sdk_set_host(const struct otl_host *host, struct otl_parse_ctx *ctx);

/* New fact element <name> appended to dd->facts, line recorded.  NULL on OOM.
 * Not counted against any budget: a format plugin makes its facts with
 * otlp_doc_fact() (below); this is for code that adds a few facts to a
 * finished document. */
xmlNodePtr otlp_fact(struct otl_devdoc *dd, const char *name, unsigned long line);

/* Attribute setters.  Bytes that are not valid UTF-8 or are control
 * characters are replaced by '?'.  Return 0, -1 on OOM (n NULL: -1).  The
 * builder's otlp_doc_set* (below) wrap them: NULL-safe, failure latched. */
int otlp_set(xmlNodePtr n, const char *attr, const char *val);
int otlp_setn(xmlNodePtr n, const char *attr, const char *val, size_t len);
int otlp_setf(xmlNodePtr n, const char *attr, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
int otlp_setb(xmlNodePtr n, const char *attr, int b);
/* otlp_setn, and the attribute's line (otl_attr_set_line; 0: none of its own). */
int otlp_setn_line(xmlNodePtr n, const char *attr, const char *val, size_t len,
                   unsigned long line);

/* New child element `name` of `parent` with attribute text=`text` (sanitised). */
xmlNodePtr otlp_child_text(xmlNodePtr parent, const char *name, unsigned long line,
                           const char *text, size_t len);

/* May the raw tree be handed over as records (host->raw_stmt, ABI 1.1)?
 * Ask once per parse; when not, build the elements. */
int otlp_raw_records(const struct otl_host *host);
/* One raw element as a record: `text` (a statement, or an XML start tag)
 * sanitised here exactly as otlp_setn() would an attribute value.  0, -1 OOM. */
int otlp_raw_record(const struct otl_host *host, struct otl_parse_ctx *ctx, unsigned depth,
                    unsigned long line, const char *text, size_t len, unsigned flags);

/* Case-insensitive: is `s` a well-known vendor default or trivial secret
 * ("cisco", "admin", "public", "private", "password", ...)?  Compared in
 * full, not as a substring. */
int otlp_known_default_secret(const char *s, size_t len);

/* ---- secrets: the one secret-name matcher and URL-credential scrubber
 * every plugin uses (docs/plugins.md "Secrets").  A plugin redacts what its
 * vendor's grammar says is a secret, by position; these are for names and
 * text the grammar does not know (fail closed). */

/* Does s[0..n) contain, in any case, a word credentials are named with?
 * Stems, also inside longer words: pass (password, passwd, passphrase,
 * passwort), pwd, psk, secret, key, hash, communit(y/ies), credential(s),
 * token, kennwort, geheim, schluessel/schlüssel, zugangsdaten,
 * anmeldedaten.  Whole words only (a run of letters or a camelCase part):
 * pin, auth, pw, cred, creds ("userPin", "PIN_Code", "Auth"; not "Ping",
 * "Mapping", "Author").  Never looks past n.  1 with *at and *end (either
 * may be NULL) the bytes of the first such word (a stem: the whole run of
 * letters it is in, from the stem on), else 0. */
int otlp_secret_word(const char *s, size_t n, size_t *at, size_t *end);
/* otlp_secret_word(s, n, NULL, NULL). */
int otlp_secret_name(const char *s, size_t n);

/* Credentials in a URL's user-info at or after s[from]: `scheme://USER:PASS@`
 * gives PASS, `scheme://USER@` (a token, perhaps) the whole user-info; the
 * user-info ends at the last '@' before the authority ends ('/', '?', '#',
 * a blank, a quote, ';', ',').  1 with [*a, *b) the bytes to hide, else 0. */
int otlp_url_secret(const char *s, size_t n, size_t from, size_t *a, size_t *b);

/* Sanitised copy (otlp_sanitize) of s[0..n) with every URL credential
 * replaced by OTL_REDACTED.  *redacted (may be NULL): 1 when something was.
 * Malloc'd, NUL-terminated; NULL on OOM. */
char *otlp_scrub_urls(const char *s, size_t n, int *redacted);

/* Fail closed, for a statement, an attribute ("Name=value") or a value no
 * grammar of the plugin knows: the sanitised copy with URL credentials
 * replaced and, when it contains a secret word (otlp_secret_word),
 * everything after that word and the blanks, '=', ':' or quotes that follow
 * it replaced by OTL_REDACTED ("snmp-agent community <redacted>",
 * "Kennwort=<redacted>").  *redacted (may be NULL): 1 when something was.
 * Malloc'd; NULL on OOM. */
char *otlp_redact_unknown(const char *s, size_t n, int *redacted);

/* Copy sanitised text (see above) into a fresh NUL-terminated malloc'd
 * buffer.  Caller frees.  NULL on OOM. */
char *otlp_sanitize(const char *s, size_t len);

/* The element budget of a device document (host->max_nodes; 0 = no limit).
 * take() counts one more element: 0 when it may be created, -1 when the
 * budget is spent, or (every OTLP_CHECK_LINES elements it asks
 * host->expired, ABI 1.4) the file's time limit is: `full` set, no
 * diagnostic (the core reports the limit).  The first refusal reports an error diagnostic at `line`
 * ("the rest of the file is not read") and sets `full`; the caller decides
 * what stops and marks its result OTL_PARSE_PARTIAL. */
struct otlp_budget {
    size_t used, max;
    int full;
};
void otlp_budget_init(struct otlp_budget *b, const struct otl_host *host);
int otlp_budget_take(struct otlp_budget *b, const struct otl_host *host, struct otl_parse_ctx *ctx,
                     unsigned long line);

/* ---------------------------------------------------------------- the document builder */

/* One parse's builder: the document, the element budget and the outcome so
 * far.  Every function is NULL-safe (a node that could not be made, a value
 * that is absent: nothing is done) and latches failure:
 *  - out of memory: status NOMEM, `oom` and `stop` set; nothing more is
 *    built or set;
 *  - budget spent (host->max_nodes): one error diagnostic at the line of the
 *    element that did not fit ("... the rest of the file is not read"),
 *    status at least PARTIAL, `stop` set; no element is made any more, but
 *    attributes of elements already made may still be set;
 *  - the plugin may stop building for a reason of its own (otlp_doc_stop).
 * `status` keeps the worst outcome recorded, in the order OK < PARTIAL <
 * FAILED < NOMEM; return it from parse.  A plugin tests `stop` to end its
 * reading loop early. */
struct otlp_doc {
    const struct otl_host *host;
    struct otl_parse_ctx *ctx;
    struct otl_devdoc *dd;
    struct otlp_budget budget;
    enum otl_parse_status status;
    int oom;
    int stop;
    unsigned long line; /* of the statement being read (otlp_doc_at); 0 none */
};

void otlp_doc_init(struct otlp_doc *d, const struct otl_host *host, struct otl_parse_ctx *ctx,
                   struct otl_devdoc *dd);
/* Record an outcome: status becomes the worse of the two (NOMEM latches oom). */
void otlp_doc_status(struct otlp_doc *d, enum otl_parse_status s);
/* Out of memory (an allocation of the plugin's own failed). */
void otlp_doc_nomem(struct otlp_doc *d);
/* Record `s` and build nothing more (a limit of the plugin's own). */
void otlp_doc_stop(struct otlp_doc *d, enum otl_parse_status s);

/* Count one element against the budget: 0 it may be made, -1 stopped. */
int otlp_doc_take(struct otlp_doc *d, unsigned long line);
/* A new element `name` under `parent` (counted, its line set), or NULL
 * (stopped, parent NULL, or out of memory). */
xmlNodePtr otlp_doc_node(struct otlp_doc *d, xmlNodePtr parent, const char *name,
                         unsigned long line);
/* The same under dd->facts. */
xmlNodePtr otlp_doc_fact(struct otlp_doc *d, const char *name, unsigned long line);

/* The statement or element being read is at `line` (0: none, e.g. defaults
 * filled in at the end): every attribute set from now on records it
 * (otl_attr_line), until the next call.  Set it where each statement or
 * element is dispatched, so that a finding about an attribute lands on the
 * statement that set it, not on the block or element that holds it.  The
 * builder starts at 0. */
void otlp_doc_at(struct otlp_doc *d, unsigned long line);

/* strdup(s) for the plugin's own state: NULL for NULL; out of memory is
 * latched on the builder (otlp_doc_nomem) and gives NULL. */
char *otlp_doc_strdup(struct otlp_doc *d, const char *s);

/* Attribute setters (otlp_set and friends, sanitised): nothing when `n` or
 * `val` is NULL or memory ran out before.  Each records the current line
 * (otlp_doc_at) on the attribute, a value set again the new one.  0, -1 out
 * of memory. */
int otlp_doc_set(struct otlp_doc *d, xmlNodePtr n, const char *attr, const char *val);
int otlp_doc_setn(struct otlp_doc *d, xmlNodePtr n, const char *attr, const char *val,
                  size_t len);
int otlp_doc_setb(struct otlp_doc *d, xmlNodePtr n, const char *attr, int b);
int otlp_doc_setu(struct otlp_doc *d, xmlNodePtr n, const char *attr, unsigned long v);
/* system/@parse-coverage: recognised / statements truncated (never rounded
 * up) to three decimals, "1.000" only when every statement was recognised
 * or there was none. */
void otlp_doc_coverage(struct otlp_doc *d, xmlNodePtr sys, unsigned long recognised,
                       unsigned long statements);
int otlp_doc_setf(struct otlp_doc *d, xmlNodePtr n, const char *attr, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* ---------------------------------------------------------------- XML formats */

/* ---- streamed XML (host->xml_sax): attribute values and start-tag records */

/* An attribute value as libxml2's SAX2 startElementNs hands it over (the
 * bytes [s, e); an '&' of the value arrives as "&#38;", libxml2 parser.c
 * xmlParseAttValueComplex) decoded into `out`, which has room for e - s + 1
 * bytes, NUL-terminated, as the tree builder would store it.  Returns the
 * length. */
size_t otlp_sax_value(char *out, const unsigned char *s, const unsigned char *e);

/* Bytes of a start tag handed over as a record (otlp_raw_record): more than
 * evidence shows (the core keeps OTL_MAX_EVIDENCE), so a record and the
 * element it stands for give the same evidence. */
#define OTLP_RAWTAG 512
/* Append the string s to the start tag being built in b[0..*o), cut at
 * OTLP_RAWTAG bytes. */
void otlp_tag_put(char *b, size_t *o, const char *s);

/* Most `tag` facts a controller plugin writes per document (docs/facts.md);
 * further writable tags are only counted in their tag-group, and a note says so. */
#define OTLP_MAX_TAG_FACTS 10000

/* Exact start lines of XML elements.  libxml2 records an element's line at
 * the end of its start tag, so a start tag that spans lines (common in L5X)
 * would be reported at its last line.  This lexer walks the raw bytes once,
 * from start tag to start tag, skipping comments, CDATA, PIs, the DOCTYPE,
 * end tags and quoted attribute values, and counts lines as XML does (\r\n
 * and a lone \r are one line break).  Use it only on input libxml2 has found
 * well-formed; call next() once per element, in document order.  Inputs in
 * UTF-16 are not lexed (next() returns 0: keep libxml2's line). */
struct otlp_tagpos {
    const unsigned char *p, *end;
    unsigned long line;
    int off; /* 1: not lexable */
};
void otlp_tagpos_init(struct otlp_tagpos *t, const struct otl_input *in);
/* 1-based line of the next start tag, 0 when there is none (or off). */
unsigned long otlp_tagpos_next(struct otlp_tagpos *t);
/* For a tree parsed with host->xml_read from `in`: set every element's line
 * (otl_node_set_line) to the line its start tag begins on. */
void otlp_fix_lines(xmlDocPtr doc, const struct otl_input *in);

/* The start line of the element whose startElementNs event is being handled:
 * the tag lexer's (otlp_tagpos_next on `t`, one call per element), else (an
 * input it cannot lex, UTF-16) libxml2's line of the parser context `pc`,
 * where the start tag ends. */
unsigned long otlp_sax_line(struct otlp_tagpos *t, const struct _xmlParserCtxt *pc);

/* Length of the DOCTYPE declaration at p (from "<!DOCTYPE" to its closing
 * '>', an internal subset "[...]" included), for the sniffers: 0 when p does
 * not start one or it does not end before `end`.  A file with an internal
 * subset must still be recognised, so that the parser refuses its entities
 * with a diagnostic instead of the file being skipped unseen in a walk. */
size_t otlp_doctype_len(const char *p, const char *end);

/* "true"/"false", "1"/"0", "yes"/"no", "on"/"off" (any case, surrounding
 * blanks ignored) -> 1/0; anything else (and NULL) -> -1. */
int otlp_parse_bool(const char *s);

/* The dotted numeric version in `s` ("V2.9" -> "2.9", "v32.02" -> "32.2",
 * "34.011" -> "34.11", "V4.5.2 SP1" -> "4.5.2"): leading zeros of each
 * component dropped.  Writes at most n bytes; returns 0, or -1 when `s`
 * holds no number or `out` is too small. */
int otlp_version(const char *s, char *out, size_t n);

/* ---- words, masks and capture noise (words.c): the line-oriented network
 * formats share them. */
struct otlp_word {
    const char *s;   /* NUL-terminated copy, quotes removed, in the caller's buf */
    size_t n;
    unsigned quoted; /* 0 no quote, 1 quoted, 2 a quote still open at the end of the line */
};
#define OTLP_WORDS_SQUOTE 1u    /* '...' groups too */
#define OTLP_WORDS_BACKSLASH 2u /* a backslash in quotes takes the next byte literally */
/* Split line[0..len) into words: blanks separate, "..." (with
 * OTLP_WORDS_SQUOTE also '...') groups blanks into a word, shell-like (a
 * quote may open inside a word).  The first `max` words are stored in w;
 * returns how many words the line has (more than max: the rest are only
 * counted), or (size_t)-1 when buf is too small (len + 1 + the number of
 * words always suffices; 2 * len + 2 does). */
size_t otlp_words(const char *line, size_t len, char *buf, size_t bufsz,
                  struct otlp_word *w, size_t max, unsigned flags);
/* 1 when the bytes [p, end) start with the string w (the sniffers' test). */
int otlp_starts(const char *p, const char *end, const char *w);
/* Append word to the blank-separated list in list[cap] unless it is there
 * already (as a whole word); an empty word, or one that would not fit, is
 * left out.  Linear in the list's length. */
void otlp_list_add(char *list, size_t cap, const char *word);
/* "255.255.255.0" -> 24; -1 for anything but a contiguous IPv4 mask. */
int otlp_mask_prefix(const char *s, size_t n);
/* "0.0.0.255" -> 24; -1 for anything but a contiguous wildcard (an
 * inverted mask). */
int otlp_wildcard_prefix(const char *s, size_t n);
/* 1 when the whole line is noise a terminal capture adds, not configuration:
 * a pager prompt alone ("--More--", "<--- More --->"), a terminal-log header
 * (PuTTY's "=~=~=~=~..."), an echoed `show`/`display`/`get` command with or
 * without its CLI prompt ("asa# show running-config", "user@host> show
 * configuration | display set", "FGT (root) # show"), a bare prompt, Junos'
 * "{master:0}" and "[edit ...]".  A blank line is not noise (0). */
int otlp_capture_noise(const char *s, size_t n);
/* Bytes to skip at the start of a line that begins with a pager prompt
 * ("--More--" and the backspaces and blanks that erase it), so that the
 * configuration text after it is read with its own indentation; 0 when the
 * line does not start with one. */
size_t otlp_more_skip(const char *s, size_t n);
/* The note every text plugin ends with when some statements were not
 * recognised: "U of N statements not recognised (lines A, B, ...)", the
 * first lines only (never the text: it may hold a secret); nothing when
 * every statement was. */
void otlp_note_unrecognised(const struct otl_host *host, struct otl_parse_ctx *ctx,
                            unsigned long statements, unsigned long recognised,
                            const unsigned long *lines, size_t nlines);

#if defined(__GNUC__)
#pragma GCC visibility pop
#endif

#ifdef __cplusplus
}
#endif
#endif /* OTLINT_PLUGIN_H */
