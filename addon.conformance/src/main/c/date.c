/* Area "Date": creation, the time value (NaN, fractions), is_date, wrong types. */
#include "conformance.h"

static void observe(napi_env env) {
  napi_value v;
  double time = 0;
  bool is;
  char text[64];
  static const double inputs[] = {0, 1549183351000.0, -1, 1.5, NAN, 8.64e15, 8.64e15 + 1};
  for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
    char in[40], label[80];
    number_text(in, sizeof(in), inputs[i]);
    snprintf(label, sizeof(label), "create_date(%s)", in);
    OBSV(label, napi_create_date(env, inputs[i], &v), v);
    napi_status s = napi_get_date_value(env, v, &time);
    number_text(text, sizeof(text), time);
    line("  get_date_value: %s -> %s", status_name(s), s == napi_ok ? text : "-");
    OBSF("  is_date", napi_is_date(env, v, &is), "%d", is);
  }
  OBSF("is_date(object)", napi_is_date(env, obj(env), &is), "%d", is);
  OBSF("is_date(number)", napi_is_date(env, num(env, 0), &is), "%d", is);
  OBSF("get_date_value(number)", napi_get_date_value(env, num(env, 0), &time), "%g", time);
  OBSF("get_date_value(object)", napi_get_date_value(env, obj(env), &time), "%g", time);
  OBS("create_date(NULL result)", napi_create_date(env, 0, NULL));
}
