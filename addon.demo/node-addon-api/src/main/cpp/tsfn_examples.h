// The Napi::ThreadSafeFunction and Napi::TypedThreadSafeFunction examples of naa_examples (see tsfn_examples.cc).
#ifndef NAA_EXAMPLES_TSFN_EXAMPLES_H
#define NAA_EXAMPLES_TSFN_EXAMPLES_H

#include <napi.h>

#include <cstdint>

namespace tsfn_examples {

// produce(fn, n): a std::thread calls fn(value, index) through a Napi::ThreadSafeFunction (BlockingCall); the
// finalizer joins the thread and resolves the promise with fn's results.
Napi::Value Produce(const Napi::CallbackInfo& info);

// produceTyped(fn, n): the same with a Napi::TypedThreadSafeFunction<Context, double, CallJs>; the promise resolves
// with the number of values fn received.
Napi::Value ProduceTyped(const Napi::CallbackInfo& info);

// fillQueue(fn, maxQueue, calls): NonBlockingCall `calls` times from the caller's thread into a queue of maxQueue;
// the promise resolves with each call's status (napi_queue_full once the queue is full). `alive`: as below.
Napi::Value FillQueue(const Napi::CallbackInfo& info, uint32_t* alive);

// abortQueued(fn, n): n values queued, then Abort: the promise resolves with the statuses; the queued values reach
// CallJs with no env (to be freed), never fn. `alive` counts the values allocated and not freed yet.
Napi::Value AbortQueued(const Napi::CallbackInfo& info, uint32_t* alive);

}  // namespace tsfn_examples

#endif
