/*
 * xpcost.h - the cost class of an XPath expression (xpcost.c), from its
 * text: linear in the document, or possibly quadratic.
 *
 * libxml2 evaluates two constructs in time that grows with the product of
 * two node-set sizes, and charges neither to its operation budget: a union
 * `a | b` (each node merged in is checked against those already there) and
 * a comparison of two node-sets (`a/@x = b/@y`: every pair).  An expression
 * with either is "quadratic": the evaluator runs it only on documents small
 * enough that the square of their element count stays within
 * OTL_XPATH_PAIR_LIMIT, and otherwise reports the rule not evaluable
 * (docs/rules.md).  The test is on the text and conservative: a comparison
 * whose two sides could each be a location path counts, whatever the sizes.
 */
#ifndef OTL_XPCOST_H
#define OTL_XPCOST_H

/* 1 when `expr` has a union or a comparison of two node-sets, else 0. */
int otl_xpath_quadratic(const char *expr);

#endif
