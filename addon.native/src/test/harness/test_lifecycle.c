/*
 * Teardown: cleanup hooks newest first (sync and async in one queue), async hooks awaited before finalizers,
 * hooks added during teardown after them; the "lifecycle" fixture and the demo addons, then async hooks driven
 * directly.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

static void read_file(const char* path, char* buf, size_t size) {
  buf[0] = '\0';
  FILE* f = fopen(path, "r");
  if (f == NULL) {
    return;
  }
  size_t n = fread(buf, 1, size - 1, f);
  buf[n] = '\0';
  fclose(f);
}

/* A fresh log file for the lifecycle fixture, passed to its setLog export. */
static void start_log(napi_env env, const char* name, char* path, size_t size) {
  snprintf(path, size, "%s/%s.log", harness_work_dir, name);
  unlink(path);
  size_t mark = frame_open(env);
  napi_value argv[] = {str(env, path)};
  CHECK_INT(env_call(env, "setLog", 1, argv).outcome, OUTCOME_OK);
  frame_close(env, mark);
}

/* The log without the line of the async hook's thread, whose place among the sync hooks is not fixed. */
static void without_async_done(const char* log, char* out, size_t size) {
  size_t n = 0;
  const char* line = log;
  while (*line != '\0') {
    const char* end = strchr(line, '\n');
    size_t length = end != NULL ? (size_t)(end - line) + 1 : strlen(line);
    if (strncmp(line, "async E done\n", length) != 0 && n + length < size) {
      memcpy(out + n, line, length);
      n += length;
    }
    line += length;
  }
  out[n] = '\0';
}

void test_lifecycle_teardown_order(void) {
  addon a;
  napi_env env = env_load(&a, "lifecycle", "lifecycle");
  if (env == NULL) {
    return;
  }
  char path[1100], log[4096], rest[4096];
  start_log(env, "teardown-order", path, sizeof(path));
  closed c = env_close(env, 5000);
  read_file(path, log, sizeof(log));
  without_async_done(log, rest, sizeof(rest));
  /* Node 20: async hook E, hook D, hook R (removes C, adds L), hook A; finalizers; then L. */
  CHECK_STR(rest,
            "async hook E\nhook D\nhook R\nhook A\nexternal finalizer\ninstance finalizer\nhook L\n");
  const char* done = strstr(log, "async E done\n");
  CHECK(done != NULL && done > strstr(log, "async hook E") && done < strstr(log, "external finalizer"));
  CHECK_INT(c.hooks_run, 5); /* E, D, R, A, L */
  CHECK_INT(c.finalizers_run, 2);
  CHECK_STR(c.warnings, "");
  addon_close(&a);
}

void test_lifecycle_hook_twice_and_instance_data_again(void) {
  addon a;
  napi_env env = env_load(&a, "lifecycle", "lifecycle");
  if (env == NULL) {
    return;
  }
  char path[1100], log[4096], warnings[1024];
  start_log(env, "twice", path, sizeof(path));
  size_t mark = frame_open(env);
  answer twice = env_call(env, "addTwice", 0, NULL);
  CHECK_STR(render(env, twice.value), "[0,1]"); /* napi_ok, then napi_invalid_arg: refused, not aborted */
  CHECK(strstr(take_warnings(env, warnings, sizeof(warnings)), "already registered") != NULL);

  /* The fixture leaks the first instance data on purpose, as Node does; we free it after teardown. */
  void* first_data = NULL;
  napi_get_instance_data(env, &first_data);
  CHECK_STR(render(env, env_call(env, "setInstanceDataAgain", 0, NULL).value), "0");
  CHECK(strstr(take_warnings(env, warnings, sizeof(warnings)), "napi_set_instance_data called again") != NULL);
  frame_close(env, mark);

  closed c = env_close(env, 5000);
  read_file(path, log, sizeof(log));
  CHECK(strncmp(log, "hook T\n", 7) == 0); /* the newest hook runs first, once */
  CHECK(strstr(log + 1, "hook T") == NULL);
  const char* finalizer = strstr(log, "instance finalizer\n");
  CHECK(finalizer != NULL && strstr(finalizer + 1, "instance finalizer") == NULL);
  CHECK_INT(c.hooks_run, 6);
  free(first_data);
  addon_close(&a);
}

/* ---- Async cleanup hooks, driven directly --------------------------------------------------------------- */

static pthread_mutex_t order_lock = PTHREAD_MUTEX_INITIALIZER;
static char order[256];

static void note(const char* what) {
  pthread_mutex_lock(&order_lock);
  strncat(order, what, sizeof(order) - strlen(order) - 1);
  pthread_mutex_unlock(&order_lock);
}

static void sync_hook(void* arg) {
  note((const char*)arg);
}

static void never_runs(napi_async_cleanup_hook_handle handle, void* arg) {
  (void)handle;
  (void)arg;
  note("!");
}

static void done_at_once(napi_async_cleanup_hook_handle handle, void* arg) {
  note((const char*)arg);
  CHECK_INT(napi_remove_async_cleanup_hook(handle), napi_ok);
}

static void* finish_later(void* handle) {
  note("+");
  napi_remove_async_cleanup_hook(handle);
  return NULL;
}

static pthread_t finisher;

static void done_on_thread(napi_async_cleanup_hook_handle handle, void* arg) {
  note((const char*)arg);
  CHECK_INT(pthread_create(&finisher, NULL, finish_later, handle), 0);
}

static napi_async_cleanup_hook_handle late_handle;

static void done_too_late(napi_async_cleanup_hook_handle handle, void* arg) {
  note((const char*)arg);
  late_handle = handle; /* removed only after teardown gave up on it */
}

static napi_async_cleanup_hook_handle removed_by_hook;

