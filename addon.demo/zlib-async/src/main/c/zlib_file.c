/*
 * compressFile(inputPath, outputPath[, level][, onProgress]): deflates a file into a zlib stream file (RFC 1950,
 * what java.util.zip.Inflater and Node's zlib.inflateSync read) on a pool thread, 64 KiB at a time, and answers a
 * promise of { input, output, bytesIn, bytesOut }. onProgress(bytesDone, bytesTotal) is called on the env's thread
 * after each chunk, through a thread-safe function; its last call has bytesDone == bytesTotal. A failure rejects the
 * promise with an Error whose code is the errno name (ENOENT, EACCES, EISDIR, ENOSPC...) or zlib's, whose message
 * names the file and the reason, and which has the properties path and syscall (as Node's fs errors); the partial
 * output file is removed. An output that is the input file is refused (ERR_SAME_FILE) before it is opened.
 *
 * Who owns what: the job is made on the env's thread; execute (pool thread) uses only the job and the thread-safe
 * function, whose initial hold belongs to the job; complete releases that hold; the function's finalizer, which runs
 * once every queued progress call went to onProgress, settles the promise and frees the job. Settling in the
 * finalizer rather than in complete is what puts the last progress call before the settlement in Node too (libuv
 * may run a work's completion before the thread-safe function's pending calls). If the function is finalized before
 * complete ran (the env closing), complete settles and frees instead.
 *
 * Blocking calls: napi_call_threadsafe_function waits (napi_tsfn_blocking) when PROGRESS_QUEUE calls are waiting,
 * so that no progress call is dropped (the last one, 100%, must arrive) and a slow onProgress holds the compression
 * back instead of queueing without bound. Waiting is safe on a pool thread: the env's thread never waits for it.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <node_api.h>
#include <zlib.h>

#include "zlib_async.h"

#define CHUNK ((size_t)64 * 1024)
#define PROGRESS_QUEUE 4

typedef struct {
  napi_async_work work;
  napi_threadsafe_function progress;
  napi_deferred deferred;
  bool has_callback;
  bool reporting; /* false once a progress call failed (the env closing): compression goes on, silently */
  bool completed; /* complete ran (env's thread) */
  bool finalized; /* the thread-safe function's finalizer ran (env's thread) */
  int level;
  char* input;
  char* output;
  uint64_t bytes_in;
  uint64_t bytes_out;
  const char* error_code; /* NULL: success */
  const char* syscall;    /* with an errno error: the call that failed */
  const char* error_path; /* with an errno error: input or output */
  char error_message[512];
} file_job;

typedef struct {
  uint64_t done;
  uint64_t total;
} progress_point;

static void free_file_job(file_job* job) {
  free(job->input);
  free(job->output);
  free(job);
}

static const char* errno_name(int error) {
  switch (error) {
    case ENOENT: return "ENOENT";
    case EACCES: return "EACCES";
    case EPERM: return "EPERM";
    case EISDIR: return "EISDIR";
    case ENOTDIR: return "ENOTDIR";
    case ENOSPC: return "ENOSPC";
    case EROFS: return "EROFS";
    case EMFILE: return "EMFILE";
    case ENFILE: return "ENFILE";
    case EFBIG: return "EFBIG";
    case EDQUOT: return "EDQUOT";
    case ENAMETOOLONG: return "ENAMETOOLONG";
    case ELOOP: return "ELOOP";
    case EIO: return "EIO";
    case ENOMEM: return "ENOMEM";
    default: return "ERR_FILE_IO";
  }
}

/* Records an errno failure of syscall on path (the job's input or output). */
static void fail_errno(file_job* job, int error, const char* syscall, const char* path, const char* what) {
  job->error_code = errno_name(error);
  job->syscall = syscall;
  job->error_path = path;
  snprintf(job->error_message, sizeof(job->error_message), "%s: cannot %s '%s': %s (errno %d)",
           job->error_code, what, path, strerror(error), error);
}

