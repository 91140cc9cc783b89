// naa_examples: an addon written with node-addon-api (the C++ wrapper of Node-API most addons use), built with the
// author kit and run unchanged in Node and in this runtime. See docs/node-addon-api.md.
//
// What it shows, one export (or class) each:
//   Counter                     Napi::ObjectWrap: constructor argument, increment(by), the value accessor (get/set)
//   applyTwice(fn, x)           a function taking a callback: fn(fn(x))
//   fail(code, message)         a Napi::Error with a `code` property, thrown as a C++ exception
//   sumFloat64(array)           the sum of a Float64Array
//   makeBuffer(text)            a Buffer the addon makes (the text's UTF-8 bytes, reversed)
//   addBigInts(a, b)            BigInt in and out (lossless int64)
//   calls()                     instance data: Napi::Addon<T> counts the calls of this env's exports
//   sumLater(n)                 Napi::AsyncWorker: 1 + 2 + ... + n on the async pool, a promise of the sum
//   failLater(message)          Napi::AsyncWorker whose Execute fails (SetError): a promise rejected with message
//   settle(ok, value)           Napi::Promise::Deferred used directly: a promise resolved with value, or rejected
//                               with an Error of that message
// and free functions that reach the above with plain values only (what Java can pass today):
//   countWithCounter(start, n), applyTwiceAdd(x, k), sumOfList(list), failCode(code, message), run().
// run() returns the addon's observations as lines: the differential test compares them with Node's; so does
// probes() (probes.cc), for the rest of node-addon-api that addons commonly use.
#include <napi.h>

#include <cstdint>
#include <string>
#include <vector>

#include "probes.h"

namespace {

class Counter : public Napi::ObjectWrap<Counter> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "Counter",
                       {InstanceMethod<&Counter::Increment>("increment"),
                        InstanceAccessor<&Counter::GetValue, &Counter::SetValue>("value"),
                        StaticValue("initial", Napi::Number::New(env, 0))});
  }

  explicit Counter(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Counter>(info) {
    if (info.Length() > 0 && !info[0].IsUndefined()) {
      if (!info[0].IsNumber()) {
        throw Napi::TypeError::New(info.Env(), "Counter: the start value must be a number");
      }
      value_ = info[0].As<Napi::Number>().DoubleValue();
    }
  }

 private:
  Napi::Value Increment(const Napi::CallbackInfo& info) {
    double by = info.Length() > 0 && info[0].IsNumber() ? info[0].As<Napi::Number>().DoubleValue() : 1;
    value_ += by;
    return Napi::Number::New(info.Env(), value_);
  }

  Napi::Value GetValue(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), value_); }

  void SetValue(const Napi::CallbackInfo& info, const Napi::Value& value) {
    if (!value.IsNumber()) {
      throw Napi::TypeError::New(info.Env(), "Counter: value must be a number");
    }
    value_ = value.As<Napi::Number>().DoubleValue();
  }

  double value_ = 0;
};

Napi::Error CodedError(Napi::Env env, const std::string& code, const std::string& message) {
  Napi::Error error = Napi::Error::New(env, message);
  error.Set("code", Napi::String::New(env, code));
  return error;
}

// A Napi::AsyncWorker that settles a promise: Execute runs on the pool (no Napi:: there), OnOK/OnError on the env's
// thread (Node's main thread; a drain of the context's loop here). The worker deletes itself after them.
class SumWorker : public Napi::AsyncWorker {
 public:
  SumWorker(Napi::Env env, uint32_t n, std::string failure)
      : Napi::AsyncWorker(env), n_(n), failure_(std::move(failure)), deferred_(Napi::Promise::Deferred::New(env)) {}

  Napi::Promise Promise() const { return deferred_.Promise(); }

 protected:
  void Execute() override {
    if (!failure_.empty()) {
      SetError(failure_);
      return;
    }
    for (uint32_t i = 1; i <= n_; i++) {
      sum_ += i;
    }
  }

  void OnOK() override { deferred_.Resolve(Napi::Number::New(Env(), static_cast<double>(sum_))); }

  void OnError(const Napi::Error& error) override { deferred_.Reject(error.Value()); }

 private:
  uint32_t n_;
  std::string failure_;
  uint64_t sum_ = 0;
  Napi::Promise::Deferred deferred_;
};