static void removes_async(void* arg) {
  note((const char*)arg);
  CHECK_INT(napi_remove_async_cleanup_hook(removed_by_hook), napi_ok);
}

static void note_finalizer(napi_env env, void* data, void* hint) {
  (void)env;
  (void)hint;
  note((const char*)data);
}

void test_async_hooks(void) {
  /* One queue, newest first; a hook removed before its turn never runs; teardown awaits the thread. */
  order[0] = '\0';
  napi_env env = rt_env_new("async", "harness", 8);
  napi_async_cleanup_hook_handle removed, kept;
  CHECK_INT(napi_add_env_cleanup_hook(env, sync_hook, (void*)"a"), napi_ok);
  CHECK_INT(napi_add_async_cleanup_hook(env, done_on_thread, (void*)"B", &kept), napi_ok);
  CHECK_INT(napi_add_async_cleanup_hook(env, never_runs, NULL, &removed), napi_ok);
  CHECK_INT(napi_add_env_cleanup_hook(env, sync_hook, (void*)"c"), napi_ok);
  CHECK_INT(napi_add_async_cleanup_hook(env, done_at_once, (void*)"D", NULL), napi_ok);
  CHECK_INT(napi_remove_async_cleanup_hook(removed), napi_ok);
  CHECK_INT(napi_set_instance_data(env, (void*)"F", note_finalizer, NULL), napi_ok);
  closed c = env_close(env, 5000);
  pthread_join(finisher, NULL);
  /* D, c, B started (its thread writes + whenever it runs), a; all before the finalizer F. */
  char without_plus[256];
  size_t n = 0;
  for (const char* p = order; *p; p++) {
    if (*p != '+') {
      without_plus[n++] = *p;
    }
  }
  without_plus[n] = '\0';
  CHECK_STR(without_plus, "DcBaF");
  CHECK(strchr(order, '+') != NULL && strchr(order, '+') < strchr(order, 'F'));
  CHECK_INT(c.hooks_run, 4);
  CHECK_STR(c.warnings, "");

  /* A hook that does not finish within the wait: teardown goes on, says so, and the late removal is safe. */
  order[0] = '\0';
  env = rt_env_new("late", "harness", 8);
  CHECK_INT(napi_add_async_cleanup_hook(env, done_too_late, (void*)"L", NULL), napi_ok);
  CHECK_INT(napi_set_instance_data(env, (void*)"F", note_finalizer, NULL), napi_ok);
  c = env_close(env, 20);
  CHECK_STR(order, "LF");
  CHECK(strstr(c.warnings, "1 async cleanup hook(s) did not call napi_remove_async_cleanup_hook within 20 ms") !=
        NULL);
  CHECK_INT(napi_remove_async_cleanup_hook(late_handle), napi_ok); /* frees the handle: the env is long gone */

  /* A sync hook newer than an async one removes it before its turn: it never starts. */
  order[0] = '\0';
  env = rt_env_new("removed-in-pass", "harness", 8);
  CHECK_INT(napi_add_async_cleanup_hook(env, never_runs, NULL, &removed_by_hook), napi_ok);
  CHECK_INT(napi_add_env_cleanup_hook(env, removes_async, (void*)"r"), napi_ok);
  c = env_close(env, 5000);
  CHECK_STR(order, "r");
  CHECK_INT(c.hooks_run, 1);

  /* Never torn down (an env whose init failed is still torn down, but be safe): free alone releases handles. */
  env = rt_env_new("unstarted", "harness", 8);
  CHECK_INT(napi_add_async_cleanup_hook(env, never_runs, NULL, NULL), napi_ok);
  rt_env_free(env);
}

/* ---- The demo addons ------------------------------------------------------------------------------------ */

void test_cleanup_hooks_demo(void) {
  addon a;
  napi_env env = env_load(&a, "cleanup_hooks", "cleanup-hooks");
  if (env == NULL) {
    return;
  }
  /* The example prints from its hooks: catch its stdout in a file while the context closes. */
  char path[1100], printed[256];
  snprintf(path, sizeof(path), "%s/cleanup-hooks.out", harness_work_dir);
  fflush(stdout);
  int saved = dup(STDOUT_FILENO);
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  CHECK(saved >= 0 && fd >= 0);
  dup2(fd, STDOUT_FILENO);
  closed c = env_close(env, 1000);
  fflush(stdout);
  dup2(saved, STDOUT_FILENO);
  close(fd);
  close(saved);
  read_file(path, printed, sizeof(printed));
  CHECK_STR(printed, "cleanup(4)\ncleanup(3)\ncleanup(2)\ncleanup(1)\n");
  CHECK_INT(c.hooks_run, 4);
  addon_close(&a);
}

void test_multiple_load_demo(void) {
  addon a, b;
  napi_env one = env_load(&a, "multiple_load", "one");
  napi_env two = env_load(&b, "multiple_load", "two");
  if (one == NULL || two == NULL) {
    return;
  }
  size_t m1 = frame_open(one), m2 = frame_open(two);
  CHECK_STR(render(one, env_call(one, "increment", 0, NULL).value), "1");
  CHECK_STR(render(one, env_call(one, "increment", 0, NULL).value), "2");
  CHECK_STR(render(one, env_call(one, "increment", 0, NULL).value), "3");
  CHECK_STR(render(two, env_call(two, "increment", 0, NULL).value), "1"); /* its own AddonData */
  CHECK_STR(render(one, env_call(one, "decrement", 0, NULL).value), "2");
  frame_close(one, m1);
  frame_close(two, m2);
  CHECK_INT(env_close(one, 1000).finalizers_run, 1);
  CHECK_INT(env_close(two, 1000).finalizers_run, 1);
  addon_close(&a);
  addon_close(&b);
}
