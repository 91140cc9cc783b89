/*
 * Symbols (napi_create_symbol, node_api_symbol_for), symbols as property keys, and the string functions that only
 * differ from napi_create_string_* in V8's storage: property keys (internalized strings) and external strings, which
 * this runtime always copies.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "valuetypes.h"

static napi_value make_symbol(napi_env env, const char* description, size_t length, bool has_description) {
  napi_value v = rt_alloc(env, napi_symbol, 0);
  if (v == NULL) {
    return NULL;
  }
  v->u.symbol.description = NULL;
  v->u.symbol.length = 0;
  v->u.symbol.serial = 0;
  if (has_description) {
    v->u.symbol.description = malloc(length + 1);
    if (v->u.symbol.description == NULL) {
      rt_release(env, v);
      return NULL;
    }
    memcpy(v->u.symbol.description, description, length);
    v->u.symbol.description[length] = '\0';
    v->u.symbol.length = length;
  }
  return v;
}

/* Appends value to a table of the env, holding one reference. */
static bool table_add(napi_value** table, size_t* count, size_t* cap, napi_value value) {
  if (*count == *cap) {
    size_t grown_cap = *cap == 0 ? 8 : *cap * 2;
    napi_value* grown = realloc(*table, grown_cap * sizeof(*grown));
    if (grown == NULL) {
      return false;
    }
    *table = grown;
    *cap = grown_cap;
  }
  rt_retain(value);
  (*table)[(*count)++] = value;
  return true;
}

napi_status NAPI_CDECL napi_create_symbol(napi_env env, napi_value description, napi_value* result) {
  CHECK_ENV(env);
  CHECK_ARG(env, result);
  if (description != NULL && rt_type(description) != napi_string) {
    return rt_set_error(env, napi_string_expected);
  }
  napi_value v = description == NULL
                     ? make_symbol(env, NULL, 0, false)
                     : make_symbol(env, description->u.string.data, description->u.string.length, true);
  *result = rt_new_handle(env, v);
  return *result == NULL ? rt_set_error(env, napi_generic_failure) : rt_clear_error(env);
}

/* Symbol.for: one symbol per description and env (an env is the realm an addon sees). */
napi_status NAPI_CDECL node_api_symbol_for(napi_env env, const char* utf8description, size_t length,
                                           napi_value* result) {
  CHECK_ENV(env);
  CHECK_ARG(env, result);
  if (utf8description == NULL && length != 0) {
    return rt_set_error(env, napi_invalid_arg);
  }
  if (length == NAPI_AUTO_LENGTH) {
    length = strlen(utf8description);
  } else if (length > INT32_MAX) {
    return rt_set_error(env, napi_invalid_arg);
  }
  for (size_t i = 0; i < env->registry_symbol_count; i++) {
    napi_value s = env->registry_symbols[i];
    if (s->u.symbol.length == length && (length == 0 || memcmp(s->u.symbol.description, utf8description, length) == 0)) {
      *result = rt_new_handle(env, s);
      return *result == NULL ? rt_set_error(env, napi_generic_failure) : rt_clear_error(env);
    }
  }
  napi_value v = make_symbol(env, length == 0 ? "" : utf8description, length, true);
  if (v == NULL || !table_add(&env->registry_symbols, &env->registry_symbol_count, &env->registry_symbol_cap, v)) {
    if (v != NULL) {
      rt_release(env, v);
    }
    return rt_set_error(env, napi_generic_failure);
  }
  *result = rt_new_handle(env, v);
  return *result == NULL ? rt_set_error(env, napi_generic_failure) : rt_clear_error(env);
}

bool rt_symbol_key(napi_env env, napi_value symbol, char out[RT_SYMBOL_KEY_SIZE]) {
  if (symbol->u.symbol.serial == 0) {
    /* Held by the env from now on: a property may outlive every handle to its key. */
    if (!table_add(&env->key_symbols, &env->key_symbol_count, &env->key_symbol_cap, symbol)) {
      return false;
    }
    symbol->u.symbol.serial = env->key_symbol_count;
  }
  snprintf(out, RT_SYMBOL_KEY_SIZE, "\xFF%" PRIu64, symbol->u.symbol.serial);
  return true;
}

