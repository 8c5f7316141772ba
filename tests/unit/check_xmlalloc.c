/*
 * check_xmlalloc.c - libxml2's per-thread block lists (core/xmlalloc.c),
 * through libxml2's own xmlMalloc / xmlRealloc / xmlMemStrdup / xmlFree.
 *
 * In an AddressSanitizer build the lists are not installed (otl_xml_alloc_init
 * returns 0) and only the plain malloc behaviour is checked.
 */
#include <config.h>

#include <check.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlmemory.h>

#include "limits.h"
#include "xmlalloc.h"

static int installed;

START_TEST(sizes_keep_their_bytes)
{
    /* Every class and a few larger sizes: the bytes written are the bytes read. */
    static const size_t sizes[] = {0, 1, 15, 16, 17, 100, 511, 512, 513, 4096, 100000};
    unsigned char *p[sizeof sizes / sizeof *sizes];

    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        p[i] = xmlMalloc(sizes[i]);
        ck_assert_ptr_nonnull(p[i]);
        ck_assert_uint_eq((uintptr_t)p[i] % 8, 0); /* what libxml2 needs */
        memset(p[i], (int)i + 1, sizes[i]);
    }
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        for (size_t b = 0; b < sizes[i]; b++)
            ck_assert_uint_eq(p[i][b], i + 1);
        xmlFree(p[i]);
    }
    xmlFree(NULL);
}
END_TEST

START_TEST(freed_blocks_are_reused_and_bounded)
{
    void *a, *b;
    size_t before;

    if (!installed)
        return;
    otl_xml_alloc_release();
    ck_assert_uint_eq(otl_xml_alloc_kept(), 0);
    a = xmlMalloc(40);
    xmlFree(a);
    /* a 48-byte block, its 8-byte header and malloc's own word */
    ck_assert_uint_eq(otl_xml_alloc_kept(), 48 + 8 + sizeof(size_t));
    b = xmlMalloc(33); /* same class (48 bytes): the same block */
    ck_assert_ptr_eq(a, b);
    ck_assert_uint_eq(otl_xml_alloc_kept(), 0);
    xmlFree(b);
    /* Larger blocks are never kept. */
    before = otl_xml_alloc_kept();
    xmlFree(xmlMalloc(600));
    ck_assert_uint_eq(otl_xml_alloc_kept(), before);
    /* Never more than the cap. */
    {
        size_t n = OTL_XML_CACHE_BYTES / 512 + 100, one = 512 + 8 + sizeof(size_t);
        void **v = malloc(n * sizeof *v);
        ck_assert_ptr_nonnull(v);
        for (size_t i = 0; i < n; i++)
            ck_assert_ptr_nonnull(v[i] = xmlMalloc(512));
        for (size_t i = 0; i < n; i++)
            xmlFree(v[i]);
        ck_assert_uint_le(otl_xml_alloc_kept(), OTL_XML_CACHE_BYTES);
        ck_assert_uint_ge(otl_xml_alloc_kept(), OTL_XML_CACHE_BYTES - one);
        free(v);
    }
    otl_xml_alloc_release();
    ck_assert_uint_eq(otl_xml_alloc_kept(), 0);
}
END_TEST

START_TEST(realloc_moves_between_classes)
{
    char *p = xmlMalloc(10), *q;

    ck_assert_ptr_nonnull(p);
    memcpy(p, "0123456789", 10);
    q = xmlRealloc(p, 14); /* same class: in place when installed */
    ck_assert_ptr_nonnull(q);
    if (installed)
        ck_assert_ptr_eq(p, q);
    q = xmlRealloc(q, 300);
    ck_assert_ptr_nonnull(q);
    ck_assert_int_eq(memcmp(q, "0123456789", 10), 0);
    q = xmlRealloc(q, 70000); /* to a large block */
    ck_assert_ptr_nonnull(q);
    ck_assert_int_eq(memcmp(q, "0123456789", 10), 0);
    q[69999] = 'x';
    q = xmlRealloc(q, 140000); /* large to large */
    ck_assert_ptr_nonnull(q);
    ck_assert_int_eq(memcmp(q, "0123456789", 10), 0);
    ck_assert_int_eq(q[69999], 'x');
    q = xmlRealloc(q, 5); /* back to a small class: the first 5 bytes */
    ck_assert_ptr_nonnull(q);
    ck_assert_int_eq(memcmp(q, "01234", 5), 0);
    xmlFree(q);
    q = xmlRealloc(NULL, 8);
    ck_assert_ptr_nonnull(q);
    xmlFree(q);
}
END_TEST

START_TEST(strdup_copies)
{
    char *s = xmlMemStrdup("interface GigabitEthernet1/1");

    ck_assert_str_eq(s, "interface GigabitEthernet1/1");
    xmlFree(s);
    s = xmlMemStrdup("");
    ck_assert_str_eq(s, "");
    xmlFree(s);
}
END_TEST

/* A document built by one thread and freed by another (the main thread):
 * its blocks join the freeing thread's lists; the builder's lists are
 * released when it ends. */
static void *build(void *arg)
{
    xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
    xmlNodePtr root = xmlNewNode(NULL, (const xmlChar *)"device");

    (void)arg;
    xmlDocSetRootElement(doc, root);
    for (int i = 0; i < 1000; i++) {
        xmlNodePtr n = xmlNewChild(root, NULL, (const xmlChar *)"stmt", NULL);
        xmlSetProp(n, (const xmlChar *)"text", (const xmlChar *)"switchport mode access");
    }
    /* Some blocks kept by this thread, to be released at its end. */
    xmlFree(xmlMalloc(64));
    return doc;
}

START_TEST(blocks_cross_threads)
{
    pthread_t t;
    void *doc = NULL;
    xmlChar *s;

    otl_xml_alloc_release();
    ck_assert_int_eq(pthread_create(&t, NULL, build, NULL), 0);
    ck_assert_int_eq(pthread_join(t, &doc), 0);
    ck_assert_ptr_nonnull(doc);
    s = xmlGetProp(xmlDocGetRootElement(doc)->children, (const xmlChar *)"text");
    ck_assert_str_eq((const char *)s, "switchport mode access");
    xmlFree(s);
    xmlFreeDoc(doc);
    if (installed)
        ck_assert_uint_gt(otl_xml_alloc_kept(), 0);
    otl_xml_alloc_release();
}
END_TEST

int main(void)
{
    Suite *s = suite_create("xmlalloc");
    TCase *tc = tcase_create("xmlalloc");
    SRunner *sr;
    int failed;

    installed = otl_xml_alloc_init();
    if (installed < 0) {
        fputs("check_xmlalloc: xmlMemSetup failed\n", stderr);
        return EXIT_FAILURE;
    }
    xmlInitParser();
    tcase_add_test(tc, sizes_keep_their_bytes);
    tcase_add_test(tc, freed_blocks_are_reused_and_bounded);
    tcase_add_test(tc, realloc_moves_between_classes);
    tcase_add_test(tc, strdup_copies);
    tcase_add_test(tc, blocks_cross_threads);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    otl_xml_alloc_release();
    xmlCleanupParser();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