class Examples : public Napi::Addon<Examples> {
 public:
  Examples(Napi::Env env, Napi::Object exports) {
    Napi::Function counter = Counter::Define(env);
    counter_ = Napi::Persistent(counter);
    DefineAddon(exports, {
                             InstanceValue("Counter", counter, napi_enumerable),
                             InstanceMethod<&Examples::ApplyTwice>("applyTwice", napi_enumerable),
                             InstanceMethod<&Examples::Fail>("fail", napi_enumerable),
                             InstanceMethod<&Examples::SumFloat64>("sumFloat64", napi_enumerable),
                             InstanceMethod<&Examples::MakeBuffer>("makeBuffer", napi_enumerable),
                             InstanceMethod<&Examples::AddBigInts>("addBigInts", napi_enumerable),
                             InstanceMethod<&Examples::Calls>("calls", napi_enumerable),
                             InstanceMethod<&Examples::CountWithCounter>("countWithCounter", napi_enumerable),
                             InstanceMethod<&Examples::ApplyTwiceAdd>("applyTwiceAdd", napi_enumerable),
                             InstanceMethod<&Examples::SumOfList>("sumOfList", napi_enumerable),
                             InstanceMethod<&Examples::FailCode>("failCode", napi_enumerable),
                             InstanceMethod<&Examples::Run>("run", napi_enumerable),
                             InstanceMethod<&Examples::RunProbes>("probes", napi_enumerable),
                             InstanceMethod<&Examples::SumLater>("sumLater", napi_enumerable),
                             InstanceMethod<&Examples::FailLater>("failLater", napi_enumerable),
                             InstanceMethod<&Examples::Settle>("settle", napi_enumerable),
                         });
  }

 private:
  // applyTwice(fn, x): fn(fn(x)). An exception fn throws propagates to the caller.
  Napi::Value ApplyTwice(const Napi::CallbackInfo& info) {
    calls_++;
    if (info.Length() < 2 || !info[0].IsFunction()) {
      throw Napi::TypeError::New(info.Env(), "applyTwice: (function, value) expected");
    }
    Napi::Function fn = info[0].As<Napi::Function>();
    Napi::Value once = fn.Call({info[1]});
    return fn.Call({once});
  }

  // fail(code, message): throws an Error whose code property is `code`.
  Napi::Value Fail(const Napi::CallbackInfo& info) {
    calls_++;
    std::string code = info[0].ToString().Utf8Value();
    std::string message = info[1].ToString().Utf8Value();
    throw CodedError(info.Env(), code, message);
  }

  Napi::Value SumFloat64(const Napi::CallbackInfo& info) {
    calls_++;
    if (!info[0].IsTypedArray() || info[0].As<Napi::TypedArray>().TypedArrayType() != napi_float64_array) {
      throw CodedError(info.Env(), "ERR_EXPECTED_FLOAT64ARRAY", "sumFloat64: a Float64Array expected");
    }
    Napi::Float64Array array = info[0].As<Napi::Float64Array>();
    double sum = 0;
    for (size_t i = 0; i < array.ElementLength(); i++) {
      sum += array[i];
    }
    return Napi::Number::New(info.Env(), sum);
  }

  Napi::Value MakeBuffer(const Napi::CallbackInfo& info) {
    calls_++;
    std::string text = info[0].ToString().Utf8Value();
    Napi::Buffer<uint8_t> buffer = Napi::Buffer<uint8_t>::New(info.Env(), text.size());
    for (size_t i = 0; i < text.size(); i++) {
      buffer.Data()[i] = static_cast<uint8_t>(text[text.size() - 1 - i]);
    }
    return buffer;
  }

  Napi::Value AddBigInts(const Napi::CallbackInfo& info) {
    calls_++;
    if (!info[0].IsBigInt() || !info[1].IsBigInt()) {
      throw Napi::TypeError::New(info.Env(), "addBigInts: two BigInts expected");
    }
    bool lossless_a = false;
    bool lossless_b = false;
    int64_t a = info[0].As<Napi::BigInt>().Int64Value(&lossless_a);
    int64_t b = info[1].As<Napi::BigInt>().Int64Value(&lossless_b);
    if (!lossless_a || !lossless_b) {
      throw CodedError(info.Env(), "ERR_OUT_OF_RANGE", "addBigInts: an operand does not fit in 64 bits");
    }
    return Napi::BigInt::New(info.Env(), a + b);
  }

