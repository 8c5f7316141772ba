/*
 * message.h - rule message templates (message.c): literal text with
 * {XPATH} parts, rendered per finding by the evaluator.
 */
#ifndef OTL_MESSAGE_H
#define OTL_MESSAGE_H

#include <stddef.h>

/* A message template is literal text with {XPATH} parts; "{{" is '{'. */
struct otl_msgpart {
    char *text; /* literal, or the XPath source */
    int is_xpath;
};

/* Split template t into parts; 0, or -1 with err filled ("out of memory"
 * or what is wrong with the template). */
int otl_msg_parse(const char *t, struct otl_msgpart **out, size_t *n, char *err, size_t errlen);
void otl_msg_free(struct otl_msgpart *v, size_t n);

#endif
