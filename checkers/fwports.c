/*
 * fwports.c - industrial and management protocols by port, for the
 * firewall model's derived/@industrial and derived/@management (fwmodel.h).
 * A port counts for TCP and UDP alike (a rule that opens udp/502 is still
 * read as Modbus): the list and its sources are in docs/rules.md
 * ("Industrial and management ports").
 */
#include <stdio.h>
#include <string.h>
#include "fwmodel.h"

struct fw_port {
    const char *name;
    unsigned lo, hi;
    int mgmt;
};

/* Names repeat when a protocol has several ports; a name's bit is the index
 * of its first row. */
static const struct fw_port ports[] = {
    {"modbus", 502, 502, 0},
    {"s7", 102, 102, 0},
    {"enip", 44818, 44818, 0},
    {"enip", 2222, 2222, 0},
    {"dnp3", 20000, 20000, 0},
    {"iec104", 2404, 2404, 0},
    {"opcua", 4840, 4840, 0},
    {"bacnet", 47808, 47808, 0},
    {"fox", 1911, 1911, 0},
    {"fox", 4911, 4911, 0},
    {"ge-srtp", 18245, 18245, 0},
    {"melsec", 5007, 5007, 0},
    {"fins", 9600, 9600, 0},
    {"pcworx", 1962, 1962, 0},
    {"crimson", 789, 789, 0},
    {"profinet", 34962, 34964, 0},
    {"hart-ip", 5094, 5094, 0},
    {"codesys", 1217, 1217, 0},
    {"codesys", 11740, 11740, 0},
    {"ftp", 21, 21, 1},
    {"ssh", 22, 22, 1},
    {"telnet", 23, 23, 1},
    {"tftp", 69, 69, 1},
    {"http", 80, 80, 1},
    {"http", 8080, 8080, 1},
    {"snmp", 161, 162, 1},
    {"https", 443, 443, 1},
    {"https", 8443, 8443, 1},
    {"netconf", 830, 830, 1},
    {"rdp", 3389, 3389, 1},
    {"vnc", 5900, 5900, 1},
    {"winrm", 5985, 5986, 1},
};
#define NPORTS (sizeof ports / sizeof *ports)

/* The bit of row i: the first row with the same name. */
static unsigned bit_of(size_t i)
{
    size_t j;

    for (j = 0; j < i; j++)
        if (strcmp(ports[j].name, ports[i].name) == 0)
            return (unsigned)j;
    return (unsigned)i;
}

uint64_t fw_ports_bits(unsigned lo, unsigned hi)
{
    uint64_t b = 0;
    size_t i;

    for (i = 0; i < NPORTS; i++)
        if (lo <= ports[i].hi && ports[i].lo <= hi)
            b |= (uint64_t)1 << bit_of(i);
    return b;
}

uint64_t fw_ports_all(void)
{
    return fw_ports_bits(0, 65535);
}

void fw_ports_names(uint64_t bits, int mgmt, char *buf, size_t len)
{
    size_t i, n = 0;

    if (len == 0)
        return;
    buf[0] = '\0';
    for (i = 0; i < NPORTS; i++) {
        int w;
        if (ports[i].mgmt != mgmt || bit_of(i) != i || !(bits & ((uint64_t)1 << i)))
            continue;
        w = snprintf(buf + n, len - n, "%s%s", n ? " " : "", ports[i].name);
        if (w < 0 || (size_t)w >= len - n)
            return;
        n += (size_t)w;
    }
}
