/*
 * Runs every test of the native harness in turn. A test fails when one of its checks fails; the last line says
 * how many passed and failed ("harness: N passed, M failed"), and the exit status is non-zero on any failure so
 * that Maven and CI stop. Under AddressSanitizer, leaks and memory errors abort the run with their own report.
 *
 * Usage: harness <fixtures-dir> <work-dir> [test-name-substring]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

const char* harness_fixtures_dir;
const char* harness_work_dir;

static const char* current_test;
static int current_failures;

static void report(const char* file, int line, const char* what, const char* detail) {
  current_failures++;
  printf("  FAIL %s: %s:%d: %s%s%s\n", current_test, file, line, what, detail[0] ? ": " : "", detail);
  fflush(stdout);
}

bool check_that(bool ok, const char* file, int line, const char* what) {
  if (!ok) {
    report(file, line, what, "");
  }
  return ok;
}

bool check_long(long long actual, long long expected, const char* file, int line, const char* what) {
  if (actual != expected) {
    char detail[128];
    snprintf(detail, sizeof(detail), "expected %lld, got %lld", expected, actual);
    report(file, line, what, detail);
  }
  return actual == expected;
}

bool check_text(const char* actual, const char* expected, const char* file, int line, const char* what) {
  bool ok = actual != NULL && strcmp(actual, expected) == 0;
  if (!ok) {
    char detail[2048];
    snprintf(detail, sizeof(detail), "expected <%s>, got <%s>", expected, actual != NULL ? actual : "(null)");
    report(file, line, what, detail);
  }
  return ok;
}

typedef struct test {
  const char* name;
  void (*run)(void);
} test;

#define TEST(fn) {#fn, fn}

static const test tests[] = {
    TEST(test_values_exports),
    TEST(test_values_errors),
    TEST(test_values_edge_cases),
    TEST(test_values_contexts_are_separate),
    TEST(test_values_memory_comes_back),
    TEST(test_values_idle_footprint),
    TEST(test_lifecycle_teardown_order),
    TEST(test_lifecycle_hook_twice_and_instance_data_again),
    TEST(test_async_hooks),
    TEST(test_cleanup_hooks_demo),
    TEST(test_multiple_load_demo),
    TEST(test_loading_failures),
    TEST(test_legacy_and_static_counter),
    TEST(test_wraps),
    TEST(test_references),
    TEST(test_externals_and_cycles),
    TEST(test_late_hooks_and_finalizers),
    TEST(test_codec_round_trip),
    TEST(test_codec_bad_input),
    TEST(test_handle_scopes),
    TEST(test_array_limits),
    TEST(test_immediate_numbers),
    TEST(test_codec_graphs),
    TEST(test_codec_typed_arrays),
    TEST(test_codec_thrown_values),
    TEST(test_gate_getter_throws),
    TEST(test_handles_table),
    TEST(test_symbols),
    TEST(test_bigints),
    TEST(test_dates),
    TEST(test_typed_arrays),
    TEST(test_number_to_string),
    TEST(test_coerce),
    TEST(test_property_names),
    TEST(test_host_and_strings),
    TEST(test_value_types_cross_to_java),
    TEST(test_classes_match_node),
    TEST(test_classes_lifetime),
    TEST(test_references_to_primitives),
    TEST(test_typed_array_elements),
    TEST(test_function_name_and_length),
    TEST(test_redefine_and_key_filters),
    TEST(test_primitive_receivers_and_global_object),
    TEST(test_global_symbol),
    TEST(test_is_promise),
    TEST(test_tsfn_queue),
    TEST(test_caught_exception_is_no_code_failure),
    TEST(test_string_object),
    TEST(test_node_receivers_keys_and_throws),
    TEST(test_java_functions),
    TEST(test_strict_functions),
};

int main(int argc, char** argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s <fixtures-dir> <work-dir> [test-name-substring]\n", argv[0]);
    return 2;
  }
  harness_fixtures_dir = argv[1];
  harness_work_dir = argv[2];
  const char* only = argc > 3 ? argv[3] : NULL;
  int passed = 0, failed = 0;
  for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
    if (only != NULL && strstr(tests[i].name, only) == NULL) {
      continue;
    }
    current_test = tests[i].name;
    current_failures = 0;
    tests[i].run();
    if (current_failures == 0) {
      passed++;
      printf("ok   %s\n", tests[i].name);
    } else {
      failed++;
      printf("FAIL %s (%d check(s) failed)\n", tests[i].name, current_failures);
    }
    fflush(stdout);
  }
  printf("harness: %d passed, %d failed\n", passed, failed);
  return failed == 0 && passed > 0 ? 0 : 1;
}