napi_value rt_symbol_of_key(napi_env env, const char* key) {
  uint64_t serial = strtoull(key + 1, NULL, 10);
  return serial >= 1 && serial <= env->key_symbol_count ? env->key_symbols[serial - 1] : NULL;
}

char* rt_symbol_text(napi_value symbol, size_t* length) {
  size_t n = symbol->u.symbol.length + sizeof("Symbol()") - 1;
  char* text = malloc(n + 1);
  if (text != NULL) {
    memcpy(text, "Symbol(", 7);
    if (symbol->u.symbol.length > 0) {
      memcpy(text + 7, symbol->u.symbol.description, symbol->u.symbol.length);
    }
    memcpy(text + n - 1, ")", 2);
    *length = n;
  }
  return text;
}

void rt_free_value_types(napi_env env) {
  free(env->registry_symbols);
  env->registry_symbols = NULL;
  env->registry_symbol_count = env->registry_symbol_cap = 0;
  free(env->key_symbols);
  env->key_symbols = NULL;
  env->key_symbol_count = env->key_symbol_cap = 0;
  free(env->module_file_url);
  env->module_file_url = NULL;
}

/* ---- Property keys and external strings: plain strings here ------------------------------------------------- */

RT_EXPORT napi_status NAPI_CDECL node_api_create_property_key_latin1(napi_env env, const char* str, size_t length,
                                                           napi_value* result) {
  return napi_create_string_latin1(env, str, length, result);
}

RT_EXPORT napi_status NAPI_CDECL node_api_create_property_key_utf8(napi_env env, const char* str, size_t length,
                                                         napi_value* result) {
  return napi_create_string_utf8(env, str, length, result);
}

RT_EXPORT napi_status NAPI_CDECL node_api_create_property_key_utf16(napi_env env, const char16_t* str, size_t length,
                                                          napi_value* result) {
  return napi_create_string_utf16(env, str, length, result);
}

/*
 * Strings live as UTF-8 copies here, so an external string is always copied. As Node does when it copies, the
 * finalizer runs at once: the addon may free its characters as soon as the call returns.
 */
static napi_status copied_external(napi_env env, napi_status status, void* str, node_api_basic_finalize finalize_cb,
                                   void* finalize_hint, bool* copied) {
  if (status != napi_ok) {
    return status;
  }
  if (copied != NULL) {
    *copied = true;
  }
  if (finalize_cb != NULL) {
    finalize_cb(env, str, finalize_hint);
  }
  return rt_clear_error(env);
}

RT_EXPORT napi_status NAPI_CDECL node_api_create_external_string_latin1(napi_env env, char* str, size_t length,
                                                              node_api_basic_finalize finalize_callback,
                                                              void* finalize_hint, napi_value* result, bool* copied) {
  napi_status status = napi_create_string_latin1(env, str, length, result);
  return copied_external(env, status, str, finalize_callback, finalize_hint, copied);
}

RT_EXPORT napi_status NAPI_CDECL node_api_create_external_string_utf16(napi_env env, char16_t* str, size_t length,
                                                             node_api_basic_finalize finalize_callback,
                                                             void* finalize_hint, napi_value* result, bool* copied) {
  napi_status status = napi_create_string_utf16(env, str, length, result);
  return copied_external(env, status, str, finalize_callback, finalize_hint, copied);
}

/* ---- The global Symbol ------------------------------------------------------------------------------------ */
/*
 * `Symbol` on the global object: Symbol(description), Symbol.for, Symbol.keyFor and the well-known symbols. Not a
 * built-in an addon written in C asks for, but node-addon-api does: Napi::Symbol::For calls global.Symbol.for and
 * Napi::Symbol::WellKnown reads global.Symbol[name] (neither uses node_api_symbol_for). Symbol.for shares the
 * registry of node_api_symbol_for, as in Node. The well-known symbols are made once per env, with V8's
 * descriptions ("Symbol.iterator"); the language has no use for them here, but an addon may use them as keys.
 */
