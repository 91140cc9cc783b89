/*
 * Classes, prototypes and object lifetime: the "classes" fixture (Node's 6_object_wrap MyObject) checked against
 * what Node 20 answers for the same calls, then what only this runtime can show deterministically: instances
 * freed (and finalized) as soon as their last holder goes, weak references reading NULL, added finalizers, and
 * references to primitives for modules of API version 10.
 */
#include <string.h>

#include "harness.h"

/*
 * The line the fixture's observe() answers in Node 20, produced by
 *   node -e "console.log(require('./libclasses.so').observe())"
 * on the same source (addon.fixtures/src/main/c/classes.c). Both runtimes must say the same.
 */
static const char* const node_line =
    "new=0 value=10 plusOne=11,12 setValue=0 value=5 ownValue=0 inValue=1 inPlusOne=1 multiply=15 productIsMyObject=1 plainIsMyObject=0 numberIsMyObject=0 instanceofPlain=5! getPrototype=0 protoIsPrototype=1 constructorIsClass=1 getPrototypeUndefined=2! staticCreate=7 instanceHasCreate=0 callPlainly=0 plainCallIsMyObject=1 value=3 newNotAFunction=1 wrapTwice=1 wrapNumber=1 tag=0 tagAgain=1 tagged=1,0 plainTagged=0 tagUndefined=10! checkTagUndefined=10! tagNumber=0 freezeUndefined=2! sealUndefined=2! freeze=0 seal=0 freezeArray=0 freezeNumber=0 frozenSet=0 frozenAdd=0 frozenElement=0 frozenA=3 frozenHasB=0 element=3 frozenDelete=0 deleted=0 frozenDefine=1 sealedSet=0 sealedAdd=0 sealedDelete=0 sealedA=4 sealedHasB=0 deleted=0 sealedDefine=1 refNumber=1 refString=1 refObject=0 unrefAtZero=9 count=7 finalizerNumber=1";

void test_classes_match_node(void) {
  addon a;
  napi_env env = env_load(&a, "classes", "classes");
  if (env == NULL) {
    return;
  }
  size_t mark = frame_open(env);
  answer observed = env_call(env, "observe", 0, NULL);
  CHECK_INT(observed.outcome, OUTCOME_OK);
  if (observed.outcome == OUTCOME_OK) {
    /* render() quotes the string: compare what is inside the quotes */
    const char* shown = render(env, observed.value);
    size_t length = strlen(shown);
    char inner[2048] = "";
    if (length >= 2 && length - 2 < sizeof(inner)) {
      memcpy(inner, shown + 1, length - 2);
      inner[length - 2] = '\0';
    }
    CHECK_STR(inner, node_line);
  }
  frame_close(env, mark);
  env_close(env, 1000);
  addon_close(&a);
}

static double finalized(napi_env env) {
  size_t mark = frame_open(env);
  answer count = env_call(env, "finalized", 0, NULL);
  double d = -1;
  if (CHECK_INT(count.outcome, OUTCOME_OK)) {
    napi_get_value_double(env, count.value, &d);
  }
  frame_close(env, mark);
  return d;
}

static void count_finalizer(napi_env env, void* data, void* hint) {
  (void)env;
  (void)hint;
  (*(int*)data)++;
}