static void fail_zlib(file_job* job, const char* code, const char* reason) {
  job->error_code = code;
  snprintf(job->error_message, sizeof(job->error_message), "%s: deflating '%s' failed: %s", code, job->input,
           reason);
}

/* On the pool thread: one progress call, waiting while the queue is full. */
static void report(file_job* job, uint64_t done, uint64_t total) {
  if (!job->has_callback || !job->reporting) {
    return;
  }
  progress_point* point = malloc(sizeof(*point));
  if (point == NULL) {
    return; /* a progress line lost to a full heap; the compression itself says so if it runs out too */
  }
  point->done = done;
  point->total = total;
  if (napi_call_threadsafe_function(job->progress, point, napi_tsfn_blocking) != napi_ok) {
    free(point); /* not queued: ours to free; napi_closing means the env is going away */
    job->reporting = false;
  }
}

/* Writes out what deflate produced; false with the error recorded. */
static bool write_all(file_job* job, FILE* out, const unsigned char* bytes, size_t length) {
  if (length > 0 && fwrite(bytes, 1, length, out) != length) {
    fail_errno(job, errno, "write", job->output, "write output file");
    return false;
  }
  job->bytes_out += length;
  return true;
}

/* Deflates in to out chunk by chunk, reporting after each; false with the error recorded. */
static bool deflate_stream(file_job* job, FILE* in, FILE* out, uint64_t size) {
  static const char* const no_memory = "out of memory";
  z_stream stream;
  memset(&stream, 0, sizeof(stream));
  int rc = deflateInit(&stream, job->level);
  if (rc != Z_OK) {
    fail_zlib(job, rc == Z_MEM_ERROR ? "Z_MEM_ERROR" : "Z_STREAM_ERROR", rc == Z_MEM_ERROR ? no_memory : "init");
    return false;
  }
  unsigned char* chunk_in = malloc(CHUNK);
  unsigned char* chunk_out = malloc(CHUNK);
  bool ok = chunk_in != NULL && chunk_out != NULL;
  if (!ok) {
    fail_zlib(job, "Z_MEM_ERROR", no_memory);
  }
  int flush = Z_NO_FLUSH;
  bool reported = false;
  uint64_t reported_total = 0;
  while (ok && flush != Z_FINISH) {
    size_t got = fread(chunk_in, 1, CHUNK, in);
    if (got < CHUNK && ferror(in)) {
      fail_errno(job, errno, "read", job->input, "read input file");
      ok = false;
      break;
    }
    flush = feof(in) ? Z_FINISH : Z_NO_FLUSH;
    stream.next_in = chunk_in;
    stream.avail_in = (uInt)got;
    do {
      stream.next_out = chunk_out;
      stream.avail_out = (uInt)CHUNK;
      rc = deflate(&stream, flush); /* Z_OK, Z_STREAM_END or Z_BUF_ERROR (no progress possible): all fine here */
      if (rc == Z_STREAM_ERROR) {
        fail_zlib(job, "Z_STREAM_ERROR", stream.msg != NULL ? stream.msg : "inconsistent stream state");
        ok = false;
        break;
      }
      ok = write_all(job, out, chunk_out, CHUNK - stream.avail_out);
    } while (ok && stream.avail_out == 0);
    job->bytes_in += got;
    /* The file may have grown or shrunk since fstat: the total is never below what was read, and is it at the end. */
    uint64_t total = flush == Z_FINISH ? job->bytes_in : (size > job->bytes_in ? size : job->bytes_in);
    /* A size that is a multiple of CHUNK ends with an empty read: (size, size) was said already, not again. */
    if (ok && (got > 0 || !reported || total != reported_total)) {
      report(job, job->bytes_in, total);
      reported = true;
      reported_total = total;
    }
  }
  deflateEnd(&stream);
  free(chunk_in);
  free(chunk_out);
  return ok;
}