  Napi::Value Calls(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), ++calls_); }

  // countWithCounter(start, n): a Counter made with `new`, incremented n times through its method, then doubled
  // through the value accessor; answers the value read back.
  Napi::Value CountWithCounter(const Napi::CallbackInfo& info) {
    calls_++;
    Napi::Env env = info.Env();
    Napi::Object counter = counter_.New({info[0]});
    Napi::Function increment = counter.Get("increment").As<Napi::Function>();
    uint32_t n = info[1].As<Napi::Number>().Uint32Value();
    for (uint32_t i = 0; i < n; i++) {
      increment.Call(counter, {});
    }
    double value = counter.Get("value").As<Napi::Number>().DoubleValue();
    counter.Set("value", Napi::Number::New(env, value * 2));
    return counter.Get("value");
  }

  // applyTwiceAdd(x, k): applyTwice with a function made here (x + k), through the export itself.
  Napi::Value ApplyTwiceAdd(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    double k = info[1].As<Napi::Number>().DoubleValue();
    Napi::Function add = Napi::Function::New(env, [k](const Napi::CallbackInfo& inner) -> Napi::Value {
      return Napi::Number::New(inner.Env(), inner[0].As<Napi::Number>().DoubleValue() + k);
    });
    Napi::Function applyTwice = info.This().As<Napi::Object>().Get("applyTwice").As<Napi::Function>();
    return applyTwice.Call({add, info[0]});
  }

  // sumOfList(list): the numbers of a plain array copied into a Float64Array, summed by sumFloat64.
  Napi::Value SumOfList(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Napi::Array list = info[0].As<Napi::Array>();
    Napi::Float64Array array = Napi::Float64Array::New(env, list.Length());
    for (uint32_t i = 0; i < list.Length(); i++) {
      array[i] = list.Get(i).As<Napi::Number>().DoubleValue();
    }
    Napi::Function sum = info.This().As<Napi::Object>().Get("sumFloat64").As<Napi::Function>();
    return sum.Call({array});
  }

  // failCode(code, message): calls fail and answers the caught error's code and message (no exception escapes).
  Napi::Value FailCode(const Napi::CallbackInfo& info) {
    Napi::Function fail = info.This().As<Napi::Object>().Get("fail").As<Napi::Function>();
    try {
      fail.Call({info[0], info[1]});
    } catch (const Napi::Error& e) {
      return Napi::String::New(info.Env(), e.Get("code").ToString().Utf8Value() + ": " + e.Message());
    }
    return Napi::String::New(info.Env(), "fail did not throw");
  }

  Napi::Value Run(const Napi::CallbackInfo& info);

  // sumLater(n): a promise of 1 + 2 + ... + n, computed by a SumWorker on the async pool.
  Napi::Value SumLater(const Napi::CallbackInfo& info) {
    if (info.Length() < 1 || !info[0].IsNumber()) {
      throw Napi::TypeError::New(info.Env(), "sumLater: a number expected");
    }
    SumWorker* worker = new SumWorker(info.Env(), info[0].As<Napi::Number>().Uint32Value(), "");
    worker->Queue();
    return worker->Promise();
  }

  // failLater(message): a promise the worker's Execute rejects (SetError), with an Error of that message.
  Napi::Value FailLater(const Napi::CallbackInfo& info) {
    std::string message = info.Length() > 0 && info[0].IsString() ? info[0].As<Napi::String>().Utf8Value() : "";
    SumWorker* worker = new SumWorker(info.Env(), 0, message.empty() ? "failLater: no message" : message);
    worker->Queue();
    return worker->Promise();
  }

  // settle(ok, value): Napi::Promise::Deferred directly, settled before it is returned.
  Napi::Value Settle(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Napi::Promise::Deferred deferred = Napi::Promise::Deferred::New(env);
    if (info.Length() > 0 && info[0].ToBoolean().Value()) {
      deferred.Resolve(info.Length() > 1 ? info[1] : env.Undefined());
    } else {
      deferred.Reject(Napi::Error::New(env, info.Length() > 1 ? info[1].ToString().Utf8Value() : "rejected").Value());
    }
    return deferred.Promise();
  }

  Napi::Value RunProbes(const Napi::CallbackInfo& info) { return Probes(info.Env()); }

  Napi::FunctionReference counter_;
  uint32_t calls_ = 0;
};

// One observation a line, "label: value". An exception becomes its line instead of the value.
class Lines {
 public:
  explicit Lines(Napi::Env env) : env_(env) {}

  template <typename F>
  void Add(const std::string& label, F observe) {
    std::string value;
    try {
      value = observe();
    } catch (const Napi::Error& e) {
      Napi::Value code = e.Value().Get("code");
      value = "threw " + std::string(code.IsString() ? code.As<Napi::String>().Utf8Value() + " " : "") + e.Message();
    }
    lines_.push_back(label + ": " + value);
  }

  Napi::Array ToArray() const {
    Napi::Array array = Napi::Array::New(env_, lines_.size());
    for (uint32_t i = 0; i < lines_.size(); i++) {
      array.Set(i, Napi::String::New(env_, lines_[i]));
    }
    return array;
  }

 private:
  Napi::Env env_;
  std::vector<std::string> lines_;
};

std::string Show(const Napi::Value& value) {
  if (value.IsBigInt()) {
    bool lossless = false;
    return std::to_string(value.As<Napi::BigInt>().Int64Value(&lossless)) + "n";
  }
  if (value.IsBuffer()) {
    Napi::Buffer<char> buffer = value.As<Napi::Buffer<char>>();
    return "Buffer(" + std::to_string(buffer.Length()) + ") " + std::string(buffer.Data(), buffer.Length());
  }
  return value.ToString().Utf8Value();
}

