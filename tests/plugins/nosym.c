/* nosym.c - a shared object without the descriptor symbol: must be refused. */
__attribute__((visibility("default"))) int not_a_descriptor = 42;
