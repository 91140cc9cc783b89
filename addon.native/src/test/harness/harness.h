/*
 * The native test harness: drives the runtime library without a JVM, through the same internal entry points the
 * JNI layer (bridge.c) calls: the loader, rt_env_new, the call gate, the codec, rt_env_teardown, rt_env_free.
 * It is linked with the runtime's objects into one executable exported with -rdynamic, so the fixture addons it
 * dlopen()s bind their napi_* symbols to this runtime, as they bind to libaddonrt in the JVM.
 *
 * See docs/testing-native.md.
 */
#ifndef ADDON_HARNESS_H
#define ADDON_HARNESS_H

#include <stdbool.h>
#include <stddef.h>

#include "codec.h"
#include "loader.h"

/* ---- Checks: a failed check marks the running test failed and says where; the test goes on ----------- */

bool check_that(bool ok, const char* file, int line, const char* what);
bool check_long(long long actual, long long expected, const char* file, int line, const char* what);
bool check_text(const char* actual, const char* expected, const char* file, int line, const char* what);

#define CHECK(cond) check_that((cond), __FILE__, __LINE__, #cond)
#define CHECK_INT(actual, expected) check_long((long long)(actual), (long long)(expected), __FILE__, __LINE__, #actual)
#define CHECK_STR(actual, expected) check_text((actual), (expected), __FILE__, __LINE__, #actual)

/* Where the fixture addons are (lib<name>.so) and where tests may write files. */
extern const char* harness_fixtures_dir;
extern const char* harness_work_dir;

/* ---- Addons: bridge.c's openLibrary/closeLibrary without JNI: the same loader (loader.c) ------------- */

typedef struct addon {
  rt_library* library;
  char error[1024]; /* why addon_open failed */
} addon;

bool addon_open(addon* a, const char* name); /* lib<name>.so in the fixtures directory */
void addon_close(addon* a);

/* ---- Contexts: createEnv, initEnv, call, get (through the call gate), teardownEnv + freeEnv ---------- */

/* What Java would get back: a value, or a thrown exception (name, message, code), or a runtime failure. */
typedef struct answer {
  enum rt_outcome outcome;
  napi_value value; /* OUTCOME_OK; valid until the caller releases its frame */
  char name[64];
  char message[512]; /* OUTCOME_THROWN and OUTCOME_FAILED */
  char code[64];
  bool has_code;
} answer;

typedef struct closed {
  uint64_t hooks_run;
  uint64_t finalizers_run;
  char warnings[2048]; /* what teardown left for Java to log */
} closed;

napi_env env_create(const addon* a, const char* name);
answer env_init(napi_env env, const addon* a); /* value: the exports' property names, as an array */
answer env_call(napi_env env, const char* function, size_t argc, napi_value* argv);
answer env_get(napi_env env, const char* export_name);
closed env_close(napi_env env, long long async_wait_millis);

/* A context of one fixture addon, init run and checked; NULL (and a failed check) if that did not work. */
napi_env env_load(addon* a, const char* addon_name, const char* context_name);

/* Handles made between frame_open and frame_close are released at frame_close, as after each JNI call. */
size_t frame_open(napi_env env);
void frame_close(napi_env env, size_t mark);

/* ---- Values ------------------------------------------------------------------------------------------- */

/* The conversion limits Java passes by default (addon.convert.maxDepth, addon.convert.maxValues). */
#define HARNESS_MAX_DEPTH 64 /* Java's ConversionLimits.DEFAULT_MAX_DEPTH */
static const rt_limits harness_limits = {HARNESS_MAX_DEPTH, 1000000, false};

napi_value num(napi_env env, double d);
napi_value str(napi_env env, const char* s);
/* The value as Java would see it, rendered through the codec: 42, 3.5, "text", [1,2], {a:1}, ... */
const char* render(napi_env env, napi_value v);
/* Drains the env's warnings into a string owned by the caller's buffer (empty if none). */
const char* take_warnings(napi_env env, char* buf, size_t size);

/* ---- The test suites ---------------------------------------------------------------------------------- */

void test_values_exports(void);
void test_values_errors(void);
void test_values_edge_cases(void);
void test_values_contexts_are_separate(void);
void test_values_memory_comes_back(void);
void test_values_idle_footprint(void);
void test_lifecycle_teardown_order(void);
void test_lifecycle_hook_twice_and_instance_data_again(void);
void test_async_hooks(void);
void test_cleanup_hooks_demo(void);
void test_multiple_load_demo(void);
void test_loading_failures(void);
void test_legacy_and_static_counter(void);
void test_wraps(void);
void test_references(void);
void test_externals_and_cycles(void);
void test_late_hooks_and_finalizers(void);
void test_codec_round_trip(void);
void test_codec_bad_input(void);
void test_handle_scopes(void);
void test_array_limits(void);
void test_immediate_numbers(void);
void test_codec_graphs(void);
void test_codec_typed_arrays(void);
void test_codec_thrown_values(void);
void test_gate_getter_throws(void);
void test_handles_table(void);
/* test_valuetypes.c and test_coerce.c: symbols, BigInts, Dates, typed arrays, conversions (checked against Node 20) */
void test_symbols(void);
void test_bigints(void);
void test_dates(void);
void test_typed_arrays(void);
void test_number_to_string(void);
void test_coerce(void);
void test_property_names(void);
void test_host_and_strings(void);
void test_value_types_cross_to_java(void);
void test_classes_match_node(void);
void test_classes_lifetime(void);
void test_references_to_primitives(void);
/* test_node_properties.c: properties where the runtime once differed from Node 20 (docs/conformance.md) */
void test_typed_array_elements(void);
void test_function_name_and_length(void);
void test_redefine_and_key_filters(void);
void test_primitive_receivers_and_global_object(void);
/* test_node_properties.c too: what node-addon-api needs (global Symbol, napi_is_promise, String objects) */
void test_global_symbol(void);
void test_is_promise(void);
/* test_tsfn.c */
void test_tsfn_queue(void);
void test_caught_exception_is_no_code_failure(void);
void test_string_object(void);
void test_node_receivers_keys_and_throws(void);
/* test_callbacks.c: Java functions as JavaScript functions, with a fake host for the JVM */
void test_java_functions(void);
void test_strict_functions(void);

#endif