Napi::Value Examples::Run(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object exports = info.This().As<Napi::Object>();
  auto call = [&exports](const char* name, const std::vector<napi_value>& args) {
    return exports.Get(name).As<Napi::Function>().Call(exports, args);
  };
  Lines lines(env);
  Napi::Function counterClass = counter_.Value();
  lines.Add("typeof Counter", [&] { return std::string(counterClass.IsFunction() ? "function" : "other"); });
  lines.Add("Counter.initial", [&] { return Show(counterClass.Get("initial")); });
  lines.Add("new Counter(5).increment()", [&] {
    Napi::Object c = counterClass.New({Napi::Number::New(env, 5)});
    return Show(c.Get("increment").As<Napi::Function>().Call(c, {}));
  });
  lines.Add("counter is instanceof Counter", [&] {
    Napi::Object c = counterClass.New({});
    return std::string(c.InstanceOf(counterClass) ? "true" : "false");
  });
  lines.Add("counter.value = 'x'", [&] {
    Napi::Object c = counterClass.New({});
    c.Set("value", Napi::String::New(env, "x"));
    return Show(c.Get("value"));
  });
  lines.Add("new Counter('x')", [&] { return Show(counterClass.New({Napi::String::New(env, "x")})); });
  lines.Add("countWithCounter(3, 4)",
            [&] { return Show(call("countWithCounter", {Napi::Number::New(env, 3), Napi::Number::New(env, 4)})); });
  lines.Add("applyTwiceAdd(1, 10)",
            [&] { return Show(call("applyTwiceAdd", {Napi::Number::New(env, 1), Napi::Number::New(env, 10)})); });
  lines.Add("applyTwice(not a function)", [&] {
    return Show(call("applyTwice", {Napi::Number::New(env, 1), Napi::Number::New(env, 2)}));
  });
  lines.Add("applyTwice(throwing callback)", [&] {
    Napi::Function thrower = Napi::Function::New(env, [](const Napi::CallbackInfo& inner) -> Napi::Value {
      throw CodedError(inner.Env(), "ERR_FROM_CALLBACK", "the callback threw");
    });
    return Show(call("applyTwice", {thrower, Napi::Number::New(env, 1)}));
  });
  lines.Add("fail('ERR_DEMO', 'it failed')",
            [&] { return Show(call("fail", {Napi::String::New(env, "ERR_DEMO"), Napi::String::New(env, "it failed")}));
            });
  lines.Add("failCode('ERR_DEMO', 'caught')", [&] {
    return Show(call("failCode", {Napi::String::New(env, "ERR_DEMO"), Napi::String::New(env, "caught")}));
  });
  lines.Add("sumOfList([1.5, 2.25, -1])", [&] {
    Napi::Array list = Napi::Array::New(env, 3);
    list.Set(0u, 1.5);
    list.Set(1u, 2.25);
    list.Set(2u, -1.0);
    return Show(call("sumOfList", {list}));
  });
  lines.Add("sumFloat64(Int32Array)",
            [&] { return Show(call("sumFloat64", {Napi::Int32Array::New(env, 2)})); });
  lines.Add("makeBuffer('abc')", [&] { return Show(call("makeBuffer", {Napi::String::New(env, "abc")})); });
  lines.Add("addBigInts(2^40, -1)", [&] {
    return Show(call("addBigInts", {Napi::BigInt::New(env, int64_t{1} << 40), Napi::BigInt::New(env, int64_t{-1})}));
  });
  lines.Add("addBigInts(2^64, 1)", [&] {
    uint64_t words[2] = {0, 1};
    return Show(call("addBigInts", {Napi::BigInt::New(env, 0, 2, words), Napi::BigInt::New(env, int64_t{1})}));
  });
  lines.Add("calls() twice", [&] {
    uint32_t first = call("calls", {}).As<Napi::Number>().Uint32Value();
    uint32_t second = call("calls", {}).As<Napi::Number>().Uint32Value();
    return std::to_string(second - first);
  });
  lines.Add("Env.GetInstanceData is this addon",
            [&] { return std::string(env.GetInstanceData<Examples>() == this ? "true" : "false"); });
  lines.Add("settle(true, 1) IsPromise", [&] { return std::string(call("settle", {Napi::Boolean::New(env, true),
                                                                       Napi::Number::New(env, 1)}).IsPromise()
                                                                      ? "yes" : "no"); });
  lines.Add("sumLater(3) IsPromise", [&] {
    return std::string(call("sumLater", {Napi::Number::New(env, 3)}).IsPromise() ? "yes" : "no");
  });
  return lines.ToArray();
}

}  // namespace

NODE_API_ADDON(Examples)
