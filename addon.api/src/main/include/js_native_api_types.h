/*
 * js_native_api_types.h - engine-neutral Node-API types.
 *
 * Part of "context-aware native addons for OSGi" (Apache License 2.0).
 *
 * This is an independent implementation of the Node-API C interface,
 * written from the public Node-API documentation. It is meant to be
 * ABI-compatible with the headers shipped by Node.js 20: every type,
 * enumerator value and struct layout below matches them, so an addon
 * built against these headers can be loaded by Node.js and vice versa.
 */
#ifndef SRC_JS_NATIVE_API_TYPES_H_
#define SRC_JS_NATIVE_API_TYPES_H_

/* Consumers of these headers rely on size_t and the fixed-width integers. */
#include <stddef.h> /* NOLINT(modernize-deprecated-headers) */
#include <stdint.h> /* NOLINT(modernize-deprecated-headers) */

/* C has no built-in char16_t; UTF-16 code units are plain 16-bit integers. */
#if !defined __cplusplus || (defined(_MSC_VER) && _MSC_VER < 1900)
typedef uint16_t char16_t;
#endif

/* Calling convention of every Node-API entry point and callback. */
#ifndef NAPI_CDECL
#ifdef _WIN32
#define NAPI_CDECL __cdecl
#else
#define NAPI_CDECL
#endif
#endif

/*
 * Handles are pointers to distinct incomplete structs rather than void*,
 * so that mixing them up is a compile-time error.
 */
typedef struct napi_env__* napi_env;

/*
 * The environment handed to code that must not touch JavaScript state
 * (for instance synchronous finalizers). With NAPI_EXPERIMENTAL it is a
 * pointer to const, which makes passing it to a JS-affecting call a type
 * error; either opt-out macro restores the plain handle.
 */
#if !defined(NAPI_EXPERIMENTAL) ||                                             \
    (defined(NAPI_EXPERIMENTAL) &&                                             \
     (defined(NODE_API_EXPERIMENTAL_NOGC_ENV_OPT_OUT) ||                       \
      defined(NODE_API_EXPERIMENTAL_BASIC_ENV_OPT_OUT)))
typedef struct napi_env__* node_api_nogc_env;
#else
typedef const struct napi_env__* node_api_nogc_env;
#endif
/* Newer spelling of the same thing. */
typedef node_api_nogc_env node_api_basic_env;

typedef struct napi_value__* napi_value;
typedef struct napi_ref__* napi_ref;
typedef struct napi_handle_scope__* napi_handle_scope;
typedef struct napi_escapable_handle_scope__* napi_escapable_handle_scope;
typedef struct napi_callback_info__* napi_callback_info;
typedef struct napi_deferred__* napi_deferred;

/* Property attribute bit set, see napi_define_properties/napi_define_class. */
typedef enum {
  napi_default = 0,
  napi_writable = 1 << 0,
  napi_enumerable = 1 << 1,
  napi_configurable = 1 << 2,

  /* Marks a static member for napi_define_class; ignored elsewhere. */
  napi_static = 1 << 10,

#if NAPI_VERSION >= 8
  /* What a class method gets by default. */
  napi_default_method = napi_writable | napi_configurable,

  /* What a plain `obj[key] = value` assignment produces. */
  napi_default_jsproperty = napi_writable | napi_enumerable | napi_configurable,
#endif /* NAPI_VERSION >= 8 */
} napi_property_attributes;

/* Result of napi_typeof; mirrors the JavaScript typeof operator. */
typedef enum {
  napi_undefined,
  napi_null,
  napi_boolean,
  napi_number,
  napi_string,
  napi_symbol,
  napi_object,
  napi_function,
  napi_external,
  napi_bigint,
} napi_valuetype;

