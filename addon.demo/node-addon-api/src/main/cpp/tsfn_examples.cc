// Napi::ThreadSafeFunction and Napi::TypedThreadSafeFunction, as addons use them: a native std::thread hands values
// to a JavaScript (here: Java) function, which runs on the env's thread (Node's main thread; a drain of the
// context's loop here), in order. The finalizer runs there too, after the last Release: it joins the thread and
// settles the promise the export returned, so that the caller awaits the end of the stream. See docs/async.md and
// docs/node-addon-api.md.
#include "tsfn_examples.h"

#include <cstdint>
#include <memory>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

namespace tsfn_examples {
namespace {

// A small queue, so that the producer's BlockingCall waits for the env's thread to take values.
constexpr size_t kProducerQueue = 2;

std::string StatusName(napi_status status) {
  switch (status) {
    case napi_ok:
      return "napi_ok";
    case napi_invalid_arg:
      return "napi_invalid_arg";
    case napi_generic_failure:
      return "napi_generic_failure";
    case napi_queue_full:
      return "napi_queue_full";
    case napi_closing:
      return "napi_closing";
    default:
      return "status " + std::to_string(static_cast<int>(status));
  }
}

Napi::Array ToArray(Napi::Env env, const std::vector<std::string>& texts) {
  Napi::Array array = Napi::Array::New(env, texts.size());
  for (uint32_t i = 0; i < texts.size(); i++) {
    array.Set(i, Napi::String::New(env, texts[i]));
  }
  return array;
}

// "threw CODE message" (or "threw message" without a code), for an exception of the callback that was caught.
std::string Threw(const Napi::Error& e) {
  Napi::Value code = e.Value().Get("code");
  return "threw " + (code.IsString() ? code.As<Napi::String>().Utf8Value() + " " : "") + e.Message();
}

void RequireFunctionAndCount(const Napi::CallbackInfo& info, const char* usage) {
  if (info.Length() < 2 || !info[0].IsFunction() || !info[1].IsNumber()) {
    throw Napi::TypeError::New(info.Env(), usage);
  }
}

// Starts a producer thread. Where the system refuses one, the function is released (its finalizer, with no thread to
// join, still frees the context) and the caller gets an Error.
template <typename Function, typename Body>
std::thread StartProducer(Napi::Env env, const Function& tsfn, Body body) {
  try {
    return std::thread(std::move(body));
  } catch (const std::system_error& e) {
    tsfn.Release();
    throw Napi::Error::New(env, std::string("could not start the producer thread: ") + e.what());
  }
}

// produce: the canonical node-addon-api pattern. The context outlives the thread: the finalizer deletes it.
struct Producer {
  explicit Producer(Napi::Env env)
      : deferred(Napi::Promise::Deferred::New(env)), results(Napi::Persistent(Napi::Array::New(env))) {}

  Napi::Promise::Deferred deferred;
  Napi::Reference<Napi::Array> results;  // what the callback returned for each value, in order
  std::thread thread;
};

// On the env's thread: fn(value, index); its result (or the exception it threw, caught: an exception left pending in
// a thread-safe call has nobody to catch it) goes into the results.
void Deliver(Napi::Env env, Napi::Function fn, Producer* producer, uint32_t index, double value) {
  Napi::Array results = producer->results.Value();
  try {
    results.Set(index, fn.Call({Napi::Number::New(env, value), Napi::Number::New(env, index)}));
  } catch (const Napi::Error& e) {
    results.Set(index, Napi::String::New(env, Threw(e)));
  }
}

// produceTyped: the CallJs of a TypedThreadSafeFunction is a function of the type, given the context.
struct TypedProducer {
  explicit TypedProducer(Napi::Env env) : deferred(Napi::Promise::Deferred::New(env)) {}

