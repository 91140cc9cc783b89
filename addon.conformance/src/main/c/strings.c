/* Area "strings": creation in the three encodings, the getters' lengths, truncation and wrong types. */
#include "conformance.h"

static void get_utf8_to(napi_env env, const char* label, napi_value v, size_t bufsize, bool null_buffer) {
  char buf[64];
  size_t length = 12345;
  memset(buf, 'X', sizeof(buf));
  napi_status s = napi_get_value_string_utf8(env, v, null_buffer ? NULL : buf, bufsize, &length);
  char shown[160] = "-";
  if (s == napi_ok) {
    quote(shown, sizeof(shown), buf, bufsize == 0 ? 0 : strnlen(buf, bufsize));
  }
  if (null_buffer) {
    snprintf(shown, sizeof(shown), "-");
  }
  line("%s: %s -> length %zu, buffer %s%s", label, status_name(s), s == napi_ok ? length : 0, shown,
       pending_suffix(env));
}

static void get_utf8(napi_env env, const char* label, napi_value v, size_t bufsize) {
  get_utf8_to(env, label, v, bufsize, strstr(label, "NULL buf") != NULL);
}

static void get_latin1(napi_env env, const char* label, napi_value v, size_t bufsize) {
  char buf[64];
  size_t length = 12345;
  memset(buf, 'X', sizeof(buf));
  napi_status s = napi_get_value_string_latin1(env, v, bufsize == 0 ? NULL : buf, bufsize, &length);
  char shown[160] = "-";
  if (s == napi_ok && bufsize > 0) {
    quote_bytes(shown, sizeof(shown), buf, strnlen(buf, bufsize), true);
  }
  line("%s: %s -> length %zu, buffer %s%s", label, status_name(s), s == napi_ok ? length : 0, shown,
       pending_suffix(env));
}

static void get_utf16(napi_env env, const char* label, napi_value v, size_t bufsize) {
  char16_t buf[32];
  size_t length = 12345;
  for (size_t i = 0; i < 32; i++) {
    buf[i] = 0x5858;
  }
  napi_status s = napi_get_value_string_utf16(env, v, bufsize == 0 ? NULL : buf, bufsize, &length);
  char shown[200] = "-";
  if (s == napi_ok && bufsize > 0) {
    size_t o = 0;
    for (size_t i = 0; i < bufsize && o + 6 < sizeof(shown); i++) {
      o += (size_t)snprintf(shown + o, sizeof(shown) - o, "%04x ", buf[i]);
    }
  }
  line("%s: %s -> length %zu, units %s%s", label, status_name(s), s == napi_ok ? length : 0, shown,
       pending_suffix(env));
}