/* Element kind of a TypedArray. */
typedef enum {
  napi_int8_array,
  napi_uint8_array,
  napi_uint8_clamped_array,
  napi_int16_array,
  napi_uint16_array,
  napi_int32_array,
  napi_uint32_array,
  napi_float32_array,
  napi_float64_array,
  napi_bigint64_array,
  napi_biguint64_array,
} napi_typedarray_type;

/* Status code returned by every Node-API call. Values are part of the ABI. */
typedef enum {
  napi_ok,
  napi_invalid_arg,
  napi_object_expected,
  napi_string_expected,
  napi_name_expected,
  napi_function_expected,
  napi_number_expected,
  napi_boolean_expected,
  napi_array_expected,
  napi_generic_failure,
  napi_pending_exception,
  napi_cancelled,
  napi_escape_called_twice,
  napi_handle_scope_mismatch,
  napi_callback_scope_mismatch,
  napi_queue_full,
  napi_closing,
  napi_bigint_expected,
  napi_date_expected,
  napi_arraybuffer_expected,
  napi_detachable_arraybuffer_expected,
  napi_would_deadlock, /* reserved, never returned */
  napi_no_external_buffers_allowed,
  napi_cannot_run_js,
} napi_status;

/* A native function callable from JavaScript. */
typedef napi_value(NAPI_CDECL* napi_callback)(napi_env env,
                                              napi_callback_info info);

/* Releases native data once the owning JavaScript value is gone. */
typedef void(NAPI_CDECL* napi_finalize)(napi_env env,
                                        void* finalize_data,
                                        void* finalize_hint);

/*
 * A finalizer that only receives the restricted environment. Outside
 * NAPI_EXPERIMENTAL (or with an opt-out) it is simply napi_finalize.
 */
#if !defined(NAPI_EXPERIMENTAL) ||                                             \
    (defined(NAPI_EXPERIMENTAL) &&                                             \
     (defined(NODE_API_EXPERIMENTAL_NOGC_ENV_OPT_OUT) ||                       \
      defined(NODE_API_EXPERIMENTAL_BASIC_ENV_OPT_OUT)))
typedef napi_finalize node_api_nogc_finalize;
#else
typedef void(NAPI_CDECL* node_api_nogc_finalize)(node_api_nogc_env env,
                                                 void* finalize_data,
                                                 void* finalize_hint);
#endif
typedef node_api_nogc_finalize node_api_basic_finalize;

/* One entry for napi_define_properties / napi_define_class. */
typedef struct {
  /* Exactly one of utf8name and name identifies the property. */
  const char* utf8name;
  napi_value name;

  /* Either method, or getter and/or setter, or value. */
  napi_callback method;
  napi_callback getter;
  napi_callback setter;
  napi_value value;

  napi_property_attributes attributes;
  void* data; /* passed to the callbacks above */
} napi_property_descriptor;

/* Details about the last failed call, see napi_get_last_error_info. */
typedef struct {
  const char* error_message;
  void* engine_reserved;
  uint32_t engine_error_code;
  napi_status error_code;
} napi_extended_error_info;

#if NAPI_VERSION >= 6
/* Options of napi_get_all_property_names. */
typedef enum {
  napi_key_include_prototypes,
  napi_key_own_only
} napi_key_collection_mode;

typedef enum {
  napi_key_all_properties = 0,
  napi_key_writable = 1,
  napi_key_enumerable = 1 << 1,
  napi_key_configurable = 1 << 2,
  napi_key_skip_strings = 1 << 3,
  napi_key_skip_symbols = 1 << 4
} napi_key_filter;

typedef enum {
  napi_key_keep_numbers,
  napi_key_numbers_to_strings
} napi_key_conversion;
#endif /* NAPI_VERSION >= 6 */

#if NAPI_VERSION >= 8
/* A 128-bit tag attached to objects by napi_type_tag_object. */
typedef struct {
  uint64_t lower;
  uint64_t upper;
} napi_type_tag;
#endif /* NAPI_VERSION >= 8 */

#endif /* SRC_JS_NATIVE_API_TYPES_H_ */