  Napi::Promise::Deferred deferred;
  std::thread thread;
  uint32_t delivered = 0;
  uint32_t threw = 0;
};

// env is null when the function was aborted or its env is going away: the value is only freed then.
void DeliverTyped(Napi::Env env, Napi::Function fn, TypedProducer* producer, double* value) {
  std::unique_ptr<double> owned(value);
  if (env == nullptr) {
    return;
  }
  producer->delivered++;
  try {
    fn.Call({Napi::Number::New(env, *value)});
  } catch (const Napi::Error&) {
    producer->threw++;
  }
}

using TypedProducerFunction = Napi::TypedThreadSafeFunction<TypedProducer, double, DeliverTyped>;

// fillQueue and abortQueued: every call made on the caller's thread, so the env's thread cannot take a value before
// the call returns (Node's main thread is busy; here the call holds the context): the statuses do not depend on
// timing.
struct QueueProbe {
  explicit QueueProbe(Napi::Env env) : deferred(Napi::Promise::Deferred::New(env)) {}

  Napi::Promise::Deferred deferred;
  std::vector<std::string> statuses;
  uint32_t delivered = 0;
};

// A value that counts itself in `alive` while it exists (abortQueued shows that aborted values are freed).
struct Item {
  Item(double v, uint32_t* counter) : value(v), alive(counter) { ++*alive; }
  ~Item() { --*alive; }
  Item(const Item&) = delete;
  Item& operator=(const Item&) = delete;