void test_classes_lifetime(void) {
  addon a;
  napi_env env = env_load(&a, "classes", "classes-lifetime");
  if (env == NULL) {
    return;
  }
  /* MyObject(4) called plainly: the constructor makes the instance with napi_new_instance and wraps it. */
  size_t mark = frame_open(env);
  napi_value four = num(env, 4);
  answer made = env_call(env, "MyObject", 1, &four);
  CHECK_INT(made.outcome, OUTCOME_OK);
  napi_value instance = made.value, value;
  CHECK_INT(napi_get_named_property(env, instance, "value", &value), napi_ok);
  CHECK_STR(render(env, value), "4");
  CHECK_STR(render(env, instance), "handle"); /* crossing to Java: a handle to the live instance, given back */
  napi_ref weak, strong;
  int added = 0;
  CHECK_INT(napi_create_reference(env, instance, 0, &weak), napi_ok);
  CHECK_INT(napi_add_finalizer(env, instance, &added, count_finalizer, NULL, NULL), napi_ok);
  napi_value kept = NULL;
  answer other = env_call(env, "MyObject", 1, &four);
  CHECK_INT(napi_create_reference(env, other.value, 1, &strong), napi_ok);
  CHECK(finalized(env) == 0);
  frame_close(env, mark);

  /* The frame held the first instance, nothing else does now: freed, its destructor and added finalizer run, the
   * weak reference reads NULL (in Node: at the next garbage collection). The strongly referenced one lives. */
  CHECK(finalized(env) == 1);
  CHECK_INT(added, 1);
  mark = frame_open(env);
  napi_value read = instance;
  CHECK_INT(napi_get_reference_value(env, weak, &read), napi_ok);
  CHECK(read == NULL);
  CHECK_INT(napi_get_reference_value(env, strong, &kept), napi_ok);
  CHECK(kept != NULL);
  bool is_instance = false;
  answer cls = env_get(env, "MyObject");
  CHECK_INT(napi_instanceof(env, kept, cls.value, &is_instance), napi_ok);
  CHECK(is_instance);
  /* Back to count 0: weak now, but the frame still holds it; freed when the frame closes. */
  uint32_t count = 9;
  CHECK_INT(napi_reference_unref(env, strong, &count), napi_ok);
  CHECK_INT(count, 0);
  CHECK(finalized(env) == 1);
  frame_close(env, mark);
  CHECK(finalized(env) == 2);
  mark = frame_open(env);
  CHECK_INT(napi_get_reference_value(env, strong, &kept), napi_ok);
  CHECK(kept == NULL);
  frame_close(env, mark);
  CHECK_INT(napi_delete_reference(env, weak), napi_ok);
  CHECK_INT(napi_delete_reference(env, strong), napi_ok);

  /* An instance left in a cycle (its own property) stays until the context closes; the class and its prototype
   * hold each other too. All of it is finalized and freed at close, exactly once. */
  mark = frame_open(env);
  answer cyclic = env_call(env, "MyObject", 1, &four);
  CHECK_INT(napi_set_named_property(env, cyclic.value, "self", cyclic.value), napi_ok);
  frame_close(env, mark);
  CHECK(finalized(env) == 2);
  closed c = env_close(env, 1000);
  /* Over the context's life: two destructors and the added finalizer before, then at close the cyclic instance's
   * destructor and the instance data's finalizer. */
  CHECK_INT(c.finalizers_run, 5);
  CHECK_STR(c.warnings, "");
  addon_close(&a);
}

/* Modules of API version 10 may reference any value: a primitive's reference reads NULL once its count is 0. */
void test_references_to_primitives(void) {
  napi_env env = rt_env_new("primitives", "harness", 10);
  size_t baseline = env->live_values;
  size_t mark = frame_open(env);
  napi_ref to_string, to_number, weak_string;
  CHECK_INT(napi_create_reference(env, str(env, "held"), 1, &to_string), napi_ok);
  CHECK_INT(napi_create_reference(env, num(env, 7), 1, &to_number), napi_ok);
  CHECK_INT(napi_create_reference(env, str(env, "never held"), 0, &weak_string), napi_ok);
  frame_close(env, mark);
  CHECK_INT(env->live_values, baseline + 1);
  mark = frame_open(env);
  napi_value read = NULL;
  CHECK_INT(napi_get_reference_value(env, to_string, &read), napi_ok);
  CHECK_STR(render(env, read), "\"held\"");
  CHECK_INT(napi_get_reference_value(env, to_number, &read), napi_ok);
  CHECK_STR(render(env, read), "7");
  CHECK_INT(napi_get_reference_value(env, weak_string, &read), napi_ok);
  CHECK(read == NULL);
  frame_close(env, mark);
  uint32_t count = 9;
  CHECK_INT(napi_reference_unref(env, to_string, &count), napi_ok);
  CHECK_INT(count, 0);
  CHECK_INT(env->live_values, baseline);
  CHECK_INT(napi_reference_unref(env, to_number, &count), napi_ok);
  mark = frame_open(env);
  CHECK_INT(napi_get_reference_value(env, to_string, &read), napi_ok);
  CHECK(read == NULL);
  CHECK_INT(napi_get_reference_value(env, to_number, &read), napi_ok);
  CHECK(read == NULL);
  frame_close(env, mark);
  CHECK_INT(napi_delete_reference(env, to_string), napi_ok);
  CHECK_INT(napi_delete_reference(env, to_number), napi_ok);
  env_close(env, 1000);
}