static const char* const well_known_symbols[] = {
    "asyncIterator", "hasInstance", "isConcatSpreadable", "iterator",    "match",      "matchAll", "replace",
    "search",        "species",     "split",              "toPrimitive", "toStringTag", "unscopables",
};

static napi_value argument_or_undefined(napi_env env, napi_callback_info info) {
  return info->argc > 0 ? info->argv[0] : &env->undefined_value;
}

/* Symbol(description): a new symbol; the description converted with ToString unless undefined. */
static napi_value symbol_function(napi_env env, napi_callback_info info) {
  if (info->new_target != NULL) {
    napi_throw_type_error(env, NULL, "Symbol is not a constructor");
    return NULL;
  }
  napi_value description = argument_or_undefined(env, info);
  napi_value text = NULL;
  if (rt_type(description) != napi_undefined && napi_coerce_to_string(env, description, &text) != napi_ok) {
    return NULL; /* the TypeError of ToString (a symbol) is pending */
  }
  napi_value result = NULL;
  napi_create_symbol(env, text, &result);
  return result;
}

/* Symbol.for(key): the registry's symbol for ToString(key). */
static napi_value symbol_for(napi_env env, napi_callback_info info) {
  napi_value key = NULL;
  if (napi_coerce_to_string(env, argument_or_undefined(env, info), &key) != napi_ok) {
    return NULL;
  }
  napi_value result = NULL;
  node_api_symbol_for(env, key->u.string.data, key->u.string.length, &result);
  return result;
}

/* Symbol.keyFor(symbol): the key of a registry symbol, undefined for any other symbol, a TypeError otherwise. */
static napi_value symbol_key_for(napi_env env, napi_callback_info info) {
  napi_value symbol = argument_or_undefined(env, info);
  if (rt_type(symbol) != napi_symbol) {
    napi_value text = NULL;
    size_t length = 0;
    char message[96] = "value is not a symbol";
    if (napi_coerce_to_string(env, symbol, &text) == napi_ok) {
      length = text->u.string.length < 64 ? text->u.string.length : 64;
      snprintf(message, sizeof(message), "%.*s is not a symbol", (int)length, text->u.string.data);
    }
    napi_throw_type_error(env, NULL, message);
    return NULL;
  }
  for (size_t i = 0; i < env->registry_symbol_count; i++) {
    if (env->registry_symbols[i] == symbol) {
      napi_value result = NULL;
      napi_create_string_utf8(env, symbol->u.symbol.description, symbol->u.symbol.length, &result);
      return result;
    }
  }
  return &env->undefined_value;
}

static bool define_value(napi_env env, napi_value object, const char* name, napi_value value,
                         napi_property_attributes attributes) {
  napi_property_descriptor d = {name, NULL, NULL, NULL, NULL, value, attributes, NULL};
  return value != NULL && rt_define_property(env, object, &d, false) == napi_ok;
}

bool rt_fill_global_symbol(napi_env env) {
  size_t mark = env->handle_count;
  napi_value symbol = rt_make_function(env, "Symbol", NAPI_AUTO_LENGTH, symbol_function, NULL);
  bool ok = symbol != NULL &&
            define_value(env, symbol, "for", rt_make_function(env, "for", NAPI_AUTO_LENGTH, symbol_for, NULL),
                         napi_writable | napi_configurable) &&
            define_value(env, symbol, "keyFor",
                         rt_make_function(env, "keyFor", NAPI_AUTO_LENGTH, symbol_key_for, NULL),
                         napi_writable | napi_configurable);
  char description[32];
  for (size_t i = 0; ok && i < sizeof(well_known_symbols) / sizeof(well_known_symbols[0]); i++) {
    int n = snprintf(description, sizeof(description), "Symbol.%s", well_known_symbols[i]);
    /* The handle takes the new symbol's first reference (and frees it if there is no memory for a handle). */
    napi_value handle = rt_new_handle(env, make_symbol(env, description, (size_t)n, true));
    ok = define_value(env, symbol, well_known_symbols[i], handle, napi_default);
  }
  ok = ok && define_value(env, env->global, "Symbol", symbol, napi_writable | napi_configurable);
  rt_scope_release_to(env, mark);
  return ok;
}