static void observe(napi_env env) {
  napi_value v;
  OBSV("create_string_utf8(\"hello\", AUTO)", napi_create_string_utf8(env, "hello", NAPI_AUTO_LENGTH, &v), v);
  OBSV("create_string_utf8(\"hello\", 3)", napi_create_string_utf8(env, "hello", 3, &v), v);
  OBSV("create_string_utf8(\"\", AUTO)", napi_create_string_utf8(env, "", NAPI_AUTO_LENGTH, &v), v);
  OBSV("create_string_utf8(\"a\\0b\", 3)", napi_create_string_utf8(env, "a\0b", 3, &v), v);
  OBSV("create_string_utf8(NULL, 0)", napi_create_string_utf8(env, NULL, 0, &v), v);
  OBSV("create_string_utf8(NULL, AUTO)", napi_create_string_utf8(env, NULL, NAPI_AUTO_LENGTH, &v), v);
  OBS("create_string_utf8(NULL result)", napi_create_string_utf8(env, "x", 1, NULL));
  OBSV("create_string_utf8(length > INT_MAX)",
       napi_create_string_utf8(env, "x", (size_t)INT32_MAX + 1, &v), v);
  OBSV("create_string_utf8(invalid UTF-8 \\xff\\xfe)", napi_create_string_utf8(env, "a\xff\xfe", 3, &v), v);
  OBSV("create_string_utf8(cut sequence \\xe2\\x82)", napi_create_string_utf8(env, "\xe2\x82", 2, &v), v);
  OBSV("create_string_utf8(\"h\\u00e9\\u20ac\\U0001d11e\")",
       napi_create_string_utf8(env, "h\xc3\xa9\xe2\x82\xac\xf0\x9d\x84\x9e", NAPI_AUTO_LENGTH, &v), v);
  OBSV("create_string_latin1(\"caf\\xe9\")", napi_create_string_latin1(env, "caf\xe9", NAPI_AUTO_LENGTH, &v), v);
  OBSV("create_string_latin1(NULL, 0)", napi_create_string_latin1(env, NULL, 0, &v), v);
  static const char16_t utf16[] = {0x68, 0xe9, 0x20ac, 0xd834, 0xdd1e, 0};
  OBSV("create_string_utf16(h\\u00e9\\u20ac\\U0001d11e, AUTO)",
       napi_create_string_utf16(env, utf16, NAPI_AUTO_LENGTH, &v), v);
  OBSV("create_string_utf16(2 units)", napi_create_string_utf16(env, utf16, 2, &v), v);
  static const char16_t lone[] = {0x61, 0xd834, 0x62, 0};
  OBSV("create_string_utf16(lone surrogate)", napi_create_string_utf16(env, lone, NAPI_AUTO_LENGTH, &v), v);
  OBSV("create_string_utf16(NULL, 0)", napi_create_string_utf16(env, NULL, 0, &v), v);

  napi_value hello = str(env, "hello");
  napi_value wide = str(env, "h\xc3\xa9\xe2\x82\xac\xf0\x9d\x84\x9e");
  get_utf8(env, "utf8(hello, NULL buf)", hello, 0);
  get_utf8(env, "utf8(hello, bufsize 0)", hello, 0);
  get_utf8(env, "utf8(hello, bufsize 1)", hello, 1);
  get_utf8(env, "utf8(hello, bufsize 3)", hello, 3);
  get_utf8(env, "utf8(hello, bufsize 6)", hello, 6);
  get_utf8(env, "utf8(hello, bufsize 64)", hello, 64);
  get_utf8(env, "utf8(wide, NULL buf)", wide, 0);
  get_utf8(env, "utf8(wide, bufsize 3)", wide, 3);
  get_utf8(env, "utf8(wide, bufsize 4)", wide, 4);
  get_utf8(env, "utf8(wide, bufsize 7)", wide, 7);
  get_utf8(env, "utf8(wide, bufsize 9)", wide, 9);
  get_utf8(env, "utf8(wide, bufsize 64)", wide, 64);
  get_utf8(env, "utf8(number)", num(env, 1), 64);
  get_utf8(env, "utf8(object)", obj(env), 64);
  get_utf8(env, "utf8(NULL value)", NULL, 64);
  OBS("utf8(hello, NULL buf, NULL result)", napi_get_value_string_utf8(env, hello, NULL, 0, NULL));
  size_t length;
  char buf[8];
  OBSF("utf8(hello, buf, NULL result)", napi_get_value_string_utf8(env, hello, buf, sizeof(buf), NULL), "%s", buf);
  OBSF("utf8(hello, buf 8, length)", napi_get_value_string_utf8(env, hello, buf, sizeof(buf), &length), "%zu",
       length);

  get_latin1(env, "latin1(hello, NULL buf)", hello, 0);
  get_latin1(env, "latin1(hello, bufsize 3)", hello, 3);
  get_latin1(env, "latin1(wide, NULL buf)", wide, 0);
  get_latin1(env, "latin1(wide, bufsize 64)", wide, 64);
  get_latin1(env, "latin1(number)", num(env, 1), 64);

  get_utf16(env, "utf16(hello, NULL buf)", hello, 0);
  get_utf16(env, "utf16(hello, bufsize 3)", hello, 3);
  get_utf16(env, "utf16(wide, NULL buf)", wide, 0);
  get_utf16(env, "utf16(wide, bufsize 4)", wide, 4);
  get_utf16(env, "utf16(wide, bufsize 8)", wide, 8);
  get_utf16(env, "utf16(number)", num(env, 1), 8);

  /* Round trip of every BMP boundary through UTF-16 and back to UTF-8. */
  static const char16_t edges[] = {0x7f, 0x80, 0x7ff, 0x800, 0xfffd, 0xffff, 0};
  OBSV("create_string_utf16(edges)", napi_create_string_utf16(env, edges, NAPI_AUTO_LENGTH, &v), v);
  get_utf8(env, "utf8(edges, NULL buf)", v, 0);
  get_utf16(env, "utf16(edges, bufsize 7)", v, 7);

  /* A buffer that ends between the two UTF-16 units of a character beyond the BMP. */
  get_latin1(env, "latin1(wide, bufsize 5)", wide, 5);
  get_latin1(env, "latin1(wide, bufsize 4)", wide, 4);
}