/* On a pool thread: no Node-API call but the thread-safe function's. */
static void ExecuteFile(napi_env env, void* data) {
  (void)env;
  file_job* job = data;
  FILE* in = fopen(job->input, "rb");
  if (in == NULL) {
    fail_errno(job, errno, "open", job->input, "open input file");
    return;
  }
  struct stat status;
  memset(&status, 0, sizeof(status));
  uint64_t size = 0;
  if (fstat(fileno(in), &status) == 0 && S_ISREG(status.st_mode)) {
    size = (uint64_t)status.st_size;
  }
  struct stat existing;
  if (stat(job->output, &existing) == 0 && existing.st_dev == status.st_dev && existing.st_ino == status.st_ino) {
    job->error_code = "ERR_SAME_FILE"; /* "wb" would empty the input before it is read */
    snprintf(job->error_message, sizeof(job->error_message), "ERR_SAME_FILE: '%s' and '%s' are the same file",
             job->input, job->output);
    fclose(in);
    return;
  }
  FILE* out = fopen(job->output, "wb");
  if (out == NULL) {
    fail_errno(job, errno, "open", job->output, "create output file");
    fclose(in);
    return;
  }
  bool ok = deflate_stream(job, in, out, size);
  fclose(in);
  if (fclose(out) != 0 && ok) {
    fail_errno(job, errno, "close", job->output, "write output file"); /* e.g. ENOSPC at the last flush */
    ok = false;
  }
  if (!ok) {
    remove(job->output);
  }
}

/* On the env's thread, once per progress call: onProgress(bytesDone, bytesTotal). env is NULL when the function is
   being closed and the point is only to be freed. */
static void CallProgress(napi_env env, napi_value on_progress, void* context, void* data) {
  (void)context;
  progress_point* point = data;
  if (env != NULL && on_progress != NULL) {
    napi_value argv[2], receiver = NULL;
    napi_create_double(env, (double)point->done, &argv[0]);
    napi_create_double(env, (double)point->total, &argv[1]);
    napi_get_undefined(env, &receiver);
    napi_call_function(env, receiver, on_progress, 2, argv, NULL);
  }
  free(point);
}

static napi_value string_value(napi_env env, const char* text) {
  napi_value value = NULL;
  napi_create_string_utf8(env, text, NAPI_AUTO_LENGTH, &value);
  return value;
}

/* On the env's thread: the promise settled with the summary or the error; then the job freed. */
static void settle(napi_env env, file_job* job) {
  if (job->error_code != NULL) {
    napi_value error = NULL;
    napi_create_error(env, string_value(env, job->error_code), string_value(env, job->error_message), &error);
    if (job->error_path != NULL) {
      napi_set_named_property(env, error, "path", string_value(env, job->error_path));
      napi_set_named_property(env, error, "syscall", string_value(env, job->syscall));
    }
    napi_reject_deferred(env, job->deferred, error);
  } else {
    napi_value summary = NULL, bytes_in = NULL, bytes_out = NULL;
    napi_create_object(env, &summary);
    napi_create_double(env, (double)job->bytes_in, &bytes_in);
    napi_create_double(env, (double)job->bytes_out, &bytes_out);
    napi_set_named_property(env, summary, "input", string_value(env, job->input));
    napi_set_named_property(env, summary, "output", string_value(env, job->output));
    napi_set_named_property(env, summary, "bytesIn", bytes_in);
    napi_set_named_property(env, summary, "bytesOut", bytes_out);
    napi_resolve_deferred(env, job->deferred, summary);
  }
  free_file_job(job);
}

/* On the env's thread, after every queued progress call: settles, unless complete has not run yet. */
static void FinalizeProgress(napi_env env, void* data, void* hint) {
  (void)hint;
  file_job* job = data;
  job->finalized = true;
  if (job->completed) {
    settle(env, job);
  }
}

