/* Fixture "noinit": a perfectly good shared library that is not an addon: it has no init symbol. */
__attribute__((visibility("default"))) int not_an_addon(void) {
  return 42;
}
