//===- no_symbols.c - A shared object that is not a Sparrow model ---------===//

__attribute__((visibility("default"))) int not_a_model(void) { return 42; }
