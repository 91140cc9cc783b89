/* Area "typed arrays": typed arrays of every type over one arraybuffer, their info, offsets and alignment errors,
   DataViews. */
#include "conformance.h"

static void observe(napi_env env) {
  static const char* const names[] = {"int8", "uint8", "uint8_clamped", "int16", "uint16", "int32", "uint32",
                                      "float32", "float64", "bigint64", "biguint64"};
  napi_value ab, ta, v;
  void* data = NULL;
  napi_create_arraybuffer(env, 32, &data, &ab);
  for (int t = napi_int8_array; t <= napi_biguint64_array; t++) {
    char label[80];
    snprintf(label, sizeof(label), "create_typedarray(%s, 2, offset 8)", names[t]);
    OBSV(label, napi_create_typedarray(env, (napi_typedarray_type)t, 2, ab, 8, &ta), ta);
    if (ta != NULL) {
      napi_typedarray_type type = napi_int8_array;
      size_t length = 0, offset = 0;
      void* tdata = NULL;
      napi_value buffer;
      bool same = false;
      snprintf(label, sizeof(label), "  get_typedarray_info(%s)", names[t]);
      OBSF(label, napi_get_typedarray_info(env, ta, &type, &length, &tdata, &buffer, &offset),
           "type %s, length %zu, offset %zu, data at offset %d, same buffer %d", names[type], length, offset,
           (char*)tdata == (char*)data + 8, napi_strict_equals(env, buffer, ab, &same) == napi_ok && same);
    }
  }
  OBSV("create_typedarray(int32, offset 2) misaligned", napi_create_typedarray(env, napi_int32_array, 1, ab, 2, &v), v);
  OBSV("create_typedarray(int8, 40) beyond the buffer", napi_create_typedarray(env, napi_int8_array, 40, ab, 0, &v),
       v);
  OBSV("create_typedarray(over an object)", napi_create_typedarray(env, napi_int8_array, 1, obj(env), 0, &v), v);
  bool is;
  napi_create_typedarray(env, napi_uint8_array, 4, ab, 0, &ta);
  OBSF("is_typedarray(uint8 array)", napi_is_typedarray(env, ta, &is), "%d", is);
  OBSF("is_typedarray(arraybuffer)", napi_is_typedarray(env, ab, &is), "%d", is);
  OBSF("is_typedarray(object)", napi_is_typedarray(env, obj(env), &is), "%d", is);
  OBSF("is_buffer(uint8 array)", napi_is_buffer(env, ta, &is), "%d", is);
  OBSF("is_array(uint8 array)", napi_is_array(env, ta, &is), "%d", is);
  OBSV("get_element(uint8 array, 0)", napi_get_element(env, ta, 0, &v), v);
  OBS("get_typedarray_info(object)", napi_get_typedarray_info(env, obj(env), NULL, NULL, NULL, NULL, NULL));

  napi_value dv;
  OBSV("create_dataview(8, offset 4)", napi_create_dataview(env, 8, ab, 4, &dv), dv);
  OBSF("is_dataview(dataview)", napi_is_dataview(env, dv, &is), "%d", is);
  OBSF("is_dataview(typed array)", napi_is_dataview(env, ta, &is), "%d", is);
  size_t length = 0, offset = 0;
  OBSF("get_dataview_info", napi_get_dataview_info(env, dv, &length, NULL, NULL, &offset), "length %zu, offset %zu",
       length, offset);
  OBSV("create_dataview beyond the buffer", napi_create_dataview(env, 40, ab, 0, &v), v);
}