  double value;
  uint32_t* alive;
};

// Without an env (after Abort) the context may be gone already (Node runs the finalizer first): only the item is
// touched.
void DeliverItem(Napi::Env env, Napi::Function fn, QueueProbe* probe, Item* item) {
  std::unique_ptr<Item> owned(item);
  if (env == nullptr) {
    return;
  }
  probe->delivered++;
  try {
    fn.Call({Napi::Number::New(env, item->value)});
  } catch (const Napi::Error&) {
    // fillQueue reports what was delivered, not what the callback made of it
  }
}

using QueueProbeFunction = Napi::TypedThreadSafeFunction<QueueProbe, Item, DeliverItem>;

// The finalizer of fillQueue and abortQueued: { statuses, delivered }.
void SettleQueueProbe(Napi::Env env, void*, QueueProbe* probe) {
  Napi::Object outcome = Napi::Object::New(env);
  outcome.Set("statuses", ToArray(env, probe->statuses));
  outcome.Set("delivered", Napi::Number::New(env, probe->delivered));
  probe->deferred.Resolve(outcome);
  delete probe;
}

}  // namespace

Napi::Value Produce(const Napi::CallbackInfo& info) {
  RequireFunctionAndCount(info, "produce: (function, count) expected");
  Napi::Env env = info.Env();
  uint32_t count = info[1].As<Napi::Number>().Uint32Value();
  Producer* producer = new Producer(env);
  Napi::Promise promise = producer->deferred.Promise();
  Napi::ThreadSafeFunction tsfn = Napi::ThreadSafeFunction::New(
      env, info[0].As<Napi::Function>(), "naa_examples.produce", kProducerQueue, 1, producer,
      [](Napi::Env, Producer* done) {
        if (done->thread.joinable()) {
          done->thread.join();  // it released the function: it is returning
        }
        done->deferred.Resolve(done->results.Value());
        delete done;
      });
  // The finalizer cannot run before this call returns (the env's thread is here), so `thread` is set in time.
  producer->thread = StartProducer(env, tsfn, [tsfn, producer, count] {
    for (uint32_t i = 0; i < count; i++) {
      double square = static_cast<double>(i) * i;
      napi_status status = tsfn.BlockingCall([producer, i, square](Napi::Env callEnv, Napi::Function fn) {
        Deliver(callEnv, fn, producer, i, square);
      });
      if (status != napi_ok) {
        break;  // napi_closing: aborted, or the env is going away
      }
    }
    tsfn.Release();
  });
  return promise;
}

Napi::Value ProduceTyped(const Napi::CallbackInfo& info) {
  RequireFunctionAndCount(info, "produceTyped: (function, count) expected");
  Napi::Env env = info.Env();
  uint32_t count = info[1].As<Napi::Number>().Uint32Value();
  TypedProducer* producer = new TypedProducer(env);
  Napi::Promise promise = producer->deferred.Promise();
  TypedProducerFunction tsfn = TypedProducerFunction::New(
      env, info[0].As<Napi::Function>(), "naa_examples.produceTyped", kProducerQueue, 1, producer,
      [](Napi::Env finalizeEnv, void*, TypedProducer* done) {
        if (done->thread.joinable()) {
          done->thread.join();
        }
        Napi::Object outcome = Napi::Object::New(finalizeEnv);
        outcome.Set("delivered", Napi::Number::New(finalizeEnv, done->delivered));
        outcome.Set("threw", Napi::Number::New(finalizeEnv, done->threw));
        done->deferred.Resolve(outcome);
        delete done;
      });
  // Fibonacci numbers: 1, 1, 2, 3, 5...
  producer->thread = StartProducer(env, tsfn, [tsfn, count] {
    double previous = 0;
    double current = 1;
    for (uint32_t i = 0; i < count; i++) {
      double* value = new double(current);
      if (tsfn.BlockingCall(value) != napi_ok) {
        delete value;  // not queued: still ours
        break;
      }
      double next = previous + current;
      previous = current;
      current = next;
    }
    tsfn.Release();
  });
  return promise;
}

Napi::Value FillQueue(const Napi::CallbackInfo& info, uint32_t* alive) {
  if (info.Length() < 3 || !info[0].IsFunction() || !info[1].IsNumber() || !info[2].IsNumber()) {
    throw Napi::TypeError::New(info.Env(), "fillQueue: (function, maxQueue, calls) expected");
  }
  Napi::Env env = info.Env();
  size_t maxQueue = info[1].As<Napi::Number>().Uint32Value();
  uint32_t calls = info[2].As<Napi::Number>().Uint32Value();
  QueueProbe* probe = new QueueProbe(env);
  Napi::Promise promise = probe->deferred.Promise();
  QueueProbeFunction tsfn = QueueProbeFunction::New(env, info[0].As<Napi::Function>(), "naa_examples.fillQueue",
                                                    maxQueue, 1, probe, SettleQueueProbe);
  for (uint32_t i = 0; i < calls; i++) {
    Item* item = new Item(i, alive);
    napi_status status = tsfn.NonBlockingCall(item);
    if (status != napi_ok) {
      delete item;
    }
    probe->statuses.push_back(StatusName(status));
  }
  probe->statuses.push_back("Release " + StatusName(tsfn.Release()));
  return promise;
}

Napi::Value AbortQueued(const Napi::CallbackInfo& info, uint32_t* alive) {
  RequireFunctionAndCount(info, "abortQueued: (function, count) expected");
  Napi::Env env = info.Env();
  uint32_t count = info[1].As<Napi::Number>().Uint32Value();
  QueueProbe* probe = new QueueProbe(env);
  Napi::Promise promise = probe->deferred.Promise();
  QueueProbeFunction tsfn = QueueProbeFunction::New(env, info[0].As<Napi::Function>(), "naa_examples.abortQueued",
                                                    0, 1, probe, SettleQueueProbe);
  std::vector<std::string>& statuses = probe->statuses;
  statuses.push_back("Acquire " + StatusName(tsfn.Acquire()));  // as a second producer would: two holds
  for (uint32_t i = 0; i < count; i++) {
    Item* item = new Item(i, alive);
    napi_status status = tsfn.NonBlockingCall(item);
    if (status != napi_ok) {
      delete item;
    }
    statuses.push_back(StatusName(status));
  }
  statuses.push_back("Abort " + StatusName(tsfn.Abort()));
  Item* late = new Item(count, alive);
  napi_status status = tsfn.NonBlockingCall(late);
  if (status != napi_ok) {
    delete late;
  }
  statuses.push_back("after Abort " + StatusName(status));
  statuses.push_back("Release " + StatusName(tsfn.Release()));
  return promise;
}

}  // namespace tsfn_examples