/* On the env's thread: gives up the job's hold of the thread-safe function, whose finalizer then settles. */
static void CompleteFile(napi_env env, napi_status status, void* data) {
  file_job* job = data;
  job->completed = true;
  if (status == napi_cancelled) {
    job->error_code = "ERR_CANCELLED";
    snprintf(job->error_message, sizeof(job->error_message), "compressing '%s' was cancelled before it ran",
             job->input);
  }
  napi_delete_async_work(env, job->work);
  job->work = NULL;
  if (job->finalized) {
    settle(env, job); /* the function is gone already (the env closing): nothing to release */
  } else {
    napi_release_threadsafe_function(job->progress, napi_tsfn_release);
  }
}

/* A copy of a string argument; NULL with a TypeError thrown if it is not a non-empty string. */
static char* path_argument(napi_env env, napi_value value, const char* name) {
  napi_valuetype type = napi_undefined;
  size_t length = 0;
  napi_typeof(env, value, &type);
  if (type != napi_string || napi_get_value_string_utf8(env, value, NULL, 0, &length) != napi_ok || length == 0) {
    char message[96];
    snprintf(message, sizeof(message), "%s must be a non-empty string (a file path)", name);
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", message);
    return NULL;
  }
  char* path = malloc(length + 1);
  if (path == NULL) {
    napi_throw_error(env, "Z_MEM_ERROR", "out of memory");
    return NULL;
  }
  napi_get_value_string_utf8(env, value, path, length + 1, &length);
  return path;
}

/* level and onProgress from argv[2..3]: (level), (onProgress), (level, onProgress); false with an error thrown. */
static bool options(napi_env env, size_t argc, napi_value* argv, file_job* job, napi_value* on_progress) {
  napi_valuetype type = napi_undefined;
  size_t next = 2;
  *on_progress = NULL;
  job->level = Z_DEFAULT_COMPRESSION;
  if (argc > next) {
    napi_typeof(env, argv[next], &type);
    if (type != napi_function) {
      if (!zlib_level(env, argv[next], &job->level)) {
        return false;
      }
      next++;
    }
  }
  if (argc > next) {
    napi_typeof(env, argv[next], &type);
    if (type == napi_function) {
      *on_progress = argv[next];
    } else if (type != napi_undefined && type != napi_null) {
      napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "onProgress must be a function");
      return false;
    }
  }
  return true;
}

napi_value zlib_compress_file(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 2) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "inputPath and outputPath expected");
    return NULL;
  }
  file_job* job = calloc(1, sizeof(*job));
  if (job == NULL) {
    napi_throw_error(env, "Z_MEM_ERROR", "out of memory");
    return NULL;
  }
  napi_value on_progress = NULL;
  if ((job->input = path_argument(env, argv[0], "inputPath")) == NULL ||
      (job->output = path_argument(env, argv[1], "outputPath")) == NULL ||
      !options(env, argc, argv, job, &on_progress)) {
    free_file_job(job);
    return NULL;
  }
  job->has_callback = on_progress != NULL;
  job->reporting = true;
  napi_value promise = NULL, name = string_value(env, "zlib_async.compressFile");
  if (napi_create_promise(env, &job->deferred, &promise) != napi_ok) {
    free_file_job(job);
    return NULL;
  }
  if (napi_create_threadsafe_function(env, on_progress, NULL, name, PROGRESS_QUEUE, 1, job, FinalizeProgress, NULL,
                                      CallProgress, &job->progress) != napi_ok) {
    zlib_reject(env, job->deferred, "ERR_ASYNC", "the progress function could not be made");
    free_file_job(job);
    return promise;
  }
  if (napi_create_async_work(env, NULL, name, ExecuteFile, CompleteFile, job, &job->work) != napi_ok ||
      napi_queue_async_work(env, job->work) != napi_ok) {
    /* Settled by the finalizer, as always: the promise is returned rejected, so that the caller hears why. */
    job->error_code = "ERR_ASYNC";
    snprintf(job->error_message, sizeof(job->error_message), "compressing '%s' could not be queued", job->input);
    if (job->work != NULL) {
      napi_delete_async_work(env, job->work);
    }
    job->completed = true;
    napi_release_threadsafe_function(job->progress, napi_tsfn_release);
  }
  return promise;
}
